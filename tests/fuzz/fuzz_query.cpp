// Fuzz target: the query language and search (search.hpp, and query.hpp when
// present) on a tiny database. A malformed query is a QueryError; anything
// else thrown, a crash or a hang is a bug. Hits carry offsets inside their
// snippet.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "fuzz.hpp"
#include "hanidx/analyze.hpp"
#include "hanidx/index.hpp"
#include "hanidx/search.hpp"
#if __has_include("hanidx/query.hpp")
#include "hanidx/query.hpp"
#define HANIDX_FUZZ_PARSER 1
#endif

namespace {

std::string db_dir;

void remove_db() {
    std::error_code ec;
    std::filesystem::remove_all(db_dir, ec);
}

std::unique_ptr<hanidx::Searcher> make_db() {
    using namespace hanidx;
    std::string tmpl = (std::filesystem::temp_directory_path() / "hanidx-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    db_dir = tmpl;
    std::atexit(remove_db);
    {
        IndexWriter w(db_dir + "/db");
        Analyzer a;
        const char* docs[] = {
            "北京市人民医院\n\n北京市人民医院今天宣布，心脏移植手术成功。",
            "亀田総合病院\n\n亀田総合病院は千葉県鴨川市にある病院です。",
            "臺灣大學醫院\n\n國立臺灣大學醫學院附設醫院的歷史。",
            "Heart transplant\n\nThe first heart transplant was performed in 1967.",
            "C++\n\nLast year's C++ and C# news: コンピューターに着いた著者、看著窗外。",
        };
        int i = 0;
        for (const char* d : docs) w.put("/doc" + std::to_string(i++) + ".txt", {}, a.analyze(d));
        w.commit();
    }
    return std::make_unique<Searcher>(db_dir + "/db");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    static std::unique_ptr<Searcher> searcher = make_db();
    const std::string query = fuzz::utf8(data, size);
    // The input's length picks the query options: every third input is read
    // literally (-F), every third with --kana.
    SearchOptions o;
    o.literal = size % 3 == 1;
    o.kana = size % 3 == 2;
#ifdef HANIDX_FUZZ_PARSER
    try {
        ParseOptions po;
        po.literal = o.literal;
        po.fields = {"source", "url"};
        (void)parse_query(query, po);
    } catch (const QueryError&) {
    }
#endif
    try {
        o.limit = 5;
        Results r = searcher->search(query, o);
        fuzz::require(r.hits.size() <= r.total, "more hits than the total");
        for (const Hit& h : r.hits) {
            fuzz::require(fuzz::valid_utf8(h.snippet), "snippet is not valid UTF-8");
            for (const Span& s : h.snippet_matches)
                fuzz::require(s.begin <= s.end && s.end <= h.snippet.size(), "match outside the snippet");
        }
        (void)searcher->explain(query, o);
    } catch (const QueryError&) {
    }
    return 0;
}
