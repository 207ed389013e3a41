// Multi-article files as a user meets them: each article is a document
// FILE#N in index, search, show and detect; re-indexing a changed dump
// updates, adds and removes its articles; a bad article is named.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "hanidx/index.hpp"
#include "support.hpp"

using namespace hanidx::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string dumps() { return fs::canonical(std::string(HANIDX_CORPORA) + "/dumps").string(); }

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1)
        out.push_back(s.substr(start, nl - start));
    return out;
}

Run search(const std::string& db, const std::string& args) {
    return run_hanidx("search --db " + sh_quote(db) + " " + args);
}

json show(const std::string& db, const std::string& doc) {
    Run r = run_hanidx("show --format json --db " + sh_quote(db) + " " + sh_quote(doc));
    REQUIRE_MESSAGE(r.status == 0, (doc + ": " + r.err));
    return json::parse(r.out);
}

const std::string three = R"({"title":"港口一号","body":"集装箱码头扩建。","date":"2021-01-02"}
{"title":"港口二号","body":"灯塔维修完成。","date":"2021-01-03"}
{"title":"港口三号","body":"渡轮增加班次。","date":"2021-01-04"}
)";

}  // namespace

TEST_CASE("every sample dump layout gives one document per article, FILE#N, with its title and date") {
    TempDir t;
    const std::string db = t / "db";
    Run r = run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dumps()));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    struct Want {
        const char* path;
        const char* title;
        const char* date;
    };
    const Want wants[] = {
        {"news.jsonl#1", "青岛港集装箱吞吐量创新高", "2019-06-03"},
        {"news.jsonl#2", "Tide gauges record an unusual autumn surge", "2019-10-09"},
        {"news.jsonl#3", "金沢の和菓子店が新作を発表", "2019-11-01"},
        {"reuters-sample.sgm#1", "PRAIRIE CO-OP SHIPS RECORD WHEAT CARGO TO YOKOHAMA", "1987-03-12"},
        {"reuters-sample.sgm#2", "LANTERN HOLDINGS RAISES QTRLY DIVIDEND TO 12 CTS FROM TEN CTS", "1987-03-12"},
        {"sogou-sample.dat#1", "江苏沿海风电场并网发电", "2012-06-12"},
        {"sogou-sample.dat#2", "业余龙舟赛在佛山开幕", "2012-06-13"},
        {"trec-sample.xml#1", "Lighthouse Keepers Return to Hokkaido", "1988-03-18"},
        {"trec-sample.xml#2", "渔船队提前返港", "1988-03-19"},
        {"feed.xml#1", "Ferry timetable changes in Nagasaki & Sasebo", "2020-05-14"},
        {"feed.xml#2", "厦门轮渡增开夜航班次", "2020-05-15"},
    };
    for (const Want& w : wants) {
        CAPTURE(w.path);
        const std::string path = dumps() + "/" + w.path;
        const json j = show(db, path);
        CHECK(j["path"] == path);
        CHECK(j["title"] == w.title);
        CHECK(j["date"] == w.date);
        // The title is the text's first paragraph, so a quoted title finds its article.
        CHECK(j["text"].get<std::string>().starts_with(w.title));
        Run found = search(db, "--format paths -- " + sh_quote(std::string("\"") + w.title + "\""));
        CHECK(found.status == 0);
        CHECK(found.out.find(path + "\n") != std::string::npos);
    }
    // 3 + 3 + 3 + 2 + 2 articles, no document for the files themselves.
    CHECK(json::parse(run_hanidx("stats --format json --db " + sh_quote(db)).out)["documents"] == 13);
    Run whole = run_hanidx("show --db " + sh_quote(db) + " " + sh_quote(dumps() + "/news.jsonl"));
    CHECK(whole.status == 1);
    CHECK(whole.err.find("it is a multi-article file, whose articles are " + dumps() + "/news.jsonl#1, ") !=
          std::string::npos);
}

