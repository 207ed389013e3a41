// hanidx search: run a query and print the hits for people or for scripts.
//
// Finding and printing are separate: Searcher returns hits; the printers
// below (text, JSON Lines, paths) decide how they look.
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/count.hpp"
#include "hanidx/search.hpp"
#include "select.hpp"

namespace hanidx::cli {

namespace {

struct SearchCliOptions {
    Selection select;
    std::string format = "text";
    std::size_t limit = 10;
    std::size_t offset = 0;
    bool null_sep = false;
    bool count = false;
    bool explain = false;
    bool estimate = false;
    std::string facets;  // comma-separated count keys
    std::string sort = "relevance";
    std::string color = "auto";
};

std::string highlighted(const Hit& h, bool color) {
    if (!color) return h.snippet;
    std::string s;
    std::size_t at = 0;
    for (const Span& m : h.snippet_matches) {
        s.append(h.snippet, at, m.begin - at);
        s += paint(std::string_view(h.snippet).substr(m.begin, m.end - m.begin), sgr_match, true);
        at = m.end;
    }
    s.append(h.snippet, at);
    return s;
}

nlohmann::ordered_json spans_json(const std::vector<Span>& spans) {
    auto a = nlohmann::ordered_json::array();
    for (const Span& s : spans) a.push_back({s.begin, s.end});
    return a;
}

nlohmann::ordered_json languages_json(const std::string& langs) {
    auto a = nlohmann::ordered_json::array();
    std::size_t at = 0;
    while (at < langs.size()) {
        std::size_t sp = langs.find(' ', at);
        if (sp == std::string::npos) sp = langs.size();
        if (sp > at) a.push_back(langs.substr(at, sp - at));
        at = sp + 1;
    }
    return a;
}

void print_json(const nlohmann::ordered_json& j) {
    out(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    out("\n");
}

void print_text(const Hit& h, bool color) {
    std::string s = paint(std::to_string(h.rank) + ".", sgr_dim, color) + " ";
    s += paint(h.title.empty() ? h.path : h.title, sgr_title, color);
    s += "\n   " + paint(h.path, sgr_path, color);
    if (!h.date.empty()) s += "  " + h.date;
    if (!h.languages.empty()) s += "  [" + h.languages + "]";
    if (!h.snippet.empty()) s += "\n   " + highlighted(h, color);
    s += "\n\n";
    out(s);
}

/// Most buckets of one facet the text output lists.
constexpr std::size_t max_facet_buckets = 20;

void print_facets_text(const Counts& facets, bool color) {
    for (const Tally& t : facets.tallies) {
        std::string line = paint(t.key + ":", sgr_dim, color);
        std::size_t shown = 0, hidden = 0;
        for (const Bucket& b : t.buckets) {
            if (b.documents == 0) continue;  // the empty months between filled ones
            if (shown == max_facet_buckets) {
                ++hidden;
                continue;
            }
            line += (shown++ ? ", " : " ") + b.name + " " + std::to_string(b.documents);
        }
        if (hidden) line += ", ... (" + std::to_string(hidden) + " more: --format json, or hanidx count --by " + t.key + ")";
        out(line + "\n");
    }
}

nlohmann::ordered_json facets_json(const Counts& facets) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const Tally& t : facets.tallies) {
        auto a = nlohmann::ordered_json::array();
        for (const Bucket& b : t.buckets)
            if (b.documents) a.push_back({{"bucket", b.name}, {"documents", b.documents}});
        j[t.key] = std::move(a);
    }
    return j;
}

int run_search(SearchCliOptions opt) {
    const std::string query = opt.select.query_text();
    if (opt.null_sep && opt.format == "text") opt.format = "paths";  // -0 alone means NUL-separated paths
    std::unique_ptr<Searcher> opened = opt.select.open();
    Searcher& searcher = *opened;
    if (opt.explain) {
        out(searcher.explain(query));
        flush_out();
        return ok;
    }
    SearchOptions so;
    so.limit = opt.limit;
    so.offset = opt.offset;
    so.snippets = opt.format != "paths" && !opt.count;
    so.metadata = opt.format != "paths";  // a path listing prints paths only
    so.count_only = opt.count;
    so.collapse_duplicates = !opt.select.all_duplicates;
    so.estimate = opt.estimate;
    so.sort = opt.sort == "date" ? SortOrder::Date : opt.sort == "-date" ? SortOrder::DateDesc : SortOrder::Relevance;
    Results r = searcher.search(query, so);

    // Facets count every match, not only the hits shown (documents only).
    std::vector<std::string> facet_keys;
    for (std::size_t at = 0; at < opt.facets.size();) {
        std::size_t comma = std::min(opt.facets.find(',', at), opt.facets.size());
        if (comma > at) facet_keys.push_back(opt.facets.substr(at, comma - at));
        at = comma + 1;
    }
    Counts facets;
    if (!facet_keys.empty() && !opt.count && opt.format != "paths")
        facets = count(searcher, query, facet_keys, opt.select.scan(so.sort, false));

    if (opt.count) {
        out((opt.estimate ? "about " : "") + std::to_string(r.total) + "\n");
        flush_out();
        return r.total ? ok : no_match;
    }
    const bool color = opt.format == "text" && use_color(opt.color);
    for (const Hit& h : r.hits) {
        if (opt.format == "paths") {
            out(h.path);
            out(opt.null_sep ? std::string_view("\0", 1) : std::string_view("\n"));
        } else if (opt.format == "json") {
            print_json({{"type", "match"},
                        {"rank", h.rank},
                        {"path", h.path},
                        {"title", h.title},
                        {"date", h.date.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(h.date)},
                        {"languages", languages_json(h.languages)},
                        {"score", h.score},
                        {"snippet", h.snippet},
                        {"snippet_matches", spans_json(h.snippet_matches)},
                        {"matches", spans_json(h.matches)}});
        } else {
            print_text(h, color);
        }
    }
    const std::size_t shown_to = opt.offset + r.hits.size();
    if (opt.format == "text" && !r.hits.empty() && (opt.offset > 0 || shown_to < r.total))
        out(paint((r.total_is_estimate ? "about " : "") + std::to_string(r.total) + " documents match; these are " + std::to_string(opt.offset + 1) + "-" +
                      std::to_string(shown_to) +
                      (shown_to < r.total ? " (--offset " + std::to_string(shown_to) + " for more, --limit 0 for all)" : "") +
                      "\n",
                  sgr_dim, color));
    if (opt.format == "text") print_facets_text(facets, color);
    if (opt.format == "json") {
        nlohmann::ordered_json summary{{"type", "summary"},
                                       {"query", query},
                                       {"total", r.total},
                                       {"total_is_estimate", r.total_is_estimate},
                                       {"returned", r.hits.size()},
                                       {"offset", opt.offset},
                                       {"limit", opt.limit}};
        if (!facets.tallies.empty()) summary["facets"] = facets_json(facets);
        print_json(summary);
    }
    flush_out();
    return r.total == 0 ? no_match : ok;
}

}  // namespace

