// Searcher: what each query feature finds, ranking, sorting, snippets.
// Documents are written with IndexWriter into a temporary database.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <xapian.h>

#include "hanidx/analyze.hpp"
#include "hanidx/index.hpp"
#include "hanidx/normalize.hpp"
#include "hanidx/search.hpp"
#include "support.hpp"

using namespace hanidx;
using hanidx::test::TempDir;

namespace {

struct Doc {
    const char* path;
    const char* date;  // "" for none
    const char* text;  // first line: the title
};

// A small corpus in zh (simplified and traditional), ja and en.
const Doc corpus[] = {
    {"/news/zh/1.txt", "2020-06-15", "人民医院新闻\n\n北京市人民医院今天开展了心脏移植手术。\n"},
    {"/news/zh/2.txt", "2019-01-02", "醫院消息\n\n臺北的醫院很大，歷史、制度都很完善。\n"},
    {"/news/ja/1.txt", "2021-03-04", "病院のお知らせ\n\n東京の総合病院で移植が行われた。\n"},
    {"/news/en/1.txt", "2020-12-31", "Heart transplant news\n\nDoctors performed a heart transplant. Transplants are rare.\n"},
    {"/news/en/2.txt", "", "Market report\n\nThe transplanted trees grew in the heart of the city.\n"},
    {"/other/en/3.txt", "2018-07-07", "Hospital\n\nThe hospital opened. News of the hospital spread.\n"},
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

/// The paths @p query finds, sorted.
std::string find(const std::string& query) {
    Searcher s(fixture().db);
    SearchOptions o;
    o.limit = 0;
    o.snippets = false;
    std::vector<std::string> paths;
    for (const Hit& h : s.search(query, o).hits) paths.push_back(h.path);
    std::sort(paths.begin(), paths.end());
    std::string out;
    for (const std::string& p : paths) out += (out.empty() ? "" : " ") + p;
    return out;
}

}  // namespace

TEST_CASE("each query feature finds exactly its documents") {
    struct Case {
        const char* query;
        const char* paths;
    };
    const Case cases[] = {
        // Words are ANDed; unquoted Han/kana text is a contiguous substring.
        {"人民 医院", "/news/zh/1.txt"},
        {"民医", "/news/zh/1.txt"},  // inside the word 人民医院
        {"医院人民", ""},
        {"史制", ""},  // 歷史、制度: never across punctuation
        {"移植", "/news/ja/1.txt /news/zh/1.txt"},
        {"移植 OR hospital", "/news/ja/1.txt /news/zh/1.txt /other/en/3.txt"},
        {"(北京 OR 東京) 移植", "/news/ja/1.txt /news/zh/1.txt"},
        {"移植 -北京", "/news/ja/1.txt"},
        {"移植 NOT 北京", "/news/ja/1.txt"},
        {"-移植 -heart -hospital", "/news/zh/2.txt"},
        // Phrases: zh, ja, en.
        {"\"人民医院\"", "/news/zh/1.txt"},
        {"\"総合病院\"", "/news/ja/1.txt"},
        {"\"病院で\"", "/news/ja/1.txt"},
        {"\"heart transplant\"", "/news/en/1.txt"},
        {"\"transplant heart\"", ""},
        // Unquoted English words also match their stems; quoted ones do not.
        {"heart transplant", "/news/en/1.txt /news/en/2.txt"},
        {"\"transplants\"", "/news/en/1.txt"},
        {"transplant*", "/news/en/1.txt /news/en/2.txt"},
        {"transpl*", "/news/en/1.txt /news/en/2.txt"},
        {"HEART", "/news/en/1.txt /news/en/2.txt"},
        // Fields.
        {"title:news", "/news/en/1.txt"},
        {"news", "/news/en/1.txt /other/en/3.txt"},
        {"title:新闻", "/news/zh/1.txt"},
        {"title:移植", ""},
        {"title:\"heart transplant\"", "/news/en/1.txt"},
        {"title:(market OR hospital)", "/news/en/2.txt /other/en/3.txt"},
        {"lang:ja 移植", "/news/ja/1.txt"},
        {"lang:zh 移植", "/news/zh/1.txt"},
        {"lang:en heart", "/news/en/1.txt /news/en/2.txt"},
        {"path:en", "/news/en/1.txt /news/en/2.txt /other/en/3.txt"},
        {"path:news/en", "/news/en/1.txt /news/en/2.txt"},
        {"path:/other hospital", "/other/en/3.txt"},
        {"path:/en", ""},      // a leading '/' anchors at the start
        {"path:zh/1", ""},     // whole components only
        {"path:*/1.txt", "/news/en/1.txt /news/ja/1.txt /news/zh/1.txt"},
        {"path:ja OR path:zh", "/news/ja/1.txt /news/zh/1.txt /news/zh/2.txt"},
        {"date:2020", "/news/en/1.txt /news/zh/1.txt"},
        {"date:2020-06", "/news/zh/1.txt"},
        {"date:2020-06-15", "/news/zh/1.txt"},
        {"date:2019-01-01..2020-06-30", "/news/zh/1.txt /news/zh/2.txt"},
        {"date:2021..", "/news/ja/1.txt"},
        {"date:..2018", "/other/en/3.txt"},
        {"heart -date:2020", "/news/en/2.txt"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        CHECK(find(c.query) == c.paths);
    }
}

TEST_CASE("a query in another variant form of the same characters finds the same documents") {
    // Folding itself is normalize()'s job: whatever it folds, search must follow.
    const std::pair<const char*, const char*> pairs[] = {{"醫院", "医院"}, {"臺北", "台北"}, {"歷史", "历史"}};
    bool any = false;
    for (auto [a, b] : pairs) {
        if (normalize_text(a) != normalize_text(b)) continue;
        any = true;
        CAPTURE(a);
        CHECK(find(a) == find(b));
        CHECK(find(std::string("\"") + a + "\"") == find(b));
        CHECK(!find(a).empty());
    }
    if (!any) MESSAGE("normalize() folds none of these variant pairs yet");
    // The stored form never matters for an identical query.
    CHECK(find("醫院") != "");
}

TEST_CASE("title and whole-word matches rank above n-gram-only matches") {
    Searcher s(fixture().db);
    // "news" is in the title of en/1 and only in the body of other/en/3.
    auto r = s.search("news");
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].path == "/news/en/1.txt");
    CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE("a whole-word match ranks above a match that only character pairs make") {
    TempDir dir;
    const std::string db = dir / "db";
    {
        IndexWriter w(db);
        Analyzer a;
        // 中医|院校: 医院 only straddles two words. The shorter text, written first: without the
        // whole-word boost it would rank first.
        w.put("/ngram.txt", FileStamp{1, 1, "a"}, a.analyze("消息\n\n中医院校的学生很多。\n"));
        w.put("/word.txt", FileStamp{1, 1, "b"}, a.analyze("消息\n\n北京的医院很好，大家都这么说，我们也这么说。\n"));
        w.commit();
    }
    Searcher s(db);
    auto r = s.search("医院");
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].path == "/word.txt");
    CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE("--sort date and -date order by the date value, undated last when newest first") {
    Searcher s(fixture().db);
    SearchOptions o;
    o.limit = 0;
    o.snippets = false;
    o.sort = SortOrder::Date;
    auto asc = s.search("heart OR 移植 OR hospital", o);
    std::vector<std::string> dates;
    for (const Hit& h : asc.hits) dates.push_back(h.date);
    CHECK(dates == std::vector<std::string>{"", "2018-07-07", "2020-06-15", "2020-12-31", "2021-03-04"});
    o.sort = SortOrder::DateDesc;
    dates.clear();
    for (const Hit& h : s.search("heart OR 移植 OR hospital", o).hits) dates.push_back(h.date);
    CHECK(dates == std::vector<std::string>{"2021-03-04", "2020-12-31", "2020-06-15", "2018-07-07", ""});
}

