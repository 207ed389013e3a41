// What the index stores, seen through search: every substring of a Han/kana
// run is found, whichever terms carry positions. And the index module through
// the library: hashes, duplicate keys, the writer lock, stamps, batch runs
// reported to a sink.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include "hanidx/batch.hpp"
#include "hanidx/index.hpp"
#include "support.hpp"

using namespace hanidx;
using namespace hanidx::test;

namespace {

// The base names of the files found by the phrase query @p q, sorted.
std::string found(const std::string& db, const std::string& q) {
    Run r = run_hanidx("search --db " + sh_quote(db) + " --format paths --limit 0 " +
                       sh_quote("\"" + q + "\""));
    REQUIRE((r.status == 0 || r.status == 1));
    std::vector<std::string> names;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        names.push_back(line.substr(line.rfind('/') + 1));
    std::sort(names.begin(), names.end());
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : " ") + n;
    return out;
}

}  // namespace

TEST_CASE("characters inside a run are found alone, in phrases, next to Latin and across punctuation") {
    TempDir tmp;
    write_file(tmp / "docs/inner.txt", "中华人民共和国成立了。\n");
    write_file(tmp / "docs/latin.txt", "他买了a股票和B股。\n");
    write_file(tmp / "docs/punct.txt", "华中，国家大事。\n");
    write_file(tmp / "docs/kana.txt", "カタカナの文字列です。\n");
    const std::string db = tmp / "db";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(tmp / "docs")).status == 0);

    // query -> files, as a user expects from a substring search
    const std::pair<std::string, std::string> golden[] = {
        {"民", "inner.txt"},             // an interior character alone
        {"共", "inner.txt"},
        {"人民共", "inner.txt"},          // a phrase of interior characters
        {"和国成", "inner.txt"},
        {"中华", "inner.txt"},            // the first character of a run
        {"成立了", "inner.txt"},          // the last
        {"a股", "latin.txt"},             // a lone character glued to Latin, start of a run
        {"b股", "latin.txt"},             // ... and the whole run
        {"股票", "latin.txt"},
        {"中，国", "punct.txt"},          // across punctuation: last and first characters of runs
        {"国家", "punct.txt"},
        {"中", "inner.txt punct.txt"},
        {"カナの", "kana.txt"},           // kana runs work the same way
        {"タ", "kana.txt"},
        {"华人", "inner.txt"},
        {"人共", ""},                     // not a substring anywhere
    };
    for (const auto& [q, files] : golden) {
        CAPTURE(q);
        CHECK(found(db, q) == files);
    }
}

TEST_CASE("a phrase needs its characters and words next to each other, not just somewhere in the document") {
    TempDir tmp;
    // scattered.txt has every bigram of 中国人民 and both words of "heart attack", never in place.
    write_file(tmp / "docs/scattered.txt", "中国的人民和国人。An attack on the heart.\n");
    write_file(tmp / "docs/together.txt", "中国人民银行。He had a heart attack.\n");
    write_file(tmp / "docs/split.txt", "中国\n人民\n");  // a line break: no phrase across it
    write_file(tmp / "docs/glued.txt", "会议于2013年8月7日举行。\n");
    const std::string db = tmp / "db";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(tmp / "docs")).status == 0);
    const std::pair<std::string, std::string> golden[] = {
        {"中国人民", "together.txt"},
        {"国人民银", "together.txt"},
        {"国人", "scattered.txt together.txt"},  // one bigram: no position to check
        {"heart attack", "together.txt"},
        {"attack on the heart", "scattered.txt"},
        {"中国", "scattered.txt split.txt together.txt"},
        {"国人", "scattered.txt together.txt"},
        {"2013年8月", "glued.txt"},              // digits glued to Han: parts at their positions
        {"于2013", "glued.txt"},
        {"年8月7日举行", "glued.txt"},
        {"2013年9月", ""},
    };
    for (const auto& [q, files] : golden) {
        CAPTURE(q);
        CHECK(found(db, q) == files);
    }
    // Titles (a plain-text file's first line) the same way.
    auto titles = [&](const std::string& q) {
        Run r = run_hanidx("search --db " + sh_quote(db) + " --format paths --limit 0 " + sh_quote(q));
        return r.out.substr(r.out.rfind('/') + 1);
    };
    CHECK(titles("title:\"中国人民\"") == "together.txt\n");
    CHECK(titles("title:\"中国的人民\"") == "scattered.txt\n");
}

