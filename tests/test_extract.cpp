// Stage 2, extraction: plain text kept as is, HTML as a reader sees it,
// titles and publication dates.
#include <doctest/doctest.h>

#include <string>

#include "hanidx/analyze.hpp"
#include "hanidx/extract.hpp"

using hanidx::extract;
using hanidx::find_date;
using hanidx::Format;

TEST_CASE("plain text is kept byte for byte, the title is its first non-empty line") {
    const std::string text = "\n  \n　北海市人民医院公告  \r\n\r\n正文\t第二行\n";
    auto e = extract(text, Format::Text);
    CHECK(e.text == text);
    CHECK(e.title == "北海市人民医院公告");
}

TEST_CASE("HTML: script and style dropped, entities decoded, blocks become paragraphs") {
    const std::string html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title> 病院 &amp; 医院\n公告 </title>"
        "<style>p { color: red }</style><script>var x = '医院 in script';</script></head>"
        "<body><h1>外来受付</h1><p>2023-01-16 より、<b>受付</b>を変更します。</p>"
        "<div>From&nbsp;January &ndash; on.<br>Second line</div><ul><li>一</li><li>二</li></ul>"
        "<noscript>enable JS</noscript></body></html>";
    auto e = extract(html);
    CHECK(e.title == "病院 & 医院公告");  // the line break sat between two hanzi
    CHECK(e.text ==
          "病院 & 医院公告\n\n外来受付\n\n2023-01-16 より、受付を変更します。\n\nFrom January \u2013 on.\nSecond line\n\n一\n\n二\n");
    CHECK(e.date == "2023-01-16");
}

TEST_CASE("HTML: white space is collapsed, a line break inside CJK text joins it") {
    auto e = extract("<html><body><p>北海市\n人民医院   is\n  here</p><pre>  a\n  b</pre></body></html>");
    CHECK(e.text == "北海市人民医院 is here\n\n  a\n  b\n");
}

TEST_CASE("regression: a word only in the HTML <title> is in the extracted text, once") {
    auto e = extract("<html><head><title>医院公告</title></head><body><p>門診時間</p></body></html>");
    CHECK(e.text == "医院公告\n\n門診時間\n");
    auto same = extract("<html><head><title>医院公告</title></head><body><h1>医院公告</h1><p>門診</p></body></html>");
    CHECK(same.text == "医院公告\n\n門診\n");
}

TEST_CASE("HTML without a <title> takes its first line as title") {
    auto e = extract("<html><body><p>  お知らせ </p><p>本文</p></body></html>");
    CHECK(e.title == "お知らせ");
}

TEST_CASE("HTML: <meta> publication date wins over dates in the text") {
    auto e = extract("<html><head><meta property=\"article:published_time\" content=\"2020-07-14T08:00:00Z\">"
                     "</head><body><p>Founded 1999-01-02.</p></body></html>");
    CHECK(e.date == "2020-07-14");
}

TEST_CASE("HTML nested 10,000 deep or never closed keeps all its text, quickly") {
    std::string deep = "<html><body><p>before</p>";
    for (int i = 0; i < 10000; ++i) deep += "<div><span>";
    deep += "深いところ";
    deep += "<p>after</p>";
    auto e = extract(deep);
    CHECK(e.text == "before\n\n深いところ\n\nafter\n");

    std::string unclosed = "<html><body>";
    for (int i = 0; i < 10000; ++i) unclosed += "<b x='1'>w";
    unclosed += "<p>end &amp; <i>x";
    e = extract(unclosed);
    CHECK(e.text.size() == 10000 + 2 + 8);
    CHECK(e.text.ends_with("w\n\nend & x\n"));
}

TEST_CASE("broken markup is never an error") {
    for (const char* html : {"<html><body><p>a<p>b</body>", "<html><body><<<>>>&#xFFFFFF;&bogus;</",
                             "<html><body><script>never closed", "<html><body><!-- comment", "<html>"}) {
        CAPTURE(html);
        CHECK_NOTHROW(extract(html));
    }
    CHECK(extract("<html><body><p>a<p>b</body>").text == "a\n\nb\n");
    CHECK(extract("<html><body><script>never closed").text.empty());
}