TEST_CASE("without metadata a hit has its path only, in the same order") {
    Searcher s(fixture().db);
    SearchOptions o;
    o.limit = 0;
    o.snippets = false;
    o.sort = SortOrder::Date;  // dated and undated hits alike
    const auto full = s.search("heart OR 移植 OR hospital", o);
    o.metadata = false;
    const auto bare = s.search("heart OR 移植 OR hospital", o);
    REQUIRE(bare.hits.size() == full.hits.size());
    REQUIRE(full.hits.size() == 5);
    for (std::size_t i = 0; i < bare.hits.size(); ++i) {
        CAPTURE(i);
        CHECK(bare.hits[i].path == full.hits[i].path);
        CHECK(!bare.hits[i].path.empty());
        CHECK(bare.hits[i].date.empty());
        CHECK(bare.hits[i].languages.empty());
        CHECK(!full.hits[i].languages.empty());
    }
}

TEST_CASE("limit, offset and count") {
    Searcher s(fixture().db);
    SearchOptions o;
    o.snippets = false;
    o.limit = 0;
    auto all = s.search("heart OR 移植 OR hospital", o);
    CHECK(all.total == 5);
    CHECK(all.hits.size() == 5);
    o.limit = 2;
    o.offset = 1;
    auto page = s.search("heart OR 移植 OR hospital", o);
    REQUIRE(page.hits.size() == 2);
    CHECK(page.total == 5);
    CHECK(page.hits[0].rank == 2);
    CHECK(page.hits[0].path == all.hits[1].path);
    CHECK(page.hits[1].path == all.hits[2].path);
    o.count_only = true;
    auto count = s.search("heart OR 移植 OR hospital", o);
    CHECK(count.total == 5);
    CHECK(count.hits.empty());
}

