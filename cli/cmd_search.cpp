// hanidx search: run a query and print the hits for people or for scripts.
//
// Finding and printing are separate: Searcher returns hits; the printers
// below (text, JSON Lines, paths) decide how they look.
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "query_flags.hpp"
#include "hanidx/search.hpp"

namespace hanidx::cli {

namespace {

struct SearchCliOptions {
    Common common;
    std::string user_dict;
    std::vector<std::string> query;
    std::string format = "text";
    std::size_t limit = 10;
    std::size_t offset = 0;
    bool null_sep = false;
    bool count = false;
    bool explain = false;
    bool all_duplicates = false;
    std::string sort = "relevance";
    std::string color = "auto";
    QueryFlags query_flags;
};

/// --color resolved against the environment: an explicit always/never wins;
/// auto means a terminal, without NO_COLOR (any value but empty) or TERM=dumb.
bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::string_view(term) == "dumb") return false;
    return stdout_is_tty();
}

constexpr std::string_view sgr_match = "\x1b[1;31m";
constexpr std::string_view sgr_title = "\x1b[1m";
constexpr std::string_view sgr_path = "\x1b[35m";
constexpr std::string_view sgr_dim = "\x1b[2m";
constexpr std::string_view sgr_reset = "\x1b[0m";

std::string paint(std::string_view s, std::string_view sgr, bool color) {
    if (!color) return std::string(s);
    std::string out(sgr);
    out.append(s).append(sgr_reset);
    return out;
}

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

int run_search(SearchCliOptions opt) {
    std::string query;
    for (const std::string& w : opt.query) {
        if (!query.empty()) query += ' ';
        query += w;
    }
    if (opt.null_sep && opt.format == "text") opt.format = "paths";  // -0 alone means NUL-separated paths
    SegmenterOptions seg;
    seg.user_dict = opt.user_dict;
    Searcher searcher(resolve_db(opt.common), seg);
    SearchOptions so;
    apply_query_flags(opt.query_flags, so);
    if (opt.explain) {
        out(searcher.explain(query, so));
        flush_out();
        return ok;
    }
    so.limit = opt.limit;
    so.offset = opt.offset;
    so.snippets = opt.format != "paths" && !opt.count;
    so.metadata = opt.format != "paths";  // a path listing prints paths only
    so.count_only = opt.count;
    so.collapse_duplicates = !opt.all_duplicates;
    so.sort = opt.sort == "date" ? SortOrder::Date : opt.sort == "-date" ? SortOrder::DateDesc : SortOrder::Relevance;
    Results r = searcher.search(query, so);

    if (opt.count) {
        out(std::to_string(r.total) + "\n");
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
        out(paint(std::to_string(r.total) + " documents match; these are " + std::to_string(opt.offset + 1) + "-" +
                      std::to_string(shown_to) +
                      (shown_to < r.total ? " (--offset " + std::to_string(shown_to) + " for more, --limit 0 for all)" : "") +
                      "\n",
                  sgr_dim, color));
    if (opt.format == "json")
        print_json({{"type", "summary"},
                    {"query", query},
                    {"total", r.total},
                    {"returned", r.hits.size()},
                    {"offset", opt.offset},
                    {"limit", opt.limit}});
    flush_out();
    return r.total == 0 ? no_match : ok;
}

}  // namespace

/// A count: CLI11 would read "-1" into a size_t as the largest value.
const CLI::Validator non_negative(
    [](std::string& s) { return s.starts_with("-") ? std::string("must be 0 or more, not ") + s : std::string(); },
    "N");

Runner setup_search(CLI::App& app) {
    auto opt = std::make_shared<SearchCliOptions>();
    add_db_option(app, opt->common);
    app.add_option("--user-dict", opt->user_dict,
                   "user dictionary the documents were indexed with (segments the query the same way)");
    app.add_option("query", opt->query,
                   "the query; several arguments are joined with spaces (put -- before a query "
                   "that starts with -)")
        ->required();
    app.add_option("--format", opt->format, "output: text, json (JSON Lines) or paths")
        ->check(CLI::IsMember({"text", "json", "paths"}))
        ->capture_default_str();
    app.add_option("-n,--limit", opt->limit, "most hits to print; 0 for all")
        ->check(non_negative)
        ->capture_default_str();
    app.add_option("--offset", opt->offset, "skip this many hits first")->check(non_negative);
    app.add_flag("-0,--null", opt->null_sep, "print paths ending with NUL, not newline (implies --format paths)");
    app.add_flag("-c,--count", opt->count, "print only the number of matching documents");
    app.add_option("--sort", opt->sort, "order: relevance, date (oldest first) or -date (newest first)")
        ->check(CLI::IsMember({"relevance", "date", "-date"}))
        ->capture_default_str();
    app.add_flag("--all-duplicates", opt->all_duplicates,
                 "show every copy of a duplicated article (default: one hit per text)");
    add_query_flags(app, opt->query_flags);
    app.add_flag("--explain", opt->explain, "print the parsed query and the terms it became; do not search");
    app.add_option("--color,--colour", opt->color, "colour: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.footer(
        "Query syntax (man hanidx, QUERIES):\n"
        "  a b           both; Han/kana text as a substring, an English word also its other forms\n"
        "  \"a b\"         the words in order       a OR b   NOT a   -a   (a b)\n"
        "  a NEAR/N b    within N words/characters, either order;  \"a b\"~N: the phrase's words so\n"
        "  word:京都     whole words only (not the 京都 of 東京都);  transplant*: English prefix\n"
        "  title:X  lang:ja  path:DIR  date:2020-01..2020-06  NAME:VALUE (a metadata field)\n"
        "  -F takes the query as text (a pasted headline); --kana: どこも finds ドコモ");
    return [opt] { return run_search(*opt); };
}

const Command register_search{"search", "search the database", setup_search, 20};

}  // namespace hanidx::cli