Runner setup_search(CLI::App& app) {
    auto opt = std::make_shared<SearchCliOptions>();
    add_selection(app, opt->select);
    app.add_option("--format", opt->format, "output: text, json (JSON Lines) or paths")
        ->check(CLI::IsMember({"text", "json", "paths"}))
        ->capture_default_str();
    app.add_option("-n,--limit", opt->limit, "most hits to print; 0 for all")
        ->check(non_negative)
        ->capture_default_str();
    app.add_option("--offset", opt->offset, "skip this many hits first")->check(non_negative);
    app.add_flag("-0,--null", opt->null_sep, "print paths ending with NUL, not newline (implies --format paths)");
    app.add_flag("-c,--count", opt->count, "print only the number of matching documents");
    app.add_flag("--estimate", opt->estimate,
                 "let the total (-c, the footer, the JSON summary) be Xapian's estimate, labelled "
                 "\"about\" (faster on huge result sets; default: the exact count)");
    app.add_option("--facets", opt->facets,
                   "after the hits, the matching documents counted by these count keys "
                   "(comma-separated: year, month, day, lang, dir, or a metadata field)");
    app.add_option("--sort", opt->sort, "order: relevance, date (oldest first) or -date (newest first)")
        ->check(CLI::IsMember({"relevance", "date", "-date"}))
        ->capture_default_str();
    app.add_flag("--explain", opt->explain, "print the parsed query and the terms it became; do not search");
    add_color_option(app, opt->color);
    return [opt] { return run_search(*opt); };
}

const Command register_search{"search", "search the database", setup_search, 20};

}  // namespace hanidx::cli