TEST_CASE("snippets highlight the original text around the densest cluster of matches") {
    TempDir dir;
    const std::string db = dir / "db";
    std::string filler;
    for (int i = 0; i < 30; ++i) filler += "lorem ipsum dolor sit amet. ";
    // Full-width ＨＥＡＲＴ folds to "heart"; the highlight covers the original bytes.
    const std::string text = "Title\n\nheart alone. " + filler + "A ＨＥＡＲＴ transplant: heart, transplant.\n";
    {
        IndexWriter w(db);
        Analyzer a;
        w.put("/t.txt", FileStamp{1, 1, "x"}, a.analyze(text));
        w.commit();
    }
    Searcher s(db);
    auto r = s.search("heart transplant");
    REQUIRE(r.hits.size() == 1);
    const Hit& h = r.hits[0];
    std::vector<std::string> marked;
    for (const Span& m : h.snippet_matches) marked.push_back(h.snippet.substr(m.begin, m.end - m.begin));
    CHECK(marked == std::vector<std::string>{"ＨＥＡＲＴ", "transplant", "heart", "transplant"});
    for (const Span& m : h.matches) {
        const std::string w = text.substr(m.begin, m.end - m.begin);
        CHECK((w == "heart" || w == "ＨＥＡＲＴ" || w == "transplant"));
    }
    CHECK(h.matches.size() == 5);
    CHECK(h.snippet.starts_with("…"));
}

TEST_CASE("a text leaf without words is skipped, a query of nothing is an error") {
    CHECK(find("医院 、") == find("医院"));
    CHECK_THROWS_AS(find("、。"), QueryError);
    try {
        find("\n-\n、");
        FAIL("no error");
    } catch (const QueryError& e) {
        CHECK(std::string(e.what()) == "query: no words to search for:  - 、");  // one line
    }
    CHECK_THROWS_AS(find("(医院"), QueryError);
}

