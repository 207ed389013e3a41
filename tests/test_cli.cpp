// The real hanidx binary on corpora/: what a user at a prompt sees.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace hanidx::test;

namespace {

const std::string bulletin = "002_c2fb2b48e16b2881.txt";
const std::string news = "000_d41035ad88cb1252.txt";

// One database built from corpora/ for the whole file.
const std::string& corpus_db() {
    static TempDir dir;
    static std::string db = [] {
        std::string db = dir / "db";
        Run r = run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(HANIDX_CORPORA));
        REQUIRE(r.status == 0);
        return db;
    }();
    return db;
}

Run search(const std::string& args) { return run_hanidx("search --db " + sh_quote(corpus_db()) + " " + args); }

}  // namespace

TEST_CASE("Chinese and Japanese words find the bilingual bulletin") {
    for (const char* q : {"医院", "病院", "亀田", "亀田総合病院", "人民医院"}) {
        CAPTURE(q);
        Run r = search(std::string("--format paths ") + q);
        CHECK(r.status == 0);
        CHECK(r.out.find(bulletin) != std::string::npos);
    }
}

TEST_CASE("a two-character query finds a word it only occurs inside") {
    // 人民 occurs in the bulletin only inside 人民医院 / 人民病院.
    Run r = search("--format paths 人民");
    CHECK(r.status == 0);
    CHECK(r.out.find(bulletin) != std::string::npos);
}

TEST_CASE("an English phrase finds the news article") {
    Run r = search("--format paths 'heart transplant'");
    CHECK(r.status == 0);
    CHECK(r.out.find(news) != std::string::npos);
    CHECK(r.out.find(bulletin) == std::string::npos);
}

TEST_CASE("a query that occurs nowhere exits 1 and prints nothing") {
    Run r = search("zyxwvut不存在");
    CHECK(r.status == 1);
    CHECK(r.out.empty());
}

TEST_CASE("a phrase does not match across punctuation") {
    // The bulletin has "历史、制度": 史制 never occurs as a substring.
    Run r = search("--format paths 史制");
    CHECK(r.status == 1);
}

TEST_CASE("search without a database is an error naming it") {
    TempDir tmp;
    Run r = run_hanidx("search --db " + sh_quote(tmp / "nothing") + " 医院");
    CHECK(r.status == 2);
    CHECK(r.err.find("nothing") != std::string::npos);
    CHECK(r.out.empty());
}

TEST_CASE("usage errors exit 2") {
    CHECK(run_hanidx("search --no-such-flag x").status == 2);
    CHECK(run_hanidx("").status == 2);
}

TEST_CASE("a directory walk indexes articles, not the README beside them") {
    // corpora/README.md names every sample document; it must not be a hit.
    Run r = search("--format paths 亀田総合病院");
    CHECK(r.status == 0);
    CHECK(r.out.find("README.md") == std::string::npos);
    CHECK(r.out.find(bulletin) != std::string::npos);
}

TEST_CASE("a mistyped subcommand names the nearest one") {
    Run r = run_hanidx("serach 医院");
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: 'serach' is not a subcommand; did you mean 'search'?\n");
    Run far = run_hanidx("xyzzyq 医院");
    CHECK(far.status == 2);
    CHECK(far.err.find("'xyzzyq' is not a subcommand") != std::string::npos);
    CHECK(far.err.find("did you mean") == std::string::npos);
}

TEST_CASE("usage errors are one line with the hanidx prefix and the subcommand") {
    Run r = run_hanidx("search --limit x 医院");
    CHECK(r.status == 2);
    CHECK(r.err.starts_with("hanidx: search: "));
    CHECK(count_lines(r.err) == 1);
    Run missing = run_hanidx("search");
    CHECK(missing.status == 2);
    CHECK(missing.err.starts_with("hanidx: search: "));
    CHECK(missing.err.find("hanidx search --help") != std::string::npos);
}

TEST_CASE("the usage line names hanidx, not the path of the binary") {
    Run r = run_hanidx("search --help");
    CHECK(r.status == 0);
    CHECK(r.out.find("Usage: hanidx search") != std::string::npos);
    CHECK(r.out.find(HANIDX_BIN) == std::string::npos);
}

TEST_CASE("--version names the index format and the libraries and dictionaries") {
    Run r = run_hanidx("--version");
    CHECK(r.status == 0);
    CHECK(r.out.starts_with("hanidx "));
    for (const char* part : {"index format", "Xapian 1.", "ICU ", "jieba dictionary", "OpenCC tables"}) {
        CAPTURE(part);
        CHECK(r.out.find(part) != std::string::npos);
    }
}

TEST_CASE("search 医院 -北京: a -WORD after a query word is a NOT term, options stay options") {
    // Regression: CLI11 took -北京 for an unknown option ("The following argument was not expected").
    Run quoted = search("--format paths -- '医院 -北京'");
    REQUIRE(quoted.status == 0);
    Run all = search("--format paths 医院");
    CHECK(count_lines(quoted.out) < count_lines(all.out));  // the NOT removed something
    for (const char* args : {"--format paths 医院 -北京", "医院 -北京 --format paths", "--format=paths -- 医院 -北京",
                             "--format paths -北京 医院"}) {
        CAPTURE(args);
        Run r = search(args);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out == quoted.out);
    }
    // -c before, after or between the words is still the count flag.
    for (const char* args : {"-c 医院 -北京", "医院 -北京 -c", "医院 -c -北京", "-c 医院 -- -北京"}) {
        CAPTURE(args);
        Run r = search(args);
        CHECK(r.status == 0);
        CHECK(r.out == std::to_string(count_lines(quoted.out)) + "\n");
    }
    // An unknown option before the query is still a usage error, named as typed.
    Run bad = search("--no-such-flag 医院");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--no-such-flag") != std::string::npos);
    CHECK(bad.err.find("-- ") == std::string::npos);
}