TEST_CASE("search --format paths and JSON name the article FILE#N") {
    TempDir t;
    const std::string db = t / "db";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dumps())).status == 0);
    Run paths = search(db, "--format paths 风电场");
    CHECK(paths.out == dumps() + "/sogou-sample.dat#1\n");
    Run js = search(db, "--format json 和菓子");
    REQUIRE(js.status == 0);
    CHECK(json::parse(lines(js.out).at(0))["path"] == dumps() + "/news.jsonl#3");
    Run text = search(db, "Yokohama");
    CHECK(text.out.find(dumps() + "/reuters-sample.sgm#1") != std::string::npos);
}

TEST_CASE("show takes FILE#N relative to the current directory") {
    TempDir t;
    const std::string db = t / "db";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dumps())).status == 0);
    Run r = run_hanidx("show --no-text --db " + sh_quote(db) + " trec-sample.xml#2", "cd " + sh_quote(dumps()) + " &&");
    CHECK(r.status == 0);
    CHECK(r.out.find("path:          " + dumps() + "/trec-sample.xml#2\n") != std::string::npos);
    CHECK(r.out.find("title:         渔船队提前返港\n") != std::string::npos);
    CHECK(run_hanidx("show --db " + sh_quote(db) + " " + sh_quote(dumps() + "/trec-sample.xml#3")).status == 1);
}

TEST_CASE("detect reports one record per article with its FILE#N path and date_source") {
    Run r = run_hanidx("detect --format json " + sh_quote(dumps() + "/sogou-sample.dat"));
    REQUIRE(r.status == 0);
    const auto ls = lines(r.out);
    REQUIRE(ls.size() == 3);
    const json first = json::parse(ls[0]), third = json::parse(ls[2]);
    CHECK(first["path"] == dumps() + "/sogou-sample.dat#1");
    CHECK(first["title"] == "江苏沿海风电场并网发电");
    CHECK(first["date"] == "2012-06-12");
    CHECK(first["date_source"] == "url");
    CHECK(first["encoding"] != "UTF-8");
    CHECK(third["path"] == dumps() + "/sogou-sample.dat#3");
    CHECK(third["date"] == nullptr);

    Run j = run_hanidx("detect --format json " + sh_quote(dumps() + "/news.jsonl"));
    CHECK(json::parse(lines(j.out).at(1))["date_source"] == "field");

    Run text = run_hanidx("detect " + sh_quote(dumps() + "/trec-sample.xml"));
    CHECK(text.out.find(dumps() + "/trec-sample.xml#1\n") == 0);
    CHECK(text.out.find("\n\n" + dumps() + "/trec-sample.xml#2\n") != std::string::npos);
    CHECK(text.out.find("  date:      1988-03-18\n  date from: field\n") != std::string::npos);
}

TEST_CASE("a malformed article is named FILE#N, counted as failed, and the others are indexed") {
    TempDir t;
    const std::string db = t / "db", dir = t / "news";
    write_file(dir + "/day.jsonl", "{\"title\":\"好的一篇\",\"body\":\"正文。\"}\n{\"title\": \"坏的\n"
                                   "{\"title\":\"Third one\",\"body\":\"Fine.\"}\n");
    Run r = run_hanidx("index --db " + sh_quote(db) + " " + sh_quote(dir));
    CHECK(r.status == 2);
    const std::string file = fs::canonical(dir).string() + "/day.jsonl";
    CHECK(r.err.find("hanidx: " + file + "#2: invalid JSON: unterminated string at byte ") != std::string::npos);
    CHECK(r.err.find("2 indexed, 0 unchanged (0 touched), 0 skipped, 1 failed") != std::string::npos);
    CHECK(show(db, file + "#3")["title"] == "Third one");

    Run d = run_hanidx("detect --format json " + sh_quote(file));
    CHECK(d.status == 2);
    CHECK(count_lines(d.out) == 2);
    CHECK(d.err.find(file + "#2: invalid JSON") != std::string::npos);
}

