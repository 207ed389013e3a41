// Options that change how a query is read, shared by the subcommands that
// take one (search; count and kwic call the same two functions).
#pragma once

#include <CLI/CLI.hpp>

#include "hanidx/search.hpp"

namespace hanidx::cli {

/// How to read the query, as typed.
struct QueryFlags {
    bool literal = false;  ///< -F/--literal
    bool kana = false;     ///< --kana
};

/// Add -F/--literal and --kana to @p cmd.
inline void add_query_flags(CLI::App& cmd, QueryFlags& flags) {
    cmd.add_flag("-F,--literal", flags.literal,
                 "the query is text, not operators: its words in order, as a phrase (paste a headline)");
    cmd.add_flag("--kana", flags.kana,
                 "hiragana and katakana match each other (どこも finds ドコモ), a final ー is optional");
}

/// Copy @p flags into @p options.
inline void apply_query_flags(const QueryFlags& flags, SearchOptions& options) {
    options.literal = flags.literal;
    options.kana = flags.kana;
}

}  // namespace hanidx::cli
