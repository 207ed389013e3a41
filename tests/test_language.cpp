// Stage 3: paragraphs and their languages.
#include "hanidx/language.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using hanidx::Lang;
using hanidx::lang_tag;
using hanidx::split_paragraphs;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "tag|text" for every paragraph, in order.
std::vector<std::string> labelled(std::string_view text, Lang force = Lang::Und) {
    std::vector<std::string> out;
    for (const auto& p : split_paragraphs(text, force))
        out.push_back(std::string(lang_tag(p.lang)) + "|" +
                      std::string(text.substr(p.begin, p.end - p.begin)));
    return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("every line of the bilingual bulletin seed gets its language") {
    // Line number (1-based) of every non-blank line and its language. Lines
    // alternate Chinese and Japanese; kanji-only lines such as 当日交流的情景
    // (Chinese, 的) and COVID-19支援 (the Chinese heading of the paragraph
    // below it) and the mixed heading 中心办公室搬家 事務所移転 (starts in
    // Chinese) are the hard ones.
    const std::vector<std::pair<int, std::string>> expected = {
        {4, "zh-Hans"}, {6, "ja"}, {10, "zh-Hans"}, {11, "ja"}, {16, "zh-Hans"}, {17, "ja"},
        {19, "zh-Hans"}, {21, "ja"}, {25, "zh-Hans"}, {26, "ja"}, {30, "zh-Hans"}, {31, "ja"},
        {33, "zh-Hans"}, {35, "ja"}, {39, "zh-Hans"}, {40, "ja"}, {44, "zh-Hans"}, {45, "ja"},
        {47, "zh-Hans"}, {49, "ja"}, {53, "zh-Hans"}, {55, "ja"}, {57, "zh-Hans"}, {59, "ja"},
        {63, "zh-Hans"}, {65, "ja"}, {69, "zh-Hans"}, {70, "ja"}, {74, "zh-Hans"}, {75, "ja"},
        {77, "zh-Hans"}, {79, "ja"}, {81, "zh-Hans"}, {83, "ja"}, {88, "zh-Hans"}, {89, "ja"},
        {93, "zh-Hans"}, {94, "ja"}, {96, "zh-Hans"}, {98, "ja"}, {102, "zh-Hans"}, {103, "ja"},
        {107, "zh-Hans"}, {108, "ja"}, {110, "zh-Hans"}, {112, "ja"}, {117, "zh-Hans"},
        {118, "ja"}, {122, "zh-Hans"}, {123, "ja"}, {125, "zh-Hans"}, {127, "ja"},
        {131, "zh-Hans"}, {132, "ja"}, {136, "zh-Hans"}, {137, "ja"}, {139, "en"},
        {141, "zh-Hans"}, {143, "zh-Hans"}, {145, "ja"}, {147, "ja"}, {152, "zh-Hans"},
        {153, "ja"}, {157, "zh-Hans"}, {159, "ja"}, {161, "zh-Hans"}, {165, "zh-Hans"},
        {167, "ja"}, {171, "zh-Hans"}, {173, "ja"},
    };
    const std::string text = read_file(std::string(HANIDX_CORPORA) + "/002_c2fb2b48e16b2881.txt");
    REQUIRE(!text.empty());
    auto paragraphs = split_paragraphs(text);
    REQUIRE(paragraphs.size() == expected.size());
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        const auto& p = paragraphs[i];
        int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + p.begin, '\n'));
        CAPTURE(text.substr(p.begin, p.end - p.begin));
        CHECK(line == expected[i].first);
        CHECK(lang_tag(p.lang) == expected[i].second);
    }
}

TEST_CASE("a traditional Chinese notice is zh-Hant, a simplified one zh-Hans") {
    CHECK(labelled("國立臺灣大學醫學院附設醫院藥劑部公告\n日期：2021年3月15日\n"
                   "本院藥劑部自四月一日起調整門診領藥時間。\n") ==
          Lines{"zh-Hant|國立臺灣大學醫學院附設醫院藥劑部公告", "zh-Hant|日期：2021年3月15日",
                "zh-Hant|本院藥劑部自四月一日起調整門診領藥時間。"});
    CHECK(labelled("国立医院药剂部公告\n本院药剂部自四月一日起调整门诊领药时间。") ==
          Lines{"zh-Hans|国立医院药剂部公告", "zh-Hans|本院药剂部自四月一日起调整门诊领药时间。"});
}

TEST_CASE("a kanji-only Japanese heading between Japanese lines is Japanese") {
    // 院長会議 has no kana and no Japanese-only form: the neighbours decide.
    CHECK(labelled("薬剤部門の窓口受付時間を変更します。\n院長会議\n本日は休診です。\n") ==
          Lines{"ja|薬剤部門の窓口受付時間を変更します。", "ja|院長会議", "ja|本日は休診です。"});
    // Japanese-only forms decide on their own: 亀 総 (Chinese 龟 总 / 龜 總).
    CHECK(labelled("亀田総合病院") == Lines{"ja|亀田総合病院"});
    CHECK(labelled("元広島県議会議員。") == Lines{"ja|元広島県議会議員。"});
    // A mix of shared simplified (学) and traditional (東) forms is Japanese.
    CHECK(labelled("東京大学医学部") == Lines{"ja|東京大学医学部"});
    // The same kind of heading between Chinese lines stays Chinese.
    CHECK(labelled("医院公告\n院长会议\n今天休诊。\n") ==
          Lines{"zh-Hans|医院公告", "zh-Hans|院长会议", "zh-Hans|今天休诊。"});
}

TEST_CASE("Chinese with a katakana loanword stays Chinese") {
    CHECK(labelled("新型コロナウイルス疫情在全球爆发。在中国医疗物资紧缺的时候，中心在日本募集医用口罩。") ==
          Lines{"zh-Hans|新型コロナウイルス疫情在全球爆发。在中国医疗物资紧缺的时候，中心在日本募集医用口罩。"});
}

TEST_CASE("English, numbers and blank lines") {
    CHECK(labelled("The Japanese Latest Cancer Treatment Technology Seminar\r\n\r\n  \n2013-08-07\n"
                   "Medical Excellence JAPAN 医疗\n") ==
          Lines{"en|The Japanese Latest Cancer Treatment Technology Seminar", "und|2013-08-07",
                "en|Medical Excellence JAPAN 医疗"});
    CHECK(labelled("COVID-19対応") == Lines{"ja|COVID-19対応"});
}

TEST_CASE("the language override labels every paragraph") {
    CHECK(labelled("亀田総合病院\nhello\n", Lang::ZhHant) ==
          Lines{"zh-Hant|亀田総合病院", "zh-Hant|hello"});
}

TEST_CASE("overlong lines are cut at character boundaries") {
    std::string line;
    while (line.size() < 150 * 1024) line += "醫院";
    auto paragraphs = split_paragraphs(line);
    REQUIRE(paragraphs.size() == 3);
    CHECK(paragraphs[0].begin == 0);
    CHECK(paragraphs[0].end % 3 == 0);
    CHECK(paragraphs[0].end <= 64 * 1024);
    CHECK(paragraphs[1].begin == paragraphs[0].end);
    CHECK(paragraphs[2].end == line.size());
    for (const auto& p : paragraphs) CHECK(p.lang == Lang::ZhHant);
}
