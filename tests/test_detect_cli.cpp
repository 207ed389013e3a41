// `hanidx detect` as a user and a script see it: the real binary on corpora/
// and on files written in each legacy encoding.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support.hpp"

using namespace hanidx::test;
using json = nlohmann::json;

namespace {

std::string corpus(const std::string& name) { return sh_quote(std::string(HANIDX_CORPORA) + "/" + name); }

std::vector<json> json_lines(const std::string& out) {
    std::vector<json> objects;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) objects.push_back(json::parse(line));
    return objects;
}

}  // namespace

TEST_CASE("detect prints encoding, confidence, title, date and languages") {
    Run r = run_hanidx("detect " + corpus("ja_notice.shift_jis.txt"));
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out.starts_with(std::string(HANIDX_CORPORA) + "/ja_notice.shift_jis.txt\n"));
    CHECK(r.out.find("encoding:  Shift_JIS (confidence ") != std::string::npos);
    CHECK(r.out.find("title:     杏林大学医学部付属病院　薬剤部\n") != std::string::npos);
    CHECK(r.out.find("date:      2022-10-01\n") != std::string::npos);  // 令和4年10月1日
    CHECK(r.out.find("languages: ja 100%\n") != std::string::npos);
}

TEST_CASE("detect --format json: one object per file, in order") {
    Run r = run_hanidx("detect --format json " + corpus("zh-Hans_notice.gb18030.txt") + " " +
                       corpus("zh-Hant_notice.big5.txt") + " " + corpus("notice.html") + " " +
                       corpus("000_d41035ad88cb1252.txt"));
    CHECK(r.status == 0);
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == 4);

    CHECK(objs[0]["path"].get<std::string>().ends_with("zh-Hans_notice.gb18030.txt"));
    CHECK(objs[0]["encoding"] == "GBK");  // no four-byte GB18030 sequence in it
    CHECK(objs[0]["confidence"].get<double>() > 0.5);
    CHECK(objs[0]["title"] == "北京协和医院药剂科通知");
    CHECK(objs[0]["date"] == "2022-06-08");
    CHECK(objs[0]["languages"]["zh-Hans"] == 1.0);

    CHECK(objs[1]["encoding"] == "Big5");
    CHECK(objs[1]["title"] == "臺北市立聯合醫院公告");
    CHECK(objs[1]["languages"]["zh-Hant"] == 1.0);

    CHECK(objs[2]["encoding"] == "UTF-8");
    CHECK(objs[2]["confidence"] == 1.0);
    CHECK(objs[2]["title"] == "病院からのお知らせ & 医院公告");
    CHECK(objs[2]["date"].is_null());  // "2023-01-16 より" in the body is not when it was published
    double sum = 0;
    for (auto& [lang, share] : objs[2]["languages"].items()) sum += share.get<double>();
    CHECK(sum == doctest::Approx(1.0).epsilon(0.001));
    CHECK(objs[2]["languages"].contains("ja"));
    CHECK(objs[2]["languages"].contains("zh-Hans"));
    CHECK(objs[2]["languages"].contains("en"));

    CHECK(objs[3]["date"].is_null());
    CHECK(objs[3]["languages"]["en"] == 1.0);
}

TEST_CASE("detect --paragraphs --format json: one object per paragraph with byte offsets") {
    Run r = run_hanidx("detect --paragraphs --format json " + corpus("notice.html"));
    CHECK(r.status == 0);
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == 5);
    const char* want[][2] = {{"病院からのお知らせ & 医院公告", "ja"},
                             {"外来受付時間の変更", "ja"},
                             {"2023-01-16 より、外来の受付時間を変更します。", "ja"},
                             {"从2023年1月16日起，门诊挂号时间调整为上午八点至十一点。", "zh-Hans"},
                             {"From January 16, 2023, outpatient registration opens at 8:00 \u2013 11:00.", "en"}};
    std::size_t at = 0;
    for (std::size_t i = 0; i < objs.size(); ++i) {
        CAPTURE(i);
        CHECK(objs[i]["path"].get<std::string>().ends_with("notice.html"));
        CHECK(objs[i]["text"] == want[i][0]);
        CHECK(objs[i]["lang"] == want[i][1]);
        const auto start = objs[i]["start"].get<std::size_t>(), end = objs[i]["end"].get<std::size_t>();
        CHECK(start >= at);
        CHECK(end - start == std::string(want[i][0]).size());
        at = end;
    }
}

TEST_CASE("detect --paragraphs in text lists offsets, label and the start of each paragraph") {
    Run r = run_hanidx("detect --paragraphs " + corpus("notice.html"));
    CHECK(r.status == 0);
    CHECK(r.out.find("\n  0-42 ja      病院からのお知らせ & 医院公告\n") != std::string::npos);
    CHECK(r.out.find("\n  44-71 ja      外来受付時間の変更\n") != std::string::npos);
    CHECK(r.out.find(" zh-Hans 从2023年1月16日起") != std::string::npos);
}

