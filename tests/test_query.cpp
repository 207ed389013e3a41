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

namespace {

std::string tree_with(const std::string& q, const hanidx::ParseOptions& o) { return to_string(parse_query(q, o)); }

std::string error_with(const std::string& q, const hanidx::ParseOptions& o) {
    try {
        parse_query(q, o);
    } catch (const QueryError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("proximity: \"a b\"~N and NEAR/N, never a word \"3\"") {
    struct Case {
        const char* query;
        const char* tree;
    };
    const Case cases[] = {
        {"\"interest rates\"~3", "(near/3 \"interest rates\")"},
        {"医院 NEAR/5 北京", "(near/5 医院 北京)"},
        {"医院 NEAR 北京", "(near/10 医院 北京)"},  // Xapian's default window
        {"a NEAR/2 \"b c\" NEAR/4 d", "(near/4 a \"b c\" d)"},  // a chain: the largest N
        {"x a NEAR/1 b OR y", "(or (and x (near/1 a b)) y)"},  // binds tighter than AND and OR
        {"near a", "(and near a)"},                              // lower case: a word
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        CHECK(tree(c.query) == c.tree);
    }
    CHECK(error_of("\"a b\"~") == "query: ~ after a phrase needs a number from 0 to 999 (\"a b\"~3) at column 6: ~");
    CHECK(error_of("\"a b\"~x") == "query: ~ after a phrase needs a number from 0 to 999 (\"a b\"~3) at column 6: ~x");
    CHECK(error_of("a NEAR/x b") == "query: NEAR/N needs a number from 0 to 999 at column 3: NEAR/x b");
    CHECK(error_of("a NEAR") == "query: NEAR needs a query on both sides at column 3: NEAR");
    CHECK(error_of("a NEAR/3 lang:ja") ==
          "query: NEAR joins words or phrases (not fields, groups, NOT or wildcards) at column 10: lang:ja");
}

TEST_CASE("an unknown field is an error naming the known fields, not a silent phrase") {
    CHECK(error_of("source:xinhua") == "query: unknown field 'source' at column 1 (fields: title, lang, path, date, word)");
    hanidx::ParseOptions o;
    o.fields = {"source", "url"};
    CHECK(error_with("医院 sourse:xinhua", o) ==
          "query: unknown field 'sourse' at column 4 (fields: title, lang, path, date, word, source, url)");
    CHECK(tree_with("source:Xinhua 医院", o) == "(and source:\"Xinhua\" 医院)");
    CHECK(tree_with("SOURCE:\"New China\"", o) == "source:\"New China\"");
    CHECK(tree_with("source:xin*", o) == "source:\"xin\"*");
    auto n = parse_query("source:xinhua", o);
    CHECK(n.kind == hanidx::QueryNode::Field);
    CHECK(n.field == "source");
    // A colon that does not follow a bare ASCII word, or a URL or path, is text.
    for (const char* text : {"http://x.org", "12:30", "C:\\temp", "file:/tmp/x", "mailto:a@b.org", "東京:大阪",
                             "Note:"}) {
        CAPTURE(text);
        CHECK(tree(text) == text);
    }
}

TEST_CASE("word: marks a whole-word leaf") {
    auto n = parse_query("word:京都");
    CHECK(n.kind == hanidx::QueryNode::Text);
    CHECK(n.word);
    CHECK(n.text == "京都");
    CHECK(tree("word:\"東京 大学\"") == "word:\"東京 大学\"");
}

TEST_CASE("literal: the whole query is one text leaf, whatever it holds") {
    hanidx::ParseOptions o;
    o.literal = true;
    for (const char* q : {"BAKER SAYS U.S. NOT SEEKING IADB VETO", "QATAR\"S BANKS", "(a OR b", "source:xinhua",
                          "-x NEAR/3 y"}) {
        CAPTURE(q);
        auto n = parse_query(q, o);
        CHECK(n.kind == hanidx::QueryNode::Text);
        CHECK(!n.quoted);
        CHECK(n.text == q);
    }
    CHECK(parse_query("  a b \n", o).text == "a b");
    CHECK_THROWS_AS(parse_query(" ", o), QueryError);
}