TEST_CASE("date ranges match partial dates by overlap: a document dated 1907 is in date:1907-01-01..1907-12-31") {
    TempDir dir;
    const std::string db = dir / "db";
    {
        IndexWriter w(db);
        Analyzer a;
        const std::pair<const char*, const char*> docs[] = {
            {"/d/year.txt", "1907"}, {"/d/month.txt", "1907-03"}, {"/d/day.txt", "1907-03-15"}, {"/d/next.txt", "1908"}};
        for (auto [path, date] : docs) {
            // Texts differ: duplicates would be folded into one hit.
            Analysis an = a.analyze(std::string("Film guide\n\nA story of old Tokyo, ") + path + ".\n");
            an.date = date;
            an.date_source = "field";
            w.put(path, FileStamp{1, 1, path}, an);
        }
        w.commit();
    }
    Searcher s(db);
    auto paths = [&](const std::string& q) {
        SearchOptions o;
        o.limit = 0;
        o.snippets = false;
        std::vector<std::string> out;
        for (const Hit& h : s.search(q, o).hits) out.push_back(h.path);
        std::sort(out.begin(), out.end());
        std::string joined;
        for (const auto& p : out) joined += (joined.empty() ? "" : " ") + p;
        return joined;
    };
    const std::pair<const char*, const char*> table[] = {
        {"story date:1907", "/d/day.txt /d/month.txt /d/year.txt"},
        {"story date:1907-01-01..1907-12-31", "/d/day.txt /d/month.txt /d/year.txt"},
        {"story date:1907-03..1907-04", "/d/day.txt /d/month.txt /d/year.txt"},
        {"story date:1907-04", "/d/year.txt"},
        {"story date:1907-03-15", "/d/day.txt /d/month.txt /d/year.txt"},  // a year overlaps each of its days
        {"story date:1907-03-16..", "/d/month.txt /d/next.txt /d/year.txt"},
        {"story date:..1907-02", "/d/year.txt"},
        {"story date:1908..", "/d/next.txt"},
    };
    for (auto [q, want] : table) {
        CAPTURE(q);
        CHECK(paths(q) == want);
    }
}

TEST_CASE("regression: a database indexed before date spans answers date queries as before") {
    TempDir dir;
    const std::string db = dir / "db";
    {
        IndexWriter w(db);
        Analyzer a;
        const std::pair<const char*, const char*> docs[] = {{"/d/old.txt", "2020-06-15"}, {"/d/new.txt", "2020"}};
        for (auto [path, date] : docs) {
            Analysis an = a.analyze(std::string("Report\n\nA report from ") + path + ".\n");
            an.date = date;
            w.put(path, FileStamp{1, 1, path}, an);
        }
        w.commit();
    }
    {
        // What an earlier hanidx wrote: no date_first/date_last (slots 13, 14).
        Xapian::WritableDatabase x(db);
        Xapian::docid id = *x.postlist_begin("Q/d/old.txt");
        Xapian::Document doc = x.get_document(id);
        doc.remove_value(13);
        doc.remove_value(14);
        x.replace_document(id, doc);
        x.commit();
    }
    Searcher s(db);
    auto paths = [&](const std::string& q) {
        SearchOptions o;
        o.limit = 0;
        o.snippets = false;
        std::vector<std::string> out;
        for (const Hit& h : s.search(q, o).hits) out.push_back(h.path);
        std::sort(out.begin(), out.end());
        std::string joined;
        for (const auto& p : out) joined += (joined.empty() ? "" : " ") + p;
        return joined;
    };
    CHECK(paths("report date:2020") == "/d/new.txt /d/old.txt");
    CHECK(paths("report date:2020-06") == "/d/new.txt /d/old.txt");  // new.txt by overlap
    CHECK(paths("report date:2020-07..") == "/d/new.txt");
    CHECK(paths("report date:..2020-06-14") == "/d/new.txt");
}
