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
    CHECK(e.date == "");  // "2023-01-16 より" is when the change starts, not when the page was published
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

// ---------------------------------------------------------------------------
// Titles and dates from the document's own header (issue 13).

struct Dated {
    const char* name;    // the file's name or path ("" for none)
    const char* text;
    const char* title;
    const char* date;
    const char* source;  // date_source
};

TEST_CASE("titles, dates and where the date came from, layout by layout") {
    const Dated table[] = {
        // livedoor news: URL, timestamp, title, body.
        {"", "http://news.example.jp/article/detail/1/\n2012-05-09T10:00:00+0900\n新作映画、来月公開へ\n　明治四十年の横浜を舞台にした物語。\n",
         "新作映画、来月公開へ", "2012-05-09", "header"},
        // A date line after the title, under a breadcrumb.
        {"", "首页 > 健康 > 医疗\n\n两院签署合作协议\n\n日期：2013年8月7日　来源：本报\n\n成立的时间是在1983年。\n",
         "两院签署合作协议", "2013-08-07", "header"},
        {"", "Home | News | World\n\nTalks resume\n\nPublished: March 3, 2012\n\nText.\n", "Talks resume", "2012-03-03",
         "header"},
        {"", "Skip to content\nMenu\nTalks resume\nBy Jane Doe\nText of the story.\n", "Talks resume", "", ""},
        {"", "By JANE DOE\nTalks resume\n\nText.\n", "Talks resume", "", ""},
        {"", "By the numbers: a year of talks\n\nText.\n", "By the numbers: a year of talks", "", ""},
        // Datelines, with and without a year.
        {"", "Talks resume\n\nBEIJING, Oct. 19, 2012 (Xinhua) -- Talks due April 23, 1992 went on.\n", "Talks resume",
         "2012-10-19", "dateline"},
        {"/news/2012/10/20/talks.txt", "Talks resume\n\nBEIJING, Oct 19 (Reuters) - Talks went on.\n", "Talks resume",
         "2012-10-19", "dateline"},
        {"", "Talks resume\n\nBEIJING, Oct 19 (Reuters) - Talks went on.\n", "Talks resume", "", ""},
        {"", "会议召开\n\n【新华社北京2013年6月12日电】会议指出，成立的时间是在1983年。\n", "会议召开", "2013-06-12", "dateline"},
        {"x_20130612.txt", "会议召开\n\n新华社北京6月11日电 会议指出。\n", "会议召开", "2013-06-11", "dateline"},
        // A date line of its own at the foot (a notice's signature).
        {"", "医院公告\n\n本院门诊时间调整，请患者留意。\n\n北京协和医院\n2022年6月8日\n", "医院公告", "2022-06-08", "header"},
        // The document's URL, then the file's name.
        {"", "http://www.news.cn/2013-08/07/c_1.htm\n外交部发言人答问\n成立的时间是在1983年。\n", "外交部发言人答问",
         "2013-08-07", "url"},
        {"/archive/2021-03-04-clinic.txt", "Clinic hours\n\nA survey in 2019 found.\n", "Clinic hours", "2021-03-04",
         "filename"},
        {"/archive/201207/notes.txt", "Clinic hours\n\nText.\n", "Clinic hours", "", ""},
        {"/archive/notes-201207.txt", "Clinic hours\n\nText.\n", "Clinic hours", "2012-07", "filename"},
        {"/archive/article-4799908.txt", "Clinic hours\n\nText.\n", "Clinic hours", "", ""},
        // Dates only mentioned in the body date nothing.
        {"", "映画の紹介\n\n明治四十年の東京を舞台にした物語。\n", "映画の紹介", "", ""},
        {"", "协会简介\n\n协会成立的时间是在1983年，总部设在北京。\n", "协会简介", "", ""},
        {"", "Wheat report\n\nShipments are due April 23, 1992, traders said.\n", "Wheat report", "", ""},
        // Partial dates keep their precision.
        {"", "年報\n\n発行：2012年7月\n\n本文。\n", "年報", "2012-07", "header"},
        // HTML: fields first; the <title> without the site's name when the <h1> agrees.
        {"", "<html><head><title>外交部答问 - 新华网</title><meta property=\"article:published_time\" "
             "content=\"2019-11-02T09:30:00+08:00\"><meta property=\"article:modified_time\" content=\"2020-01-15\">"
             "</head><body><nav>首页 | 新闻 | 国际</nav><h1>外交部答问</h1><p>2008年以来的合作成果。</p></body></html>",
         "外交部答问", "2019-11-02", "meta"},
        {"", "<html><head><title>Storm hits coast | NHK</title><meta property=\"og:title\" content=\"Storm hits coast\">"
             "<meta name=\"pubdate\" content=\"20200401\"></head><body><p>Text.</p></body></html>",
         "Storm hits coast", "2020-04-01", "meta"},
        {"", "<html><head><title>Site | Section</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
             "\"datePublished\":\"2020-04-01T10:00:00+09:00\"}</script></head><body><h1>Other words</h1></body></html>",
         "Site | Section", "2020-04-01", "meta"},
        {"", "<html><body><header><h1>Storm</h1><time datetime=\"2018-09-30T08:00\">Sunday</time></header>"
             "<p>Text.</p></body></html>",
         "Storm", "2018-09-30", "meta"},
        {"", "<html><head><title>Storm</title><link rel=\"canonical\" href=\"https://example.com/2017/05/06/storm\">"
             "</head><body><p>The storm of 1999-01-02.</p></body></html>",
         "Storm", "2017-05-06", "url"},
    };
    for (const Dated& d : table) {
        CAPTURE(d.text);
        auto e = extract(d.text, Format::Auto, d.name);
        CHECK(e.title == d.title);
        CHECK(e.date == d.date);
        CHECK(e.date_source == d.source);
    }
}

TEST_CASE("field_date keeps a value's precision and reads timestamps") {
    const std::pair<const char*, const char*> table[] = {
        {"2012-05-09T10:00:00+0900", "2012-05-09"}, {"2012-07", "2012-07"}, {"2012", "2012"},
        {"20120706", "2012-07-06"}, {" 2012年7月6日 ", "2012-07-06"}, {"July 6, 2012", "2012-07-06"},
        {"yesterday", ""}, {"2012-13", ""}, {"12345", ""},
    };
    for (auto [value, iso] : table) {
        CAPTURE(value);
        CHECK(hanidx::field_date(value) == iso);
    }
}

TEST_CASE("Analyzer passes the source name on: a file name dates a text that says nothing") {
    hanidx::Analyzer a;
    auto an = a.inspect("Clinic hours\n\nText.\n", "/data/2021-03-04-clinic.txt");
    CHECK(an.date == "2021-03-04");
    CHECK(an.date_source == "filename");
    CHECK(a.inspect("Clinic hours\n\nText.\n").date.empty());
}

TEST_CASE("HTML: a date line in the page's header dates it, one far below the headline does not") {
    auto top = extract("<html><head><title>Storm</title></head><body><nav>Home | News | World</nav><h1>Storm</h1>"
                       "<p>2018-09-30 08:00</p><p>The storm came.</p></body></html>");
    CHECK(top.date == "2018-09-30");
    CHECK(top.date_source == "header");
    std::string far = "<html><head><title>Storm</title></head><body><h1>Storm</h1>";
    for (int i = 0; i < 6; ++i) far += "<p>The storm came, and then it went.</p>";
    far += "<p>2018-09-30 08:00</p></body></html>";
    CHECK(extract(far).date == "");
}