TEST_CASE("re-indexing a changed dump updates, adds and removes its articles") {
    TempDir t;
    const std::string db = t / "db", dir = t / "news";
    write_file(dir + "/feed.jsonl", three);
    const std::string file = fs::canonical(dir).string() + "/feed.jsonl";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir)).status == 0);

    SUBCASE("an unchanged dump is not read again") {
        Run r = run_hanidx("index --db " + sh_quote(db) + " " + sh_quote(dir));
        CHECK(r.err.find("0 indexed, 1 unchanged") != std::string::npos);
    }
    SUBCASE("edited, added and removed articles") {
        write_file(dir + "/feed.jsonl", R"({"title":"港口一号","body":"集装箱码头扩建完工。","date":"2021-01-02"}
{"title":"港口三号","body":"渡轮增加班次。","date":"2021-01-04"}
{"title":"港口四号","body":"新航线开通。","date":"2021-02-01"}
{"title":"港口五号","body":"冷库启用。","date":"2021-02-02"}
)");
        Run r = run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir));
        REQUIRE(r.status == 0);
        CHECK(show(db, file + "#2")["title"] == "港口三号");
        CHECK(show(db, file + "#4")["title"] == "港口五号");
        CHECK(search(db, "--format paths 完工").out == file + "#1\n");
        CHECK(search(db, "--format paths 灯塔").out == "");
        // Fewer articles: the extra FILE#N go.
        write_file(dir + "/feed.jsonl", R"({"title":"港口一号","body":"只剩一篇。"})" "\n");
        Run fewer = run_hanidx("index --db " + sh_quote(db) + " " + sh_quote(dir));
        CHECK(fewer.err.find("1 indexed, 0 unchanged (0 touched), 0 skipped, 0 failed, 3 removed") != std::string::npos);
        CHECK(json::parse(run_hanidx("stats --format json --db " + sh_quote(db)).out)["documents"] == 1);
    }
    SUBCASE("a dump that stops being one loses its articles, and one that becomes one loses its document") {
        write_file(dir + "/feed.jsonl", "Just a note now.\n");
        REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(file)).status == 0);
        CHECK(search(db, "--format paths note").out == file + "\n");
        CHECK(json::parse(run_hanidx("stats --format json --db " + sh_quote(db)).out)["documents"] == 1);
        write_file(dir + "/feed.jsonl", three);
        REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(file)).status == 0);
        CHECK(search(db, "--format paths note").out == "");
        CHECK(json::parse(run_hanidx("stats --format json --db " + sh_quote(db)).out)["documents"] == 3);
    }
    SUBCASE("remove FILE and --prune of a deleted dump take all its articles") {
        Run r = run_hanidx("remove --db " + sh_quote(db) + " " + sh_quote(file));
        CHECK(r.err.find("3 documents removed; 0 left") != std::string::npos);
        REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir)).status == 0);
        fs::remove(file);
        Run p = run_hanidx("index --prune --db " + sh_quote(db) + " " + sh_quote(dir));
        CHECK(p.err.find("3 removed; ") != std::string::npos);
        CHECK(json::parse(run_hanidx("stats --format json --db " + sh_quote(db)).out)["documents"] == 0);
    }
}

TEST_CASE("the articles of a dump live in one shard") {
    TempDir t;
    const std::string db = t / "db";
    REQUIRE(run_hanidx("index -q --shards 3 --db " + sh_quote(db) + " " + sh_quote(dumps())).status == 0);
    // A shard holds either all or none of a file's articles.
    for (const char* name : {"news.jsonl", "reuters-sample.sgm", "sogou-sample.dat"}) {
        CAPTURE(name);
        int shards_with = 0;
        for (int i = 0; i < 3; ++i) {
            const std::string shard = db + "/shard" + std::to_string(i);
            Run all = run_hanidx("show --no-text --db " + sh_quote(shard) + " " + sh_quote(dumps() + "/" + name + "#1"));
            Run second = run_hanidx("show --no-text --db " + sh_quote(shard) + " " + sh_quote(dumps() + "/" + name + "#2"));
            CHECK((all.status == 0) == (second.status == 0));
            shards_with += all.status == 0;
        }
        CHECK(shards_with == 1);
    }
}

