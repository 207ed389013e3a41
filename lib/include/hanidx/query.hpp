// hanidx/query.hpp - the query language: query text -> a syntax tree.
//
// No Xapian here: search.cpp turns the tree into a Xapian query, running
// every text leaf through the same analyzer as the documents.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hanidx {

/** One node of a parsed query.
 *
 *  Grammar (operators are upper case; anything else is text):
 *
 *      query   := or
 *      or      := and ("OR" and)*
 *      and     := unary (["AND"] unary)*          words are ANDed by default
 *      unary   := "NOT" unary | "-" primary | primary
 *      primary := "(" or ")" | FIELD ":" value | '"' phrase '"' | word ["*"]
 *      FIELD   := "title" | "lang" | "path" | "date"
 *
 *  Quotes may also be written “...” or 「...」, whitespace includes U+3000
 *  IDEOGRAPHIC SPACE. A word not followed by a known field name and a colon
 *  ("http://x", "12:30") is plain text.
 */
struct QueryNode {
    enum Kind {
        And,   ///< every child matches
        Or,    ///< some child matches
        Not,   ///< one child, which must not match
        Text,  ///< words or a phrase (see text, quoted, prefix, title)
        Lang,  ///< documents with a paragraph in language `text` ("ja", "zh", "zh-Hant", "en")
        Path,  ///< documents whose path matches `text` (see search.hpp)
        Date,  ///< documents dated within [date_from, date_to]
    };
    Kind kind = Text;
    std::vector<QueryNode> children;  ///< And, Or: two or more; Not: one
    std::string text;                 ///< Text: the raw words; Lang: the tag; Path: the pattern
    bool quoted = false;              ///< Text: written in quotes (exact words in order, no stems)
    bool prefix = false;              ///< Text: ended with "*" (English prefix wildcard)
    bool title = false;               ///< Text: under title: (match the title only)
    std::string date_from;            ///< Date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty: open
    std::string date_to;              ///< Date: as date_from; empty: open
    std::size_t column = 0;           ///< 1-based column (in characters) where the node starts
};

/// Limits that bound the work a query can cause.
inline constexpr std::size_t max_query_depth = 32;    ///< nested parentheses / NOTs
inline constexpr std::size_t max_query_leaves = 256;  ///< words, phrases and fields

/** Parse @p query.
 *  @throws QueryError with a one-line message naming the problem, the
 *          column and the text from there on, e.g.
 *          "query: unbalanced parenthesis at column 1: (医院 OR".
 */
QueryNode parse_query(std::string_view query);

/// The tree as an S-expression, e.g. (and "医院" (or title:"heart" lang:ja)).
std::string to_string(const QueryNode& node);

}  // namespace hanidx
