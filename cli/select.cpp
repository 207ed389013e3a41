#include "select.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace hanidx::cli {

std::string Selection::query_text() const {
    std::string q;
    for (const std::string& w : query) {
        if (!q.empty()) q += ' ';
        q += w;
    }
    return q;
}

std::unique_ptr<Searcher> Selection::open() const {
    SegmenterOptions seg;
    seg.user_dict = user_dict;
    return std::make_unique<Searcher>(resolve_db(common), seg);
}

ScanOptions Selection::scan(SortOrder sort, bool occurrences) const {
    ScanOptions o;
    o.sort = sort;
    o.collapse_duplicates = !all_duplicates;
    o.occurrences = occurrences;
    return o;
}

void add_selection(CLI::App& app, Selection& s) {
    add_db_option(app, s.common);
    app.add_option("--user-dict", s.user_dict,
                   "user dictionary the documents were indexed with (segments the query the same way)");
    app.add_option("query", s.query,
                   "the query; several arguments are joined with spaces (put -- before a query "
                   "that starts with -)")
        ->required();
    app.add_flag("--all-duplicates", s.all_duplicates,
                 "every copy of a duplicated article (default: one per text)");
}

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::string_view(term) == "dumb") return false;
    return stdout_is_tty();
}

void add_color_option(CLI::App& app, std::string& mode) {
    app.add_option("--color,--colour", mode, "colour: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
}

std::size_t terminal_columns() {
    struct winsize ws {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    if (const char* c = std::getenv("COLUMNS"); c && *c) {
        char* end = nullptr;
        const long n = std::strtol(c, &end, 10);
        if (*end == '\0' && n > 0 && n < 10000) return static_cast<std::size_t>(n);
    }
    return 80;
}

const CLI::Validator non_negative(
    [](std::string& s) { return s.starts_with("-") ? std::string("must be 0 or more, not ") + s : std::string(); },
    "N");

}  // namespace hanidx::cli
