// Stage 4: NFKC + case folding + Han variant folding, and the way back to
// source byte offsets.
#include "hanidx/normalize.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using hanidx::fold_han_variant;
using hanidx::normalize;
using hanidx::normalize_text;

namespace {

std::size_t utf8_length(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("simplified, traditional and shinjitai forms normalize to one form") {
    // Each row: forms of one word that must index and query alike, then that form.
    struct Row {
        std::vector<std::string> forms;
        std::string folded;
    };
    const Row rows[] = {
        {{"医院", "醫院"}, "医院"},
        {{"広", "廣", "广"}, "广"},
        {{"歴史", "歷史", "历史"}, "历史"},
        {{"国立", "國立"}, "国立"},
        {{"薬剤", "藥劑", "药剂"}, "药剂"},
        {{"亀田総合病院", "龜田總合病院", "龟田总合病院"}, "龟田总合病院"},
        {{"発表", "發表", "发表"}, "发表"},
        {{"髪型", "髮型", "发型"}, "发型"},
        // Traditional forms that simplified Chinese merged fold into the merged form.
        {{"乾燥", "干燥"}, "干燥"},
        {{"後天", "后天"}, "后天"},
        {{"餘地", "余地"}, "余地"},
        // Taiwan and Hong Kong variants meet the mainland forms.
        {{"為了", "爲了", "为了"}, "为了"},
        {{"裡面", "裏面", "里面"}, "里面"},
        {{"温度", "溫度"}, "温度"},
        // Everyday Japanese forms of rare Chinese characters.
        {{"芸術", "藝術", "艺术"}, "艺术"},
        {{"横浜", "橫濱", "横滨"}, "横滨"},
        {{"豊田", "豐田", "丰田"}, "丰田"},
    };
    for (const Row& row : rows)
        for (const std::string& form : row.forms) {
            CAPTURE(form);
            CHECK(normalize_text(form) == row.folded);
        }
}

TEST_CASE("Chinese characters with their own meaning are not merged with a Japanese reading") {
    CHECK(normalize_text("给予") == "给予");  // Japanese 予 = 豫, Chinese 予 = give
    CHECK(normalize_text("欠款") == "欠款");  // Japanese 欠 = 缺, Chinese 欠 = owe
    CHECK(normalize_text("上海沪") == "上海沪");
    CHECK(normalize_text("連絡") == "连络");
}

TEST_CASE("variant folding is idempotent and keeps UTF-8 lengths, for every code point") {
    std::size_t folded = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        char32_t f = fold_han_variant(c);
        if (f == c) continue;
        ++folded;
        INFO("U+" << std::hex << static_cast<unsigned>(c));
        REQUIRE(fold_han_variant(f) == f);
        REQUIRE(utf8_length(f) == utf8_length(c));
    }
    CHECK(folded > 3000);  // OpenCC's character tables, not a hand list
}

TEST_CASE("normalize is idempotent on whole documents") {
    for (const char* name : {"000_d41035ad88cb1252.txt", "002_c2fb2b48e16b2881.txt"}) {
        std::string text = read_file(std::string(HANIDX_CORPORA) + "/" + name);
        REQUIRE(!text.empty());
        std::string once = normalize_text(text);
        CHECK(normalize_text(once) == once);
    }
}

TEST_CASE("NFKC, case and width folding") {
    CHECK(normalize_text("ＡＢＣ Hello") == "abc hello");
    CHECK(normalize_text("ｶﾀｶﾅ") == "カタカナ");
    CHECK(normalize_text("ﾃﾞｰﾀ") == "データ");
    CHECK(normalize_text("㍻") == "平成");
    CHECK(normalize_text("１２３") == "123");
    CHECK(normalize_text("soft\u00ADhyphen") == "softhyphen");
}

TEST_CASE("offsets lead back to the source bytes through NFKC changes") {
    // Source: "ＡＢＣ醫院ﾃﾞｰﾀ㍻" - width folding shrinks, ﾃﾞ combines, ㍻ expands,
    // and 醫 -> 医 keeps its length.
    const std::string src = "ＡＢＣ醫院ﾃﾞｰﾀ㍻";
    hanidx::Normalized n = normalize(src);
    REQUIRE(n.text == "abc医院データ平成");
    // Each row: a span of the normalized text and the source span it came from.
    struct Span {
        std::string norm;
        std::size_t begin, end;
        std::string source;
    };
    const Span spans[] = {
        {"a", 0, 1, "Ａ"},       {"abc", 0, 3, "ＡＢＣ"}, {"c", 2, 3, "Ｃ"},
        {"医院", 3, 9, "醫院"}, {"デ", 9, 12, "ﾃﾞ"},    {"データ", 9, 18, "ﾃﾞｰﾀ"},
        {"平成", 18, 24, "㍻"},  {"平", 18, 21, "㍻"},
    };
    for (const Span& s : spans) {
        CAPTURE(s.norm);
        REQUIRE(n.text.substr(s.begin, s.end - s.begin) == s.norm);
        std::size_t b = n.source_begin(s.begin), e = n.source_end(s.end);
        CHECK(src.substr(b, e - b) == s.source);
    }
}

TEST_CASE("regression: a line of a million alternating combining marks keeps 30 and normalizes in linear time") {
    // U+0301 (ccc 230) and U+0316 (ccc 220) alternate, so canonical ordering
    // has to move every mark; ICU sorts a combining sequence by insertion,
    // which took minutes on a 2 MB line. Runs past 30 non-starters are
    // dropped (UAX #15 stream-safe limit), the rest of the text stays.
    std::string marks;
    for (int i = 0; i < 500000; ++i) marks += "\u0301\u0316";
    const std::string src = "before a" + marks + " after";
    hanidx::Normalized n = normalize(src);
    // "a" + U+0301 composes to U+00E1; 15 U+0316 and 14 U+0301 follow, then " after".
    std::string want = "before \u00E1";
    for (int i = 0; i < 15; ++i) want += "\u0316";
    for (int i = 0; i < 14; ++i) want += "\u0301";
    CHECK(n.text == want + " after");
    CHECK(normalize_text(n.text) == n.text);
    // " after" still maps back to its own bytes at the end of the source.
    const std::size_t after = n.text.find(" after");
    CHECK(n.source_begin(after) == src.size() - 6);
    CHECK(n.source_end(n.text.size()) == src.size());
}

TEST_CASE("regression: more than 30 combining marks on one letter normalize idempotently") {
    // 40 marks of mixed classes after a letter that decomposes (U+01D6 = u
    // + U+0308 + U+0304): the kept run is the same on a second pass.
    std::string src = "x\u01D6";
    for (int i = 0; i < 20; ++i) src += "\u0316\u0344";  // U+0344 decomposes into two marks
    src += "y";
    const std::string once = normalize_text(src);
    CHECK(normalize_text(once) == once);
    CHECK(once.starts_with("x"));
    CHECK(once.ends_with("y"));
}

TEST_CASE("Japanese keeps 着 and 著 apart, Chinese folds Taiwan's 著 for the particle 着") {
    CHECK(normalize("到着と著者", hanidx::Lang::Ja).text == "到着と著者");
    CHECK(normalize("看著", hanidx::Lang::ZhHant).text == "看着");
    CHECK(normalize("看著", hanidx::Lang::ZhHans).text == "看着");
    CHECK(normalize_text("看著") == "看着");                          // no language: fold
    CHECK(normalize("醫院と國", hanidx::Lang::Ja).text == "医院と国");  // other variants fold in Japanese too
    CHECK(hanidx::japanese_distinct(U'著'));
    CHECK(hanidx::japanese_distinct(U'着'));
    CHECK(!hanidx::japanese_distinct(U'醫'));
    CHECK(hanidx::japanese_forms(U'著') == U"著");
    CHECK(hanidx::japanese_forms(U'医').empty());
}
