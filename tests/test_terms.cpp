// Terms: tokens -> index terms with positions. Han/kana runs are indexed as
// unigrams and bigrams, whatever the segmenter made of them, so that any
// substring a user types finds every document holding it; tokens the
// segmenter glued together (dates, numbers with units, URLs) are indexed as
// their parts as well, so a part alone finds them.
#include <doctest/doctest.h>

#include "hanidx/analyze.hpp"
#include "hanidx/terms.hpp"

using namespace hanidx;

namespace {

// "term[pos]" for positional terms, "term" for the others, in order made.
std::string terms(std::string_view text, Lang lang) {
    Analyzer analyzer;
    std::vector<Token> tokens = analyzer.tokenize(text, lang);
    std::vector<Term> out;
    uint32_t pos = 1;
    make_terms(tokens, pos, out);
    std::string s;
    for (const Term& t : out) {
        if (!s.empty()) s += ' ';
        s += t.name;
        if (t.pos) s += "[" + std::to_string(t.pos) + "]";
    }
    return s;
}

}  // namespace

TEST_CASE("Han runs: unigrams and bigrams at character positions, whole words unpositioned") {
    CHECK(terms("人民医院", Lang::ZhHans) == "人[1] 民[2] 人民[1] W人民 医[3] 民医[2] 院[4] 医院[3] W医院");
}

TEST_CASE("a gap after punctuation keeps phrases from matching across it") {
    CHECK(terms("历史、制度", Lang::ZhHans) == "历[1] 史[2] 历史[1] W历史 制[4] 度[5] 制度[4] W制度");
}

TEST_CASE("a number with its date unit is indexed as number + unit") {
    // The segmenter keeps 2013年 whole; the terms are those of 2013 + 年.
    CHECK(terms("2013年", Lang::ZhHans) == "2013[1] 年[2]");
    CHECK(terms("于2013年举行", Lang::ZhHans) == "于[1] 2013[2] 年[3] 举[4] 年举[3] 行[5] 举行[4] W举行");
}

TEST_CASE("dates, times and signed numbers: whole and parts") {
    CHECK(terms("2013-08-07", Lang::En) == "2013-08-07[1] 2013[1] 08[2] 07[3]");
    CHECK(terms("at 10:30", Lang::En) == "at[1] 10:30[2] 10[2] 30[3]");
    CHECK(terms("-5 3.14 50%", Lang::En) == "-5[1] 5[1] 3.14[2] 50%[3] 50[3]");
}

TEST_CASE("URLs and e-mail addresses: whole and parts") {
    CHECK(terms("https://Example.com/a?b=1", Lang::En) ==
          "https://example.com/a?b=1[1] https[1] example.com[2] a[3] b[4] 1[5]");
    CHECK(terms("someone@example.org", Lang::En) == "someone@example.org[1] someone[1] example.org[2]");
}

TEST_CASE("regression: URL parts are cut where Unicode word boundaries cut (com finds www.ynit580.com)") {
    // '.' joins two letters or two digits only; ',' two digits; '_' anything.
    CHECK(terms("www.ynit580.com", Lang::En) == "www.ynit580.com[1] www.ynit580[1] com[2]");
    CHECK(terms("see @type", Lang::En) == "see[1] @type[2] type[2]");
    CHECK(terms("http://a1.b2_c.org/v1.2", Lang::En) ==
          "http://a1.b2_c.org/v1.2[1] http[1] a1[2] b2_c.org[3] v1.2[4]");
}

TEST_CASE("Japanese: the same n-grams whatever MeCab made of the run") {
    CHECK(terms("病院に", Lang::Ja) == "病[1] 院[2] 病院[1] W病院 に[3] 院に[2]");
}

TEST_CASE("an English possessive is the word and s, whatever the apostrophe") {
    // "year" then finds "year's"; the phrase "year's" finds either apostrophe.
    CHECK(terms("last year's election", Lang::En) == "last[1] year[2] s[3] election[4]");
    CHECK(terms("last year\u2019s election", Lang::En) == "last[1] year[2] s[3] election[4]");
    CHECK(terms("QATAR\"S BANKS", Lang::En) == "qatar[1] s[2] banks[3]");
    CHECK(terms("don't", Lang::En) == "don't[1]");  // only the possessive 's is cut
}

TEST_CASE("C++ and C# are words of their own, in any case") {
    CHECK(terms("C++ and c# or F#", Lang::En) == "c++[1] c[1] and[2] c#[3] c[3] or[4] f#[5] f[5]");
    CHECK(terms("a+b C++11", Lang::En).find("c++") == std::string::npos);  // not glued to more
}
