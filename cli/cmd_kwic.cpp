// hanidx kwic: every occurrence of a query in its context (keyword in
// context), one line each, contexts aligned by display width.
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/count.hpp"
#include "hanidx/width.hpp"
#include "select.hpp"

namespace hanidx::cli {

namespace {

struct KwicCliOptions {
    Selection select;
    std::size_t width = 30;
    std::string sort = "doc";
    std::string format = "text";
    std::size_t limit = 50;
    std::size_t offset = 0;
    std::string color = "auto";
};

/// Shown for a line break in a context: U+23CE RETURN SYMBOL.
constexpr std::string_view newline_mark = "⏎";

/// Decode one UTF-8 character of @p s at @p i (moved past it); U+FFFD for a bad byte.
char32_t next_char(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = len == 1 ? b : b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return c;
}

/// A context on one line: a line break (CR LF, LF or CR) as newline_mark,
/// tabs and other controls as spaces, split into characters with their widths.
std::vector<std::pair<std::string, int>> visible(std::string_view s) {
    std::vector<std::pair<std::string, int>> chars;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t from = i;
        const char32_t c = next_char(s, i);
        if (c == '\r' && i < s.size() && s[i] == '\n') continue;  // CR LF: one mark, at the LF
        if (c == '\n' || c == '\r') chars.emplace_back(newline_mark, 1);
        else if (c < 0x20 || c == 0x7F) chars.emplace_back(" ", 1);
        else if (c == 0xFFFD && i - from == 1) chars.emplace_back("\xEF\xBF\xBD", 1);
        else chars.emplace_back(std::string(s.substr(from, i - from)), column_width(c));
    }
    return chars;
}

/// The end of the left context that fits in @p width columns, padded on the left to exactly @p width.
std::string fit_left(std::string_view s, std::size_t width) {
    auto chars = visible(s);
    std::size_t used = 0, first = chars.size();
    while (first > 0 && used + static_cast<std::size_t>(chars[first - 1].second) <= width) used += chars[--first].second;
    std::string out(width - used, ' ');
    for (std::size_t k = first; k < chars.size(); ++k) out += chars[k].first;
    return out;
}

/// The start of the right context that fits in @p width columns; padded on the right with @p pad.
std::string fit_right(std::string_view s, std::size_t width, bool pad) {
    std::string out;
    std::size_t used = 0;
    for (auto& [c, w] : visible(s)) {
        if (used + static_cast<std::size_t>(w) > width) break;
        used += w;
        out += c;
    }
    if (pad) out.append(width - used, ' ');
    return out;
}

/// @p s on one line, whole (for TSV: no tabs or line breaks).
std::string one_line(std::string_view s) {
    std::string out;
    for (auto& [c, w] : visible(s)) out += c;
    return out;
}

void print_kwic_json(const nlohmann::ordered_json& j) {
    out(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    out("\n");
}

int run_kwic(const KwicCliOptions& opt) {
    const std::string query = opt.select.query_text();
    std::unique_ptr<Searcher> searcher = opt.select.open();
    KwicOptions ko;
    ko.scan = opt.select.scan();
    ko.sort = opt.sort == "date" ? KwicSort::Date : opt.sort == "left" ? KwicSort::Left
                                                  : opt.sort == "right" ? KwicSort::Right
                                                                        : KwicSort::Document;
    // Characters are at least one column wide (but for marks): the width in
    // characters is enough context; the JSON gets what the terminal would.
    ko.context = std::max<std::size_t>(opt.width, 1);
    const bool color = opt.format == "text" && use_color(opt.color);
    uint64_t seen = 0, printed = 0;
    bool cut = false;
    kwic(*searcher, query, ko, [&](const KwicLine& l) {
        if (seen++ < opt.offset) return true;
        if (opt.limit != 0 && printed == opt.limit) {
            cut = true;  // one more line than asked for: say so below
            return false;
        }
        ++printed;
        if (opt.format == "json") {
            print_kwic_json({{"type", "occurrence"},
                             {"path", l.path},
                             {"title", l.title},
                             {"date", l.date.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(l.date)},
                             {"length", l.length},
                             {"offset", l.offset},
                             {"left", l.left},
                             {"match", l.match},
                             {"right", l.right}});
        } else if (opt.format == "tsv") {
            out(l.path + "\t" + l.date + "\t" + std::to_string(l.offset) + "\t" + one_line(l.left) + "\t" +
                one_line(l.match) + "\t" + one_line(l.right) + "\n");
        } else {
            out(fit_left(l.left, opt.width) + "  " + paint(one_line(l.match), sgr_match, color) + "  " +
                fit_right(l.right, opt.width, true) + "  " + paint(l.path, sgr_path, color) + "\n");
        }
        return true;
    });
    const uint64_t first = opt.offset + 1, last = opt.offset + printed;
    if (opt.format == "json")
        print_kwic_json({{"type", "summary"},
                         {"query", query},
                         {"returned", printed},
                         {"offset", opt.offset},
                         {"limit", opt.limit},
                         {"more", cut}});
    else if (opt.format == "text" && cut)
        out(paint("lines " + std::to_string(first) + "-" + std::to_string(last) + " (--limit " +
                      std::to_string(opt.limit) + "); --offset " + std::to_string(last) +
                      " for more, --limit 0 for all\n",
                  sgr_dim, color));
    flush_out();
    return seen ? ok : no_match;
}

}  // namespace

Runner setup_kwic(CLI::App& app) {
    auto opt = std::make_shared<KwicCliOptions>();
    add_selection(app, opt->select);
    app.add_option("--width", opt->width, "columns of context on each side (a Han character takes two)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    app.add_option("--sort", opt->sort,
                   "order: doc (documents as search lists them), date (oldest first), left (by the left "
                   "context read backwards from the match), right (by the right context)")
        ->check(CLI::IsMember({"doc", "date", "left", "right"}))
        ->capture_default_str();
    app.add_option("--format", opt->format,
                   "output: text (aligned), tsv (path, date, offset, left, match, right; no header) or json "
                   "(JSON Lines: an occurrence object each, then a summary)")
        ->check(CLI::IsMember({"text", "tsv", "json"}))
        ->capture_default_str();
    app.add_option("-n,--limit", opt->limit, "most lines to print; 0 for all")
        ->check(non_negative)
        ->capture_default_str();
    app.add_option("--offset", opt->offset, "skip this many lines first")->check(non_negative);
    add_color_option(app, opt->color);
    return [opt] { return run_kwic(*opt); };
}

const Command register_kwic{"kwic", "every occurrence of the query in its context (keyword in context)", setup_kwic,
                            24};

}  // namespace hanidx::cli