TEST_CASE("--compact leaves a smaller database that finds the same documents") {
    TempDir tmp;
    for (int i = 0; i < 40; ++i)
        write_file(tmp / ("docs/" + std::to_string(i) + ".txt"),
                   "第" + std::to_string(i) + "号通知：人民医院今天开放。Hospital notice " +
                       std::to_string(i) + ".\n");
    const std::string plain = tmp / "plain", packed = tmp / "packed";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(plain) + " " + sh_quote(tmp / "docs")).status == 0);
    Run r = run_hanidx("index --compact --db " + sh_quote(packed) + " " + sh_quote(tmp / "docs"));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("compacted the database from") != std::string::npos);
    auto bytes = [](const std::string& dir) {
        std::uintmax_t n = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))  // shards too
            if (e.is_regular_file()) n += e.file_size();
        return n;
    };
    CHECK(bytes(packed) < bytes(plain));
    CHECK(!std::filesystem::exists(packed + "/compact.tmp"));
    for (const char* q : {"人民医院", "医", "hospital notice", "第7号"}) {
        CAPTURE(q);
        CHECK(found(packed, q) == found(plain, q));
        CHECK(!found(packed, q).empty());
    }
    // The compacted database takes more documents and finds them.
    write_file(tmp / "more/new.txt", "新しい病院の案内。\n");
    REQUIRE(run_hanidx("index -q --db " + sh_quote(packed) + " " + sh_quote(tmp / "more")).status == 0);
    CHECK(found(packed, "病院の案内") == "new.txt");
}

namespace {

std::string key_of(std::string_view bytes, const std::string& encoding = {}) {
    AnalyzerOptions o;
    o.encoding = encoding;
    Analyzer a(o);
    return duplicate_key(a.analyze(bytes));
}

struct CollectingSink : BatchSink {
    std::map<std::string, std::string> failures, warnings;
    int progress_calls = 0;
    std::map<std::string, FileIssue> kinds;
    void failed(const std::string& path, FileIssue kind, const std::string& reason) override {
        failures[path] = reason;
        kinds[path] = kind;
    }
    void warning(const std::string& path, const std::string& what) override { warnings[path] = what; }
    void progress(const BatchProgress&) override { ++progress_calls; }
};

}  // namespace

TEST_CASE("content_hash is 64-bit FNV-1a in hex") {
    CHECK(content_hash("") == "cbf29ce484222325");
    CHECK(content_hash("a") == "af63dc4c8601ec8c");
    CHECK(content_hash("foobar") == "85944171f73967e8");
}

TEST_CASE("duplicate keys: equal for the same words, different otherwise") {
    const std::string k = key_of("医院的通知\n\nThe hospital is open.\n");
    CHECK(k.size() == 32);
    CHECK(key_of("医院的通知\r\n\r\nThe  hospital is open.\r\n") == k);   // line ends, spacing
    CHECK(key_of("\xef\xbb\xbf医院的通知\n\nThe hospital is open.\n") == k);  // U+FEFF BOM
    CHECK(key_of("\xd2\xbd\xd4\xba\xb5\xc4\xcd\xa8\xd6\xaa\n\nThe hospital is open.\n", "GB18030") == k);
    CHECK(key_of("医院的通知\n\nThe hospital is closed.\n") != k);
    CHECK(key_of("The hospital is open.\n\n医院的通知\n") != k);  // order matters
    CHECK(key_of("") == "");
    CHECK(key_of("\n\n  \n") == "");
}

TEST_CASE("a second IndexWriter on the same database is refused with a reason") {
    TempDir t;
    IndexWriter first(t / "db");
    CHECK_THROWS_AS(IndexWriter(t / "db"), IndexError);
}

TEST_CASE("restamp changes the stored stamp and keeps the document") {
    TempDir t;
    IndexWriter w(t / "db");
    Analyzer a;
    FileStamp s{10, 1000, "abc"};
    w.put("/x/a.txt", s, a.analyze("hello world\n"));
    CHECK(w.restamp("/x/a.txt", FileStamp{10, 2000, "abc"}));
    CHECK_FALSE(w.restamp("/x/b.txt", s));
    w.commit();
    REQUIRE(w.stamp("/x/a.txt"));
    CHECK(w.stamp("/x/a.txt")->mtime_ns == 2000);
    IndexReader r(t / "db");
    auto d = r.find("/x/a.txt");
    REQUIRE(d);
    CHECK(d->text == "hello world\n");
    CHECK(d->title == "hello world");
    CHECK(d->stamp.mtime_ns == 2000);
}

TEST_CASE("paths_under and remove_tree stop at path component boundaries") {
    TempDir t;
    IndexWriter w(t / "db");
    Analyzer a;
    for (const char* p : {"/d/x/1.txt", "/d/x/sub/2.txt", "/d/xy.txt", "/d/x"})
        w.put(p, FileStamp{1, 1, "h"}, a.analyze("text\n"));
    CHECK(w.paths_under("/d/x").size() == 3);
    CHECK(w.paths_under("/d/x/").size() == 3);
    CHECK(w.paths_under("/").size() == 4);
    CHECK(w.remove_tree("/d/x") == 3);
    CHECK(w.size() == 1);
    CHECK(w.stamp("/d/xy.txt"));
}

