// The options that choose documents, shared by search, count and kwic (a
// query option added here is in all three), and the output environment
// they share: colour, terminal width.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "hanidx/search.hpp"

namespace hanidx::cli {

/// What selects the documents: the database, how the query is read, which duplicates.
struct Selection {
    Common common;
    std::string user_dict;
    std::vector<std::string> query;
    bool all_duplicates = false;

    /// The query arguments joined with spaces.
    std::string query_text() const;
    /// The Searcher for --db and --user-dict.
    std::unique_ptr<Searcher> open() const;
    /// ScanOptions with this selection's duplicate rule.
    ScanOptions scan(SortOrder sort = SortOrder::Relevance, bool occurrences = true) const;
};

/// Add --db, --user-dict, --all-duplicates and the query arguments to @p app.
void add_selection(CLI::App& app, Selection& s);

/// --color resolved against the environment: an explicit always/never wins;
/// auto means a terminal, without NO_COLOR (any value but empty) or TERM=dumb.
bool use_color(const std::string& mode);

/// Terminal colours (SGR sequences).
inline constexpr std::string_view sgr_match = "\x1b[1;31m";
inline constexpr std::string_view sgr_title = "\x1b[1m";
inline constexpr std::string_view sgr_path = "\x1b[35m";
inline constexpr std::string_view sgr_dim = "\x1b[2m";
inline constexpr std::string_view sgr_bar = "\x1b[36m";
inline constexpr std::string_view sgr_reset = "\x1b[0m";

/// @p s in colour @p sgr when @p color.
inline std::string paint(std::string_view s, std::string_view sgr, bool color) {
    if (!color) return std::string(s);
    std::string out(sgr);
    out.append(s).append(sgr_reset);
    return out;
}

/// Add --color/--colour to @p app.
void add_color_option(CLI::App& app, std::string& mode);

/// The width of the terminal on stdout (TIOCGWINSZ), else $COLUMNS, else 80.
std::size_t terminal_columns();

/// A count: CLI11 would read "-1" into a size_t as the largest value.
extern const CLI::Validator non_negative;

}  // namespace hanidx::cli
