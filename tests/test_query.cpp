// The query language: query text -> syntax tree, and the errors a user sees.
#include <doctest/doctest.h>

#include <string>

#include "hanidx/error.hpp"
#include "hanidx/query.hpp"

using hanidx::parse_query;
using hanidx::QueryError;
using hanidx::to_string;

namespace {

std::string tree(const std::string& q) { return to_string(parse_query(q)); }

std::string error_of(const std::string& q) {
    try {
        parse_query(q);
    } catch (const QueryError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("query syntax -> tree") {
    struct Case {
        const char* query;
        const char* tree;
    };
    const Case cases[] = {
        {"医院", "医院"},
        {"人民 医院", "(and 人民 医院)"},
        {"人民 AND 医院", "(and 人民 医院)"},
        {"医院 OR 病院", "(or 医院 病院)"},
        {"a b OR c", "(or (and a b) c)"},
        {"a (b OR c)", "(and a (or b c))"},
        {"医院 -病院", "(and 医院 (not 病院))"},
        {"医院 NOT 病院", "(and 医院 (not 病院))"},
        {"NOT NOT a", "a"},
        {"-(a OR b) c", "(and (not (or a b)) c)"},
        {"\"heart transplant\"", "\"heart transplant\""},
        {"“人民医院” 「総合病院」", "(and \"人民医院\" \"総合病院\")"},
        {"title:医院", "title:医院"},
        {"title:\"heart transplant\"", "title:\"heart transplant\""},
        {"title:(a OR b)", "(or title:a title:b)"},
        {"lang:ja 病院", "(and lang:ja 病院)"},
        {"lang:ZH-hant", "lang:zh-Hant"},
        {"path:news/zh", "path:\"news/zh\""},
        {"date:2020", "date:2020..2020"},
        {"date:2020-06", "date:2020-06..2020-06"},
        {"date:2020-01-01..2020-12-31", "date:2020-01-01..2020-12-31"},
        {"date:2020/01/01..", "date:2020-01-01.."},
        {"date:..2019", "date:..2019"},
        {"transplant*", "transplant*"},
        {"COVID-19", "COVID-19"},          // a hyphen inside a word is not NOT
        {"http://x.org", "http://x.org"},  // not a field
        {"or and not", "(and or and not)"},  // lower case: words, not operators
        {"医院\u3000病院", "(and 医院 病院)"},   // U+3000 IDEOGRAPHIC SPACE separates words
        {"（医院 OR 病院） 人民", "(and (or 医院 病院) 人民)"},  // full-width parentheses
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        CHECK(tree(c.query) == c.tree);
    }
}

TEST_CASE("node flags and columns") {
    auto n = parse_query("医院 \"heart transplant\" transplant*");
    REQUIRE(n.kind == hanidx::QueryNode::And);
    REQUIRE(n.children.size() == 3);
    CHECK(n.children[0].column == 1);
    CHECK(!n.children[0].quoted);
    CHECK(n.children[1].quoted);
    CHECK(n.children[1].column == 4);  // columns count characters, not bytes
    CHECK(n.children[2].prefix);
    CHECK(n.children[2].text == "transplant");
}

TEST_CASE("syntax errors name the problem, the column and the text from there") {
    struct Case {
        const char* query;
        const char* message;
    };
    const Case cases[] = {
        {"(医院 OR", "query: unbalanced parenthesis at column 1: (医院 OR"},
        {"医院 OR 病院)", "query: unbalanced parenthesis at column 9: )"},
        {"医院 \"人民", "query: unterminated quote at column 4: \"人民"},
        {"()", "query: empty parentheses at column 1: ()"},
        {"OR 医院", "query: OR needs a query on both sides at column 1: OR 医院"},
        {"医院 OR", "query: OR needs a query on both sides at column 4: OR"},
        {"医院 NOT", "query: NOT needs a query after it at column 4: NOT"},
        {"AND 医院", "query: AND needs a query on both sides at column 1: AND 医院"},
        {"title:", "query: title: needs a value at column 1: title:"},
        {"lang:xx", "query: unknown language (known: zh, zh-Hans, zh-Hant, ja, en) at column 1: lang:xx"},
        {"a date:2020-13", "query: bad date (use YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO) at column 3: date:2020-13"},
        {"date:2021..2020", "query: date range ends before it starts at column 1: date:2021..2020"},
        {"   ", "query: empty query at column 1"},
        {"(a\nOR", "query: unbalanced parenthesis at column 1: (a OR"},  // one line, always
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        CHECK(error_of(c.query) == c.message);
    }
}

TEST_CASE("a huge query is rejected quickly, not parsed without bound") {
    std::string words;
    for (int i = 0; words.size() < 100000; ++i) words += "w" + std::to_string(i) + " ";
    CHECK(error_of(words).starts_with("query: too many words and fields (more than 256) at column"));

    std::string parens(100000, '(');
    CHECK(error_of(parens).starts_with("query: unbalanced parenthesis at column 100000"));
    std::string nested;
    for (int i = 0; i < 40; ++i) nested += "(a ";
    for (int i = 0; i < 40; ++i) nested += ")";
    CHECK(error_of(nested).starts_with("query: parentheses nested too deeply"));

    std::string nots;
    for (int i = 0; i < 25000; ++i) nots += "NOT ";
    CHECK(tree(nots + "x") == "x");  // an even number of NOTs, counted without recursion
    CHECK(tree(std::string(100000, '-') + "x") == "x");
}
