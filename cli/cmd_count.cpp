// hanidx count: documents and occurrences of a query, in total or per
// bucket (date, language, directory, metadata field); on a terminal a bar chart.
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/count.hpp"
#include "hanidx/width.hpp"
#include "select.hpp"

namespace hanidx::cli {

namespace {

struct CountCliOptions {
    Selection select;
    std::string by;
    std::string format = "text";
    std::string color = "auto";
};

void print_count_json(const nlohmann::ordered_json& j) {
    out(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    out("\n");
}

/// @p s padded with spaces on the left to @p width columns.
std::string pad_left(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return w >= width ? s : std::string(width - w, ' ') + s;
}

/// @p s padded with spaces on the right to @p width columns.
std::string pad_right(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

/// @p s cut to @p width columns, keeping its end ("…/news/2012/07"): a long
/// directory or field value must not push the bars off the terminal.
std::string fit_label(const std::string& s, std::size_t width) {
    if (display_width(s) <= width) return s;
    std::size_t from = 0;
    while (from < s.size() && display_width(std::string_view(s).substr(from)) + 1 > width) {
        ++from;
        while (from < s.size() && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) ++from;
    }
    return "…" + s.substr(from);
}

/// A bar of @p value / @p max of @p width columns, in eighths of a column
/// (U+2588 FULL BLOCK, then U+258F..U+2589 for one to seven eighths); a
/// value above zero shows at least an eighth.
std::string bar(uint64_t value, uint64_t max, std::size_t width) {
    if (value == 0 || max == 0) return {};
    static constexpr const char* eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    auto n = static_cast<std::size_t>(static_cast<double>(value) / static_cast<double>(max) * width * 8 + 0.5);
    n = std::max<std::size_t>(n, 1);
    std::string s;
    for (std::size_t i = 0; i < n / 8; ++i) s += "█";
    return s + eighths[n % 8];
}

/// The buckets as a table with a bar chart of occurrences (of documents
/// when the query occurs nowhere in the text, e.g. a field-only query),
/// fitted to the terminal's width.
void print_chart(const Tally& t, const Counts& c, bool color) {
    const bool by_occurrences = c.occurrences > 0;
    std::size_t label = display_width(t.key);
    uint64_t max = 0;
    std::size_t docs_w = std::string("documents").size(), occ_w = std::string("occurrences").size();
    for (const Bucket& b : t.buckets) {
        label = std::max(label, display_width(b.name));
        max = std::max(max, by_occurrences ? b.occurrences : b.documents);
        docs_w = std::max(docs_w, std::to_string(b.documents).size());
        occ_w = std::max(occ_w, std::to_string(b.occurrences).size());
    }
    label = std::min<std::size_t>(label, 40);
    const std::size_t used = label + 2 + docs_w + 2 + occ_w + 2;
    const std::size_t columns = terminal_columns();
    const std::size_t width = columns > used + 10 ? columns - used - 1 : 10;
    std::string s = paint(pad_right(t.key, label) + "  " + pad_left("documents", docs_w) + "  " +
                              pad_left("occurrences", occ_w),
                          sgr_dim, color) +
                    "\n";
    for (const Bucket& b : t.buckets) {
        s += pad_right(fit_label(b.name, label), label) + "  " + pad_left(std::to_string(b.documents), docs_w) + "  " +
             pad_left(std::to_string(b.occurrences), occ_w) + "  " +
             paint(bar(by_occurrences ? b.occurrences : b.documents, max, width), sgr_bar, color) + "\n";
    }
    s += paint(std::to_string(c.documents) + " documents, " + std::to_string(c.occurrences) + " occurrences; bars: " +
                   (by_occurrences ? "occurrences" : "documents") + "\n",
               sgr_dim, color);
    out(s);
}

int run_count(const CountCliOptions& opt) {
    const std::string query = opt.select.query_text();
    std::unique_ptr<Searcher> searcher = opt.select.open();
    std::vector<std::string> keys;
    if (!opt.by.empty()) keys.push_back(opt.by);
    const Counts c = count(*searcher, query, keys, opt.select.scan());
    if (opt.format == "json") {
        if (!c.tallies.empty())
            for (const Bucket& b : c.tallies[0].buckets)
                print_count_json({{"type", "bucket"},
                                  {"bucket", b.name},
                                  {"documents", b.documents},
                                  {"occurrences", b.occurrences}});
        nlohmann::ordered_json summary{{"type", "summary"}, {"query", query}};
        summary["by"] = opt.by.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(opt.by);
        summary["documents"] = c.documents;
        summary["occurrences"] = c.occurrences;
        if (!c.tallies.empty()) summary["buckets"] = c.tallies[0].buckets.size();
        print_count_json(summary);
    } else if (opt.format == "tsv") {
        std::string s;
        if (c.tallies.empty()) s = std::to_string(c.documents) + "\t" + std::to_string(c.occurrences) + "\n";
        else
            for (const Bucket& b : c.tallies[0].buckets) {
                std::string name = b.name;
                std::replace(name.begin(), name.end(), '\t', ' ');
                std::replace(name.begin(), name.end(), '\n', ' ');
                s += name + "\t" + std::to_string(b.documents) + "\t" + std::to_string(b.occurrences) + "\n";
            }
        out(s);
    } else if (c.tallies.empty()) {
        out(std::to_string(c.documents) + " documents, " + std::to_string(c.occurrences) + " occurrences\n");
    } else if (stdout_is_tty()) {
        print_chart(c.tallies[0], c, use_color(opt.color));
    } else {
        // Not a terminal: the same table without bars, for a pager or a file.
        const Tally& t = c.tallies[0];
        std::size_t label = display_width(t.key);
        for (const Bucket& b : t.buckets) label = std::max(label, display_width(b.name));
        std::string s = pad_right(t.key, label) + "  documents  occurrences\n";
        for (const Bucket& b : t.buckets)
            s += pad_right(b.name, label) + "  " + pad_left(std::to_string(b.documents), 9) + "  " +
                 pad_left(std::to_string(b.occurrences), 11) + "\n";
        s += std::to_string(c.documents) + " documents, " + std::to_string(c.occurrences) + " occurrences\n";
        out(s);
    }
    flush_out();
    return c.documents ? ok : no_match;
}

}  // namespace

Runner setup_count(CLI::App& app) {
    auto opt = std::make_shared<CountCliOptions>();
    add_selection(app, opt->select);
    app.add_option("--by", opt->by,
                   "bucket by: year, month or day (the document's date; undated documents in \"(no date)\"; "
                   "a date less precise than the key is a bucket of its own), lang (every language a "
                   "document has a paragraph in: a document counts, with all its occurrences, in each), dir (the file's "
                   "directory), or a metadata field the index holds");
    app.add_option("--format", opt->format,
                   "output: text (a bar chart on a terminal), tsv (bucket, documents, occurrences; no "
                   "header) or json (JSON Lines: a bucket object each, then a summary)")
        ->check(CLI::IsMember({"text", "tsv", "json"}))
        ->capture_default_str();
    add_color_option(app, opt->color);
    return [opt] { return run_count(*opt); };
}

const Command register_count{"count", "count the matching documents and the query's occurrences, per bucket",
                             setup_count, 22};

}  // namespace hanidx::cli