TEST_CASE("index_files reports bad files to the sink and counts every outcome") {
    TempDir t;
    write_file(t / "c/a.txt", "first file\n");
    write_file(t / "c/b.txt", "second file\n");
    write_file(t / "c/skip.bin", "not picked up by a walk\n");
    write_file(t / "c/bad.txt", "caf\xe9 au lait\n");  // Latin-1 byte in UTF-8-looking text
    REQUIRE(::mkfifo((t / "c/pipe.txt").c_str(), 0644) == 0);
    IndexWriter w(t / "db");
    CollectingSink sink;
    BatchInput in;
    in.paths = {t / "c", t / "nope.txt"};
    BatchOptions o;
    o.jobs = 2;
    RunInfo r = index_files(w, in, o, sink);
    CHECK(r.failed == 1);
    CHECK(r.skipped == 1);
    const std::string pipe = std::filesystem::canonical(t / "c").string() + "/pipe.txt";
    REQUIRE(sink.kinds.contains(pipe));
    CHECK(sink.kinds[pipe] == FileIssue::Special);
    REQUIRE(sink.kinds.contains(t / "nope.txt"));
    CHECK(sink.kinds[t / "nope.txt"] == FileIssue::Missing);
    CHECK(sink.progress_calls >= 1);
    CHECK(w.size() == r.indexed);
    CHECK(r.indexed == 3);

    // Again: nothing to do, and a cancelled run stops without error.
    std::atomic<bool> cancel{true};
    o.cancel = &cancel;
    RunInfo again = index_files(w, in, o, sink);
    CHECK(again.interrupted);
    CHECK(again.indexed == 0);
}

TEST_CASE("glob_matches: names at any depth without '/', paths below the root with '/'") {
    struct Case {
        const char* glob;
        const char* path;
        bool is_dir;
        bool match;
    };
    const Case cases[] = {
        {"*.bak", "a.bak", false, true},
        {"*.bak", "x/y/a.bak", false, true},       // a name at any depth
        {"*.bak", "a.bak.txt", false, false},
        {"drafts", "x/drafts", true, true},
        {"drafts/", "x/drafts", true, true},
        {"drafts/", "x/drafts", false, false},     // trailing '/': directories only
        {"x/*.txt", "x/a.txt", false, true},
        {"x/*.txt", "y/x/a.txt", false, false},    // with '/': from the root
        {"/x/*.txt", "x/a.txt", false, true},
        {"x/*.txt", "x/y/a.txt", false, false},    // '*' stops at '/'
        {"x/**/a.txt", "x/a.txt", false, true},
        {"x/**/a.txt", "x/y/z/a.txt", false, true},
        {"**/tmp", "a/b/tmp", true, true},
        {"f?.txt", "f1.txt", false, true},
        {"f?.txt", "f12.txt", false, false},
        {"?报.txt", "日报.txt", false, true},       // '?' is one character, not one byte
        {"[0-9]*.txt", "2012.txt", false, true},
        {"[!0-9]*.txt", "2012.txt", false, false},
        {"[!0-9]*.txt", "a2012.txt", false, true},
        {"*.[Tt][Xx][Tt]", "A.TXT", false, true},
        {"\\*.txt", "*.txt", false, true},
        {"\\*.txt", "a.txt", false, false},
    };
    for (const Case& c : cases) {
        CAPTURE(c.glob);
        CAPTURE(c.path);
        CHECK(glob_matches(c.glob, c.path, c.is_dir) == c.match);
    }
}

TEST_CASE("remembered roots survive encoding with their own rules") {
    Remembered r;
    r.max_file_bytes = 1 << 26;
    r.roots.push_back(Root{"/news/a", Selection{{"*.bak", "drafts/"}, {}}});
    r.roots.push_back(Root{"/news/b c", Selection{{}, {"*.dat"}}});
    const Remembered back = decode_remembered(encode_remembered(r));
    CHECK(back.max_file_bytes == r.max_file_bytes);
    REQUIRE(back.roots.size() == 2);
    CHECK(back.roots[0].path == "/news/a");
    CHECK(back.roots[0].select == r.roots[0].select);
    CHECK(back.roots[1].path == "/news/b c");
    CHECK(back.roots[1].select.include == std::vector<std::string>{"*.dat"});
    CHECK(decode_remembered("").roots.empty());
}

TEST_CASE("remove_paths removes the documents named, across shards, and passes over the others") {
    TempDir t;
    IndexWriter w(t / "db", 3);
    Analyzer a;
    std::vector<std::string> all;
    for (int i = 0; i < 12; ++i) {
        all.push_back("/d/" + std::to_string(i) + ".txt");
        w.put(all.back(), FileStamp{1, 1, "h"}, a.analyze("text " + std::to_string(i) + "\n"));
    }
    std::vector<std::string> some(all.begin(), all.begin() + 7);
    some.push_back("/d/not-indexed.txt");
    CHECK(w.remove_paths(some) == 7);
    CHECK(w.size() == 5);
    CHECK_FALSE(w.stamp("/d/0.txt"));
    CHECK(w.stamp("/d/11.txt"));
    CHECK(w.remove_paths({}) == 0);
}
