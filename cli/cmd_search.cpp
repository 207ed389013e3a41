// hanidx search: run a query and print the hits for people or for scripts.
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/search.hpp"

namespace hanidx::cli {

namespace {

struct SearchCliOptions {
    Common common;
    std::vector<std::string> query;
    std::string format = "text";
    std::size_t limit = 10;
    std::size_t offset = 0;
    bool null_sep = false;
    std::string color = "auto";
};

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::string_view(term) == "dumb") return false;
    return stdout_is_tty();
}

std::string highlighted(const Hit& h, bool color) {
    if (!color) return h.snippet;
    std::string s;
    std::size_t at = 0;
    for (const Span& m : h.snippet_matches) {
        s.append(h.snippet, at, m.begin - at);
        s += "\x1b[1;31m";
        s.append(h.snippet, m.begin, m.end - m.begin);
        s += "\x1b[0m";
        at = m.end;
    }
    s.append(h.snippet, at);
    return s;
}

nlohmann::json spans_json(const std::vector<Span>& spans) {
    auto a = nlohmann::json::array();
    for (const Span& s : spans) a.push_back({s.begin, s.end});
    return a;
}

int run_search(const SearchCliOptions& opt) {
    std::string query;
    for (const std::string& w : opt.query) {
        if (!query.empty()) query += ' ';
        query += w;
    }
    Searcher searcher(resolve_db(opt.common));
    SearchOptions so;
    so.limit = opt.limit;
    so.offset = opt.offset;
    so.snippets = opt.format != "paths";
    Results r = searcher.search(query, so);

    const bool color = opt.format == "text" && use_color(opt.color);
    for (const Hit& h : r.hits) {
        if (opt.format == "paths") {
            out(h.path);
            out(opt.null_sep ? std::string_view("\0", 1) : std::string_view("\n"));
        } else if (opt.format == "json") {
            nlohmann::json j = {{"type", "match"},
                                {"rank", h.rank},
                                {"path", h.path},
                                {"title", h.title},
                                {"date", h.date.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.date)},
                                {"languages", h.languages},
                                {"score", h.score},
                                {"snippet", h.snippet},
                                {"snippet_matches", spans_json(h.snippet_matches)},
                                {"matches", spans_json(h.matches)}};
            out(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            out("\n");
        } else {
            std::string line = std::to_string(h.rank) + ". ";
            line += color ? "\x1b[1m" + (h.title.empty() ? h.path : h.title) + "\x1b[0m"
                          : (h.title.empty() ? h.path : h.title);
            line += "\n   ";
            line += color ? "\x1b[35m" + h.path + "\x1b[0m" : h.path;
            if (!h.date.empty()) line += "  " + h.date;
            if (!h.languages.empty()) line += "  [" + h.languages + "]";
            line += "\n   " + highlighted(h, color) + "\n\n";
            out(line);
        }
    }
    if (opt.format == "json") {
        nlohmann::json s = {{"type", "summary"},
                            {"query", query},
                            {"total", r.total},
                            {"returned", r.hits.size()},
                            {"offset", opt.offset}};
        out(s.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        out("\n");
    }
    flush_out();
    return r.hits.empty() && r.total == 0 ? no_match : ok;
}

}  // namespace

Runner setup_search(CLI::App& app) {
    auto opt = std::make_shared<SearchCliOptions>();
    add_db_option(app, opt->common);
    app.add_option("query", opt->query, "the query; several words are joined with spaces")->required();
    app.add_option("--format", opt->format, "output: text, json (JSON Lines) or paths")
        ->check(CLI::IsMember({"text", "json", "paths"}));
    app.add_option("-n,--limit", opt->limit, "most hits to print; 0 for all")->capture_default_str();
    app.add_option("--offset", opt->offset, "skip this many hits first");
    app.add_flag("-0,--null", opt->null_sep, "with --format paths: end each path with NUL, not newline");
    app.add_option("--color", opt->color, "colour: auto, always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    return [opt] { return run_search(*opt); };
}

const Command register_search{"search", "search the database", setup_search, 20};

}  // namespace hanidx::cli
