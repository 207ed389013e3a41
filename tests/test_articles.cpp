// The article splitter (articles.hpp): each dump layout gives its articles
// with title, date, date_source and fields, in file order; bad articles are
// named and the rest kept.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "hanidx/articles.hpp"
#include "hanidx/decode.hpp"

using namespace hanidx;

namespace {

std::string corpus(const std::string& name) {
    std::ifstream in(std::string(HANIDX_CORPORA) + "/dumps/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// "N|title|date|date_source" for each article, errors as "N!error".
std::vector<std::string> digest(const std::vector<Article>& arts) {
    std::vector<std::string> out;
    for (const Article& a : arts) {
        if (!a.error.empty()) out.push_back(std::to_string(a.number) + "!" + a.error);
        else out.push_back(std::to_string(a.number) + "|" + a.title + "|" + a.date + "|" + a.date_source);
    }
    return out;
}

std::string field(const Article& a, const std::string& name) {
    std::string v;
    for (auto& [k, value] : a.fields)
        if (k == name) v += (v.empty() ? "" : ",") + value;
    return v;
}

}  // namespace

TEST_CASE("each sample dump in corpora/dumps is sniffed as its layout") {
    CHECK(sniff_dump(corpus("news.jsonl"), "news.jsonl") == DumpFormat::JsonLines);
    CHECK(sniff_dump(corpus("reuters-sample.sgm"), "x.sgm") == DumpFormat::Reuters);
    CHECK(sniff_dump(corpus("trec-sample.xml"), "x.xml") == DumpFormat::Docs);
    CHECK(sniff_dump(corpus("sogou-sample.dat"), "x.dat") == DumpFormat::Docs);  // raw GB18030: ASCII markers
    CHECK(sniff_dump(corpus("feed.xml"), "feed.xml") == DumpFormat::Feed);
}

TEST_CASE("pages, plain text and a pretty-printed JSON document are not dumps") {
    CHECK(sniff_dump("<!DOCTYPE html><html><body><p>hi</p></body></html>", "a.html") == DumpFormat::None);
    CHECK(sniff_dump("Title\n\nBody text.\n", "a.txt") == DumpFormat::None);
    CHECK(sniff_dump("{\n  \"title\": \"x\"\n}\n", "a.json") == DumpFormat::None);
    CHECK(sniff_dump("<?xml version=\"1.0\"?><config><a/></config>", "a.xml") == DumpFormat::None);
    CHECK(sniff_dump("", "a.jsonl") == DumpFormat::None);
}

TEST_CASE("JSON Lines: the common spellings of title, body, date and url") {
    const auto arts = split_articles(corpus("news.jsonl"), DumpFormat::JsonLines);
    CHECK(digest(arts) == std::vector<std::string>{
                              "1|青岛港集装箱吞吐量创新高|2019-06-03|field",
                              "2|Tide gauges record an unusual autumn surge|2019-10-09|field",
                              "3|金沢の和菓子店が新作を発表|2019-11-01|field",  // Unix time 1572566400
                          });
    REQUIRE(arts.size() == 3);
    // The title is the first paragraph of the text; a body given as an array is its paragraphs.
    CHECK(arts[0].text.starts_with("青岛港集装箱吞吐量创新高\n\n青岛港今年前五个月"));
    CHECK(arts[2].text == "金沢の和菓子店が新作を発表\n\n老舗の和菓子店が柚子を使った新作を発表した。\n\n"
                          "販売は十一月末までの予定だという。");
    CHECK(field(arts[0], "url") == "https://example.cn/port/20190603/qingdao.html");
    CHECK(field(arts[0], "source") == "海港日报");
    CHECK(field(arts[0], "category") == "经济");
    CHECK(field(arts[1], "url") == "https://example.org/surge");
    CHECK(field(arts[2], "id") == "kanazawa-0042");
    CHECK(field(arts[2], "tags") == "和菓子,金沢");
}

TEST_CASE("JSON Lines: --json-fields names other fields, nested ones with dots") {
    DumpOptions opt;
    opt.set_json_fields("title=hed, body=story.text, date=meta.time, url=permalink");
    const std::string line =
        R"({"hed":"港口新闻","story":{"text":"正文。"},"meta":{"time":"2020-02-03"},"permalink":"https://e.x/1","title":"not this"})";
    const auto arts = split_articles(line, DumpFormat::JsonLines, opt);
    CHECK(digest(arts) == std::vector<std::string>{"1|港口新闻|2020-02-03|field"});
    REQUIRE(arts.size() == 1);
    CHECK(arts[0].text == "港口新闻\n\n正文。");
    CHECK(field(arts[0], "url") == "https://e.x/1");
    CHECK_THROWS_AS(opt.set_json_fields("headline=hed"), std::invalid_argument);
    CHECK_THROWS_AS(opt.set_json_fields("title"), std::invalid_argument);
}

TEST_CASE("JSON Lines: a bad line is an article with an error and the others are kept") {
    const std::string text = "{\"title\":\"one\",\"body\":\"a\"}\n"
                             "{\"title\": \"two\n"
                             "\n"
                             "[1,2]\n"
                             "{\"author\":\"nobody\"}\n"
                             "{\"title\":\"five\",\"text\":\"\\u6e2f\\ud83d\\ude00 \\ud800x\"}\n";
    const auto arts = split_articles(text, DumpFormat::JsonLines);
    const auto d = digest(arts);
    REQUIRE(d.size() == 5);  // the blank line is no article
    CHECK(d[0] == "1|one||");
    CHECK(d[1].starts_with("2!invalid JSON: unterminated string"));
    CHECK(d[2].starts_with("3!invalid JSON: not a JSON object"));
    CHECK(d[3] == "4!no title or body field (it has: author; name them with --json-fields)");
    CHECK(d[4] == "5|five||");
    CHECK(arts[4].text == "five\n\n港\xF0\x9F\x98\x80 \xEF\xBF\xBDx");  // a lone surrogate is U+FFFD
}

TEST_CASE("Reuters-21578: TITLE, DATE, DATELINE and BODY, entities, TOPICS and PLACES") {
    const auto arts = split_articles(corpus("reuters-sample.sgm"), DumpFormat::Reuters);
    CHECK(digest(arts) == std::vector<std::string>{
                              "1|PRAIRIE CO-OP SHIPS RECORD WHEAT CARGO TO YOKOHAMA|1987-03-12|field",
                              "2|LANTERN HOLDINGS RAISES QTRLY DIVIDEND TO 12 CTS FROM TEN CTS|1987-03-12|field",
                              "3||1987-04-02|field",  // TYPE="UNPROC": no title
                          });
    REQUIRE(arts.size() == 3);
    CHECK(arts[0].text.starts_with("PRAIRIE CO-OP SHIPS RECORD WHEAT CARGO TO YOKOHAMA\n\nWINNIPEG, March 12 - "
                                   "A prairie farmers' co-operative\n"));
    CHECK(arts[0].text.find("<Nagoya Flour Mills Ltd>") != std::string::npos);  // &lt; decoded
    CHECK(arts[0].text.ends_with("due to arrive April 20, 1987."));             // no "Reuter", no &#3;
    CHECK(field(arts[0], "topics") == "grain,wheat");
    CHECK(field(arts[0], "places") == "canada,japan");
    CHECK(field(arts[0], "newid") == "31001");
    CHECK(arts[1].text == "LANTERN HOLDINGS RAISES QTRLY DIVIDEND TO 12 CTS FROM TEN CTS\n\nBlah blah blah.");
    CHECK(arts[2].text == "Harbour authorities in Kobe said the new lighthouse lenses\n"
                          "would be installed by the end of May.");
}

TEST_CASE("SogouCS: contenttitle, content, docno, and the date in the url") {
    const std::string bytes = corpus("sogou-sample.dat");
    const Decoded d = decode(bytes);
    CHECK(d.encoding != "UTF-8");
    const auto arts = split_articles(d.text, DumpFormat::Docs);
    CHECK(digest(arts) == std::vector<std::string>{
                              "1|江苏沿海风电场并网发电|2012-06-12|url",
                              "2|业余龙舟赛在佛山开幕|2012-06-13|url",
                              "3|图书馆延长夜间开放时间||",  // no date in its url
                          });
    REQUIRE(arts.size() == 3);
    CHECK(arts[0].text == "江苏沿海风电场并网发电\n\n记者从国网江苏电力获悉，如东海上风电场首批机组今天并网发电。"
                          "\xE3\x80\x80\xE3\x80\x80项目全部建成后年发电量约十亿千瓦时。");
    CHECK(field(arts[0], "docno") == "a1b2c3d4e5f60001");
    CHECK(field(arts[1], "url") == "http://sports.example.com.cn/2012-06-13/n1002.html");
}

TEST_CASE("TREC-style <DOC>: DOCNO, HL or HEADLINE, DD or DATE, TEXT with <P>") {
    const auto arts = split_articles(corpus("trec-sample.xml"), DumpFormat::Docs);
    CHECK(digest(arts) == std::vector<std::string>{
                              "1|Lighthouse Keepers Return to Hokkaido|1988-03-18|field",
                              "2|渔船队提前返港|1988-03-19|field",
                          });
    REQUIRE(arts.size() == 2);
    CHECK(arts[0].text == "Lighthouse Keepers Return to Hokkaido\n\nTwo lighthouse keepers returned to Cape Soya "
                          "on Friday after a winter ashore.\n\nThe station, 北海道 稚内, had been run remotely "
                          "since November.");
    CHECK(field(arts[0], "docno") == "HX880318-0001");
}

TEST_CASE("RSS: escaped HTML descriptions, CDATA, content:encoded, pubDate") {
    const auto arts = split_articles(corpus("feed.xml"), DumpFormat::Feed);
    CHECK(digest(arts) == std::vector<std::string>{
                              "1|Ferry timetable changes in Nagasaki & Sasebo|2020-05-14|field",
                              "2|厦门轮渡增开夜航班次|2020-05-15|field",
                          });
    REQUIRE(arts.size() == 2);
    CHECK(arts[0].text == "Ferry timetable changes in Nagasaki & Sasebo\n\n"
                          "長崎と佐世保を結ぶフェリーの時刻表が六月から変わる。\n\nThe first sailing moves to 7:10.");
    CHECK(arts[1].text == "厦门轮渡增开夜航班次\n\n厦门轮渡公司宣布，自五月下旬起增开两班夜航。");
    CHECK(field(arts[0], "url") == "https://example.net/2020/05/14/ferry-timetable");
}

TEST_CASE("Atom: entry, link href, published, summary") {
    const std::string atom =
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\n"
        "<entry><title>灯台の改修が完了</title><link rel=\"alternate\" href=\"https://e.jp/a/1\"/>"
        "<id>tag:e.jp,2021:1</id><published>2021-07-01T09:00:00+09:00</published>"
        "<summary>改修工事は三か月かかった。</summary></entry>\n</feed>\n";
    REQUIRE(sniff_dump(atom, "a.xml") == DumpFormat::Feed);
    const auto arts = split_articles(atom, DumpFormat::Feed);
    CHECK(digest(arts) == std::vector<std::string>{"1|灯台の改修が完了|2021-07-01|field"});
    REQUIRE(arts.size() == 1);
    CHECK(field(arts[0], "url") == "https://e.jp/a/1");
    CHECK(arts[0].text == "灯台の改修が完了\n\n改修工事は三か月かかった。");
}

TEST_CASE("an unclosed element is an article with an error and the next one is kept") {
    const std::string text = "<doc><docno>1</docno><contenttitle>一</contenttitle><content>甲</content></doc>\n"
                             "<doc><docno>2</docno><contenttitle>二</contenttitle><content>乙\n"
                             "<doc><docno>3</docno><contenttitle>三</contenttitle><content>丙</content></doc>\n"
                             "<doc><contenttitle>四</contenttitle>";
    CHECK(digest(split_articles(text, DumpFormat::Docs)) ==
          std::vector<std::string>{"1|一||", "2!unclosed <doc> element", "3|三||", "4!unclosed <doc> element"});
}

TEST_CASE("field dates: ISO, compact, TREC, Reuters, RSS, Unix time, and none") {
    const std::pair<const char*, const char*> table[] = {
        {"2012-05-09T10:00:00+0900", "2012-05-09"},
        {"2012/5/9", "2012-05-09"},
        {"2012-05", "2012-05"},
        {"2012", "2012"},
        {"20120509", "2012-05-09"},
        {"880318", "1988-03-18"},
        {"19-OCT-1987 15:37:46.03", "1987-10-19"},
        {" 5-MAR-1987 01:02:03.00", "1987-03-05"},
        {"Wed, 09 May 2012 10:00:00 GMT", "2012-05-09"},
        {"1336557600", "2012-05-09"},
        {"1336557600000", "2012-05-09"},
        {"March 19, 1988", "1988-03-19"},
        {"2012年5月9日", "2012-05-09"},
        {"2012-13-40", ""},
        {"yesterday", ""},
        {"", ""},
    };
    for (auto [in, want] : table) {
        CAPTURE(in);
        CHECK(parse_field_date(in) == want);
    }
}

TEST_CASE("dates in news URLs") {
    CHECK(date_from_url("http://news.sohu.com/20120612/n345428229.shtml") == "2012-06-12");
    CHECK(date_from_url("http://news.sina.com.cn/c/2012-06-13/0301245.shtml") == "2012-06-13");
    CHECK(date_from_url("http://e.cn/n/2012/0612/c1001-1.html") == "2012-06-12");
    CHECK(date_from_url("https://e.net/2020/05/14/ferry") == "2020-05-14");
    CHECK(date_from_url("http://biz.cn.yahoo.com/newspic/biz/1451/15/") == "");
    CHECK(date_from_url("http://20120612.example.com/x") == "");  // the host is no date
}

TEST_CASE("article paths: FILE#N and back") {
    CHECK(article_path("/a/b.jsonl", 12) == "/a/b.jsonl#12");
    std::size_t n = 0;
    CHECK(article_file("/a/b.jsonl#12", &n) == "/a/b.jsonl");
    CHECK(n == 12);
    CHECK(article_file("/a/b#c.txt") == "/a/b#c.txt");
    CHECK(article_file("/a/b.txt#") == "/a/b.txt#");
    CHECK(article_file("/a/b.txt#012") == "/a/b.txt#012");
    CHECK(article_file("/a/b.txt") == "/a/b.txt");
}
