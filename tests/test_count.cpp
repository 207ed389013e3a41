// count() and kwic(): the documents counted are the search listing's, an
// occurrence is what search highlights, buckets sum to the total, kwic has a
// line per occurrence. Documents are written with IndexWriter into a
// temporary database.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include "hanidx/analyze.hpp"
#include "hanidx/count.hpp"
#include "hanidx/error.hpp"
#include "hanidx/index.hpp"
#include "hanidx/normalize.hpp"
#include "hanidx/search.hpp"
#include "hanidx/width.hpp"
#include "support.hpp"

using namespace hanidx;
using hanidx::test::TempDir;

namespace {

struct Doc {
    const char* path;
    const char* date;  // "" for none
    const char* text;  // first line: the title
};

const Doc corpus[] = {
    {"/news/zh/1.txt", "2020-06-15", "人民医院新闻\n\n北京市人民医院今天开展了心脏移植手术。人民医院医院很大。\n"},
    {"/news/zh/2.txt", "2020-01-02", "醫院消息\n\n臺北的醫院很大，歷史、制度都很完善。\n"},
    {"/news/zh/copy.txt", "2020-01-02", "醫院消息\n\n臺北的醫院很大，歷史、制度都很完善。\n"},  // a duplicate
    {"/news/ja/1.txt", "2020-04-04", "病院のお知らせ\n\n東京の総合病院で移植が行われた。\n"},
    {"/news/en/1.txt", "", "Heart transplant news\n\nDoctors performed a heart transplant. Transplants are rare.\n"},
    {"/dump/2019.jsonl#1", "2019", "医院年报\n\n这一年医院做了很多事。\n"},
    {"/dump/2019.jsonl#2", "2019-11", "医院月报\n\n医院\n医院\n"},
};

struct Fixture {
    TempDir dir;
    std::string db = dir / "db";
    Fixture() {
        IndexWriter w(db);
        Analyzer a;
        for (const Doc& d : corpus) {
            Analysis an = a.analyze(d.text);
            an.date = d.date;
            w.put(d.path, FileStamp{std::string_view(d.text).size(), 1, content_hash(d.text)}, an);
        }
        w.commit();
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

uint64_t listed(Searcher& s, const std::string& query, bool all_duplicates = false) {
    SearchOptions o;
    o.limit = 0;
    o.snippets = false;
    o.collapse_duplicates = !all_duplicates;
    return s.search(query, o).hits.size();
}

const Tally& tally(const Counts& c) {
    REQUIRE(c.tallies.size() == 1);
    return c.tallies[0];
}

std::string names(const Tally& t) {
    std::string out;
    for (const Bucket& b : t.buckets) out += (out.empty() ? "" : " ") + b.name + "=" + std::to_string(b.documents);
    return out;
}

}  // namespace

TEST_CASE("search's total is the length of the listing, with a limit below it, duplicates and a phrase") {
    Searcher s(fixture().db);
    for (const char* q : {"医院", "\"医院很大\"", "医院 OR 病院", "transplant"}) {
        CAPTURE(q);
        SearchOptions o;
        o.limit = 1;
        const Results r = s.search(q, o);
        CHECK(!r.total_is_estimate);
        CHECK(r.total == listed(s, q));
        o.count_only = true;
        CHECK(s.search(q, o).total == listed(s, q));
        o.collapse_duplicates = false;
        CHECK(s.search(q, o).total == listed(s, q, true));
    }
    SearchOptions est;
    est.estimate = true;
    CHECK(s.search("医院", est).total_is_estimate);
}

TEST_CASE("count: the documents of the listing, occurrences as search highlights them, folded") {
    Searcher s(fixture().db);
    const Counts c = count(s, "医院", {});
    CHECK(c.documents == listed(s, "医院"));
    // 1.txt: title 1 + 人民医院, 人民医院医院 (two, side by side) = 4; 2.txt (醫院): 2,
    // its copy collapsed; #1: 2; #2: 3 (title and two lines).
    CHECK(c.occurrences == 4 + 2 + 2 + 3);
    ScanOptions all;
    all.collapse_duplicates = false;
    CHECK(count(s, "医院", {}, all).occurrences == 4 + 2 + 2 + 2 + 3);
    CHECK(count(s, "医院", {}, all).documents == listed(s, "医院", true));
}

TEST_CASE("count: buckets sum to the total, dates in order with the gaps and partial dates") {
    Searcher s(fixture().db);
    const Counts c = count(s, "医院 OR transplant OR 病院", {"year", "month", "dir"});
    REQUIRE(c.tallies.size() == 3);
    for (const Tally& t : c.tallies) {
        CAPTURE(t.key);
        uint64_t docs = 0, occ = 0;
        for (const Bucket& b : t.buckets) {
            docs += b.documents;
            occ += b.occurrences;
        }
        CHECK(docs == c.documents);
        CHECK(occ == c.occurrences);
    }
    CHECK(names(c.tallies[0]) == "2019=2 2020=3 (no date)=1");
    CHECK(names(c.tallies[1]) ==
          "2019=1 2019-11=1 2019-12=0 2020-01=1 2020-02=0 2020-03=0 2020-04=1 2020-05=0 2020-06=1 (no date)=1");
    CHECK(names(c.tallies[2]) == "/dump=2 /news/en=1 /news/ja=1 /news/zh=2");
}

TEST_CASE("count: lang counts a document in each of its languages") {
    Searcher s(fixture().db);
    const Counts c = count(s, "医院 OR 病院 OR heart", {"lang"});
    std::string seen = names(tally(c));
    CHECK(seen.find("ja=1") != std::string::npos);
    CHECK(seen.find("en=1") != std::string::npos);
}

TEST_CASE("count: an unknown key is an error naming the valid keys") {
    Searcher s(fixture().db);
    try {
        count(s, "医院", {"source"});
        FAIL("no error");
    } catch (const QueryError& e) {
        CHECK(std::string(e.what()) == "unknown key 'source' to count by (valid: year, month, day, lang, dir)");
    }
    CHECK(count_keys(s) == std::vector<std::string>{"year", "month", "day", "lang", "dir"});
}

TEST_CASE("kwic: a line per occurrence, the match as the document spells it, at its offset") {
    Searcher s(fixture().db);
    std::vector<KwicLine> lines;
    KwicOptions o;
    o.context = 5;
    kwic(s, "医院", o, [&](const KwicLine& l) {
        lines.push_back(l);
        return true;
    });
    CHECK(lines.size() == count(s, "医院", {}).occurrences);
    std::size_t traditional = 0;
    for (const KwicLine& l : lines) {
        CAPTURE(l.path);
        traditional += l.match == "醫院";
        CHECK((l.match == "医院" || l.match == "醫院"));
        const std::string text = std::string(std::find_if(std::begin(corpus), std::end(corpus), [&](const Doc& d) {
                                                  return l.path == d.path;
                                              })->text);
        CHECK(text.substr(l.offset, l.match.size()) == l.match);
        CHECK(text.substr(l.offset - l.left.size(), l.left.size()) == l.left);
        CHECK(text.substr(l.offset + l.match.size(), l.right.size()) == l.right);
        CHECK(display_width(l.left) <= 10);
    }
    CHECK(traditional == 2);
}

TEST_CASE("kwic --sort right orders by the context after the match, left by the context before, read backwards") {
    Searcher s(fixture().db);
    for (KwicSort sort : {KwicSort::Left, KwicSort::Right}) {
        KwicOptions o;
        o.sort = sort;
        std::vector<std::string> keys;
        kwic(s, "医院", o, [&](const KwicLine& l) {
            // Compared in the search form: 醫 and 医 sort alike.
            std::string k = normalize_text(sort == KwicSort::Right ? l.right : l.left);
            if (sort == KwicSort::Left) {
                // the last character first
                std::string r;
                std::size_t e = k.size();
                while (e > 0) {
                    std::size_t b = e - 1;
                    while (b > 0 && (static_cast<unsigned char>(k[b]) & 0xC0) == 0x80) --b;
                    r += k.substr(b, e - b);
                    e = b;
                }
                k = r;
            }
            keys.push_back(k);
            return true;
        });
        CHECK(keys.size() == count(s, "医院", {}).occurrences);
        CHECK(std::is_sorted(keys.begin(), keys.end()));
    }
}

TEST_CASE("display width: East Asian Wide and Fullwidth are two columns, marks none") {
    CHECK(display_width("abc") == 3);
    CHECK(display_width("医院") == 4);
    CHECK(display_width("ｱｲ") == 2);           // U+FF71 HALFWIDTH KATAKANA: one column each
    CHECK(display_width("ＡＢ") == 4);           // U+FF21 FULLWIDTH LATIN: two each
    CHECK(display_width("e\xCC\x81") == 1);     // e + U+0301 COMBINING ACUTE ACCENT
    CHECK(display_width("\xE3\x80\x80") == 2);  // U+3000 IDEOGRAPHIC SPACE
}