TEST_CASE("publication dates in each form the issue names") {
    struct {
        const char* text;
        const char* iso;
    } golden[] = {
        {"Published 2013-08-07 in Beijing", "2013-08-07"},
        {"日期:2013-08-07 23:54", "2013-08-07"},
        {"日期：２０１３－０８－０７", "2013-08-07"},
        {"2013/8/7", "2013-08-07"},
        {"本报讯 2013年8月7日 电", "2013-08-07"},
        {"2013 年 8 月 7 日", "2013-08-07"},
        {"二〇一三年八月七日", "2013-08-07"},
        {"July 14, 2020", "2020-07-14"},
        {"on Jul. 4th, 1999 they", "1999-07-04"},
        {"14 July 2020", "2020-07-14"},
        {"March 3, 2021", "2021-03-03"},
        {"令和2年", "2020"},
        {"令和3年4月1日", "2021-04-01"},
        {"平成元年1月8日", "1989-01-08"},
        {"昭和六十四年一月七日", "1989-01-07"},
        {"令和二年十二月三十一日", "2020-12-31"},
        {"中華民國110年3月15日", "2021-03-15"},
        {"日期：2013年8月", "2013-08"},
        {"2020年度、2017年8月まで", ""},
        {"no date here, just 12345 and 2013 alone", ""},
        {"2013-13-01 and 2013-02-30 are not dates", ""},
        {"version 1.2.3", ""},
        {"", ""},
    };
    for (const auto& g : golden) {
        CAPTURE(g.text);
        CHECK(find_date(g.text) == g.iso);
    }
}

TEST_CASE("a labelled date wins, then a complete one, then the first") {
    CHECK(find_date("Founded 1999-01-02. 发布时间：2013-08-07") == "2013-08-07");
    CHECK(find_date("令和2年の計画。2021年4月1日に開始") == "2021-04-01");
    CHECK(find_date("2001-02-03 then 2004-05-06") == "2001-02-03");
}

TEST_CASE("extract() finds the date of plain text too") {
    CHECK(extract("Notice\n\nMarch 3, 2021\n", Format::Text).date == "2021-03-03");
}

TEST_CASE("declared_charset reads both <meta> forms") {
    CHECK(hanidx::declared_charset("<html><head><meta charset=\"Shift_JIS\">") == "shift_jis");
    CHECK(hanidx::declared_charset("<META http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">") ==
          "gb2312");
    CHECK(hanidx::declared_charset("<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\n<html>") == "euc-jp");
    CHECK(hanidx::declared_charset("<html><body>charset=big5</body>").empty());
}

TEST_CASE("the Analyzer decodes HTML as its <meta charset> says, unless the bytes say otherwise") {
    hanidx::Analyzer analyzer;
    // GBK bytes of 中文 that are also valid Big5: the declaration decides.
    auto a = analyzer.analyze("<html><head><meta charset=\"gbk\"></head><body><p>\xD6\xD0\xCE\xC4</p></body></html>");
    CHECK(a.encoding == "GBK");
    CHECK(a.text == "中文\n");
    // The page claims Shift_JIS but is UTF-8: UTF-8 wins.
    a = analyzer.analyze("<html><head><meta charset=\"shift_jis\"></head><body><p>医院と病院</p></body></html>");
    CHECK(a.encoding == "UTF-8");
    CHECK(a.text == "医院と病院\n");
    CHECK(a.invalid == 0);
    // The page claims UTF-8 but is GBK: invalid as UTF-8, so detection decides.
    a = analyzer.analyze("<html><head><meta charset=\"utf-8\"></head><body><p>"
                         "\xD6\xD0\xBB\xAA\xC8\xCB\xC3\xF1\xB9\xB2\xBA\xCD\xB9\xFA\xD2\xBD\xD4\xBA</p></body></html>");
    CHECK(a.encoding == "GBK");
    CHECK(a.text == "中华人民共和国医院\n");
    CHECK(a.invalid == 0);
}