TEST_CASE("a directory walk takes .dat files only when they are dumps") {
    TempDir t;
    const std::string db = t / "db", dir = t / "d";
    write_file(dir + "/game.dat", "level=3\nscore=1200\n");
    fs::copy_file(dumps() + "/sogou-sample.dat", dir + "/news.dat");
    Run r = run_hanidx("index --db " + sh_quote(db) + " " + sh_quote(dir));
    CHECK(r.status == 0);
    CHECK(r.err.find("3 indexed, 0 unchanged (0 touched), 0 skipped, 0 failed") != std::string::npos);
}

TEST_CASE("a dump over --max-size is indexed, a plain file over it is not") {
    TempDir t;
    const std::string db = t / "db", dir = t / "d";
    std::string big, plain;
    for (int i = 1; i <= 400; ++i)
        big += "{\"title\":\"第" + std::to_string(i) + "篇\",\"body\":\"" + std::string(300, 'x') + "\"}\n";
    while (plain.size() < big.size()) plain += "A line of plain text that goes on.\n";
    write_file(dir + "/big.jsonl", big);
    write_file(dir + "/big.txt", plain);
    Run r = run_hanidx("index --max-size 64K --db " + sh_quote(db) + " " + sh_quote(dir));
    CHECK(r.err.find("big.txt: ") != std::string::npos);
    CHECK(r.err.find("(--max-size)") != std::string::npos);
    // A plain file over the limit is skipped by rule: reported, not a failure.
    CHECK(r.err.find("400 indexed, 0 unchanged (0 touched), 1 skipped, 0 failed") != std::string::npos);
    CHECK(r.status == 0);
}

TEST_CASE("--json-fields names the fields of a JSON Lines dump, and a bad spec is an error") {
    TempDir t;
    const std::string db = t / "db", dir = t / "d";
    write_file(dir + "/x.jsonl", R"({"hed":"灯台守の日記","story":"冬の灯台で書かれた日記。","when":"2018-12-24"})" "\n");
    Run r = run_hanidx("index -q --json-fields title=hed,body=story,date=when --db " + sh_quote(db) + " " + sh_quote(dir));
    REQUIRE(r.status == 0);
    const json j = show(db, fs::canonical(dir).string() + "/x.jsonl#1");
    CHECK(j["title"] == "灯台守の日記");
    CHECK(j["date"] == "2018-12-24");
    Run bad = run_hanidx("index -q --json-fields heading=hed --db " + sh_quote(db) + " " + sh_quote(dir));
    CHECK(bad.status == 2);
    CHECK(bad.err.find("'heading' is not one of title, body, date, url") != std::string::npos);
}

TEST_CASE("a dump's stamp is its first article's, so a run killed before writing FILE#1 reads the file again") {
    TempDir t;
    hanidx::IndexWriter writer(t / "db", 2);
    hanidx::Analyzer analyzer;
    const hanidx::FileStamp stamp{123, 456, "abc"};
    auto put = [&](const std::string& path) {
        writer.put(path, stamp, analyzer.analyze(std::string_view("港口新闻")));
    };
    put("/n/f.jsonl#2");
    put("/n/f.jsonl#3");
    writer.commit();
    CHECK_FALSE(writer.stamp("/n/f.jsonl").has_value());
    put("/n/f.jsonl#1");
    writer.commit();
    REQUIRE(writer.stamp("/n/f.jsonl").has_value());
    CHECK(writer.stamp("/n/f.jsonl")->size == 123);
    // Restamping the file restamps its articles; removing past the end keeps the first ones.
    CHECK(writer.restamp("/n/f.jsonl", hanidx::FileStamp{124, 457, "abd"}));
    CHECK(writer.stamp("/n/f.jsonl#3")->size == 124);
    CHECK(writer.remove_articles("/n/f.jsonl", 1) == 2);
    CHECK(writer.size() == 1);
    CHECK(writer.remove_tree("/n/f.jsonl") == 1);
    CHECK(writer.size() == 0);
}