TEST_CASE("detect reads each legacy encoding and --encoding overrides") {
    TempDir tmp;
    // 中华人民共和国医院 in GBK (read as Big5 it is other characters), 東京都の病院です。
    // in EUC-JP, 医院 in UTF-16LE with a BOM.
    write_file(tmp / "gbk.txt", "\xD6\xD0\xBB\xAA\xC8\xCB\xC3\xF1\xB9\xB2\xBA\xCD\xB9\xFA\xD2\xBD\xD4\xBA\n");
    write_file(tmp / "eucjp.txt", "\xC5\xEC\xB5\xFE\xC5\xD4\xA4\xCE\xC9\xC2\xB1\xA1\xA4\xC7\xA4\xB9\xA1\xA3\n");
    write_file(tmp / "utf16.txt", std::string("\xFF\xFE\x3B\x53\x62\x96\x0A\x00", 8));
    Run r = run_hanidx("detect --format json " + sh_quote(tmp / "gbk.txt") + " " + sh_quote(tmp / "eucjp.txt") +
                       " " + sh_quote(tmp / "utf16.txt"));
    CHECK(r.status == 0);
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == 3);
    CHECK(objs[0]["encoding"] == "GBK");
    CHECK(objs[0]["title"] == "中华人民共和国医院");
    CHECK(objs[1]["encoding"] == "EUC-JP");
    CHECK(objs[1]["title"] == "東京都の病院です。");
    CHECK(objs[2]["encoding"] == "UTF-16LE");
    CHECK(objs[2]["title"] == "医院");

    r = run_hanidx("detect --format json --encoding big5 " + sh_quote(tmp / "gbk.txt"));
    CHECK(r.status == 0);
    auto forced = json_lines(r.out);
    REQUIRE(forced.size() == 1);
    CHECK(forced[0]["encoding"] == "Big5");
    CHECK(forced[0]["confidence"] == 1.0);
    CHECK(forced[0]["title"] != "中华人民共和国医院");
}

TEST_CASE("detect warns about invalid bytes, naming the file, and still reports it") {
    TempDir tmp;
    write_file(tmp / "bad.txt", "医院と病院\xFF\xFEの話。日本語の文章がここに続きます。\n");
    Run r = run_hanidx("detect --format json " + sh_quote(tmp / "bad.txt"));
    CHECK(r.status == 0);
    CHECK(r.err.find("bad.txt: 2 invalid byte sequence(s) in UTF-8 replaced by U+FFFD") != std::string::npos);
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == 1);
    CHECK(objs[0]["invalid"] == 2);
    CHECK(objs[0]["title"] == "医院と病院\uFFFD\uFFFDの話。日本語の文章がここに続きます。");
}

TEST_CASE("a missing file: one line on stderr, the others still reported, exit 2") {
    TempDir tmp;
    Run r = run_hanidx("detect --format json " + sh_quote(tmp / "missing.txt") + " " + corpus("en_notice.txt"));
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: " + (tmp / "missing.txt") + ": No such file or directory\n");
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == 1);
    CHECK(objs[0]["date"] == "2021-03-03");
}

TEST_CASE("a directory is reported like an unreadable file") {
    TempDir tmp;
    Run r = run_hanidx("detect " + sh_quote(tmp.path.string()) + " " + corpus("en_notice.txt"));
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: " + tmp.path.string() + ": Is a directory\n");
    CHECK(r.out.find("en_notice.txt") != std::string::npos);
}

TEST_CASE("confidences and shares are short decimals in JSON") {
    Run r = run_hanidx("detect --format json " + corpus("zh-Hans_notice.gb18030.txt") + " " +
                       corpus("002_c2fb2b48e16b2881.txt"));
    REQUIRE(r.status == 0);
    for (const json& o : json_lines(r.out)) {
        const std::string conf = o["confidence"].dump();
        CHECK(conf.size() <= 4);
        for (auto& [lang, share] : o["languages"].items()) CHECK(share.dump().size() <= 6);
    }
}

TEST_CASE("detect usage errors exit 2") {
    CHECK(run_hanidx("detect").status == 2);
    CHECK(run_hanidx("detect --format xml " + corpus("en_notice.txt")).status == 2);
    Run r = run_hanidx("detect --encoding no-such " + corpus("en_notice.txt"));
    CHECK(r.status == 2);
    CHECK(r.err.find("no-such") != std::string::npos);
}

TEST_CASE("detect --format json: title, date and date_source of each published layout in corpora/published") {
    const std::string dir = std::string(HANIDX_CORPORA) + "/published/";
    struct Want {
        const char* file;
        const char* title;
        const char* date;
        const char* source;
    };
    const Want wants[] = {
        {"livedoor_layout.txt", "明治の洋館を舞台にした新作映画、来月公開へ", "2012-05-09", "header"},
        {"zh_header_date.txt", "市人民医院与日本医院签署合作协议", "2013-08-07", "header"},
        {"en_dateline.txt", "Hospitals in two cities agree to share cancer research", "2012-10-19", "dateline"},
        {"news_meta.html", "中日医疗合作论坛在京举行", "2019-11-02", "meta"},
        {"2021-03-04-clinic-hours.txt", "Clinic hours change from next month", "2021-03-04", "filename"},
    };
    std::string args;
    for (const Want& w : wants) args += " " + sh_quote(dir + w.file);
    Run r = run_hanidx("detect --format json" + args);
    CHECK(r.status == 0);
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == std::size(wants));
    for (std::size_t i = 0; i < objs.size(); ++i) {
        CAPTURE(wants[i].file);
        CHECK(objs[i]["title"] == wants[i].title);
        CHECK(objs[i]["date"] == wants[i].date);
        CHECK(objs[i]["date_source"] == wants[i].source);
    }
    Run text = run_hanidx("detect " + sh_quote(dir + "en_dateline.txt"));
    CHECK(text.out.find("  date:      2012-10-19\n  date from: dateline\n") != std::string::npos);
}

TEST_CASE("detect --format json: no date, null date_source") {
    Run r = run_hanidx("detect --format json " + corpus("000_d41035ad88cb1252.txt"));
    auto objs = json_lines(r.out);
    REQUIRE(objs.size() == 1);
    CHECK(objs[0]["date"].is_null());
    CHECK(objs[0]["date_source"].is_null());
}
