// What the index stores, seen through search: every substring of a Han/kana
// run is found, whichever terms carry positions.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <vector>

#include "support.hpp"

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
        for (const auto& e : std::filesystem::directory_iterator(dir))
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
