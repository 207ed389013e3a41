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
 *      and     := near (["AND"] near)*            words are ANDed by default
 *      near    := unary ("NEAR" ["/" N] unary)*   N: 0-999, default 10
 *      unary   := "NOT" unary | "-" primary | primary
 *      primary := "(" or ")" | FIELD ":" value | '"' phrase '"' ["~" N] | word ["*"]
 *      FIELD   := "title" | "lang" | "path" | "date" | "word" | a metadata field
 *
 *  Quotes may also be written “...” or 「...」, whitespace includes U+3000
 *  IDEOGRAPHIC SPACE. NAME:VALUE with NAME a bare ASCII word that is not a
 *  known field is an error (QueryError naming the known fields); a colon
 *  anywhere else ("http://x", "12:30", "C:\x", "東京:大阪") is plain text.
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
        Field, ///< documents whose metadata field `field` is `text` (prefix: starts with it)
        Near,  ///< children (Text) within `distance` positions of each other, in any order
    };
    Kind kind = Text;
    std::vector<QueryNode> children;  ///< And, Or: two or more; Not: one
    std::string text;                 ///< Text: the raw words; Lang: the tag; Path: the pattern
    bool quoted = false;              ///< Text: written in quotes (exact words in order, no stems)
    bool prefix = false;              ///< Text: ended with "*" (English prefix wildcard)
    bool title = false;               ///< Text: under title: (match the title only)
    bool word = false;                ///< Text: under word: (Han/kana as whole dictionary words)
    std::string field;                ///< Field: the field name (lower case)
    /// Near: most positions between the parts (a Han/kana character or a
    /// word is one position). One child: a quoted phrase whose words are
    /// the parts ("a b"~3); several: each child is a part (a NEAR/3 b).
    std::size_t distance = 0;
    std::string date_from;            ///< Date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty: open
    std::string date_to;              ///< Date: as date_from; empty: open
    std::size_t column = 0;           ///< 1-based column (in characters) where the node starts
};

/// Limits that bound the work a query can cause.
inline constexpr std::size_t max_query_depth = 32;    ///< nested parentheses / NOTs
inline constexpr std::size_t max_query_leaves = 256;  ///< words, phrases and fields

/// How to read a query.
struct ParseOptions {
    /// The query is text: no operators, quotes, parentheses or fields; one
    /// Text node (a pasted headline: all its words, in order, as a phrase).
    bool literal = false;
    /// Metadata field names a query may use as NAME:VALUE besides the
    /// built-in ones (a database lists them; see Searcher).
    std::vector<std::string> fields;
};

/// The built-in field names: title, lang, path, date, word.
const std::vector<std::string>& builtin_fields();

/** Parse @p query.
 *  @throws QueryError with a one-line message naming the problem, the
 *          column and the text from there on, e.g.
 *          "query: unbalanced parenthesis at column 1: (医院 OR".
 */
QueryNode parse_query(std::string_view query, const ParseOptions& options = {});

/// The tree as an S-expression, e.g. (and "医院" (or title:"heart" lang:ja)).
std::string to_string(const QueryNode& node);

}  // namespace hanidx
