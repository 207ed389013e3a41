// A database written as shards (hanidx index --shards N): every document in
// exactly one shard, found by search as in a single database; incremental
// runs, --prune, show, remove, stats and --compact on it; and a database in
// the single-glass layout (made before shards, or with --shards 1) still
// opens, searches and updates.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "hanidx/index.hpp"
#include "support.hpp"

using namespace hanidx::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json stats(const std::string& db) {
    Run r = run_hanidx("stats --format json --db " + sh_quote(db));
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

/// The paths @p query finds in @p db, all of them.
std::multiset<std::string> found(const std::string& db, const std::string& query) {
    Run r = run_hanidx("search --limit 0 --all-duplicates --format paths --db " + sh_quote(db) + " -- " +
                       sh_quote(query));
    REQUIRE((r.status == 0 || r.status == 1));
    std::multiset<std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) out.insert(line);
    return out;
}

std::string slurp(const std::string& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Documents in each shard of @p db, read from the shard alone.
std::vector<uint64_t> per_shard(const std::string& db, int shards) {
    std::vector<uint64_t> out;
    for (int i = 0; i < shards; ++i)
        out.push_back(hanidx::IndexReader(db + "/shard" + std::to_string(i)).stats().documents);
    return out;
}

/// File i holds "hospital", "marker<i>" and, from version 1 on, "version<v>".
void write_article(const std::string& dir, int i, int version = 0) {
    std::string text = "Bulletin " + std::to_string(i) + "\n\n";
    for (int k = 0; k < 5; ++k)
        text += "医院的通知第" + std::to_string(k) + "条 hospital notice marker" + std::to_string(i) + " 病院。\n";
    if (version) text += "version" + std::to_string(version) + "\n";
    write_file(dir + "/d" + std::to_string(i % 4) + "/f" + std::to_string(i) + ".txt", text);
}

/// "hospital" finds @p n documents, each once, and stats agrees.
void check_each_once(const std::string& db, std::size_t n) {
    auto all = found(db, "hospital");
    CHECK(all.size() == n);
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == n);
    CHECK(stats(db)["documents"].get<std::size_t>() == n);
}

}  // namespace

TEST_CASE("--shards 3 writes three shards that search finds every document of corpora/ in, once") {
    TempDir t;
    const std::string db = t / "db", single = t / "single";
    Run r = run_hanidx("index -q --shards 3 --db " + sh_quote(db) + " " + sh_quote(HANIDX_CORPORA));
    REQUIRE(r.status == 0);
    REQUIRE(run_hanidx("index -q --shards 1 --db " + sh_quote(single) + " " + sh_quote(HANIDX_CORPORA)).status == 0);

    CHECK(slurp(db + "/XAPIANDB") == "auto shard0\nauto shard1\nauto shard2\n");
    CHECK_FALSE(fs::exists(db + "/iamglass"));
    const json s = stats(db);
    const auto docs = s["documents"].get<uint64_t>();
    CHECK(docs == stats(single)["documents"].get<uint64_t>());
    CHECK(docs >= 9);
    // Each document lives in exactly one shard, and the paths spread over them.
    const auto parts = per_shard(db, 3);
    CHECK(parts[0] + parts[1] + parts[2] == docs);
    CHECK(std::count(parts.begin(), parts.end(), 0u) <= 1);
    // Metadata (the last run) reads back through the combined database.
    CHECK(s["last_run"]["indexed"] == docs);
    CHECK(s["disk_bytes"].get<uint64_t>() > stats(single)["disk_bytes"].get<uint64_t>() / 2);
    CHECK(s["shards"] == 3);
    CHECK(stats(single)["shards"] == 1);
    Run text = run_hanidx("stats --db " + sh_quote(db));
    CHECK(text.out.find(" MB in 3 shards\n") != std::string::npos);

    // Every document is found by its own title, and every query finds what
    // the single database finds.
    std::set<std::string> seen;
    for (const auto& e : fs::recursive_directory_iterator(HANIDX_CORPORA)) {
        // dumps/ holds multi-article files, indexed as FILE#N, not FILE.
        if (e.path().extension() == ".md" || !e.is_regular_file() ||
            e.path().parent_path().filename() == "dumps")
            continue;
        const std::string path = fs::canonical(e.path()).string();
        Run show = run_hanidx("show --format json --db " + sh_quote(db) + " " + sh_quote(path));
        REQUIRE_MESSAGE(show.status == 0, path);
        const json j = json::parse(show.out);
        CHECK(j["path"] == path);
        CHECK(j["text"].get<std::string>().size() > 0);
        // By id too: ids of the combined database are interleaved over the shards.
        Run by_id = run_hanidx("show --format json --db " + sh_quote(db) + " " + std::to_string(j["id"].get<int>()));
        CHECK(by_id.status == 0);
        CHECK(json::parse(by_id.out)["path"] == path);
        const std::string title = j["title"];
        REQUIRE(!title.empty());
        const auto hits = found(db, title);
        CHECK_MESSAGE(hits.count(path) == 1, title);
        CHECK(hits == found(single, title));
        seen.insert(path);
    }
    CHECK(seen.size() + 13 == docs);  // and the 13 articles of corpora/dumps (see its README)
    for (const char* q : {"patients", "医院", "病院", "醫院", "\"外来\"", "Japan OR 日本"})
        CHECK_MESSAGE(found(db, q) == found(single, q), q);
}

TEST_CASE("a sharded database updates in place: modified, deleted and new files each end up once") {
    TempDir t;
    const std::string db = t / "db", c = t / "c";
    for (int i = 0; i < 40; ++i) write_article(c, i);
    const std::string index = "index -q --shards 3 --prune --db " + sh_quote(db) + " " + sh_quote(c);
    REQUIRE(run_hanidx(index).status == 0);
    check_each_once(db, 40);

    for (int i = 0; i < 40; i += 4) write_article(c, i, 1);        // 10 modified
    for (int i = 1; i < 40; i += 8) fs::remove(c + "/d" + std::to_string(i % 4) + "/f" + std::to_string(i) + ".txt");  // 5 gone
    for (int i = 40; i < 47; ++i) write_article(c, i);              // 7 new
    Run r = run_hanidx("index --prune --db " + sh_quote(db) + " " + sh_quote(c));  // --shards not needed again
    REQUIRE(r.status == 0);
    CHECK(r.err.find("17 indexed, 25 unchanged (0 touched), 0 skipped, 0 failed, 5 removed") != std::string::npos);
    check_each_once(db, 42);
    CHECK(found(db, "version1").size() == 10);
    CHECK(found(db, "marker1").empty());
    CHECK(found(db, "marker46").size() == 1);
    const auto parts = per_shard(db, 3);
    CHECK(parts[0] + parts[1] + parts[2] == 42);

    // Nothing changed: nothing written.
    r = run_hanidx(index);
    REQUIRE(r.status == 0);
    check_each_once(db, 42);

    // remove a directory, then a file; --compact keeps every document.
    REQUIRE(run_hanidx("remove --db " + sh_quote(db) + " " + sh_quote(c + "/d0")).status == 0);
    REQUIRE(run_hanidx("remove --db " + sh_quote(db) + " " + sh_quote(c + "/d1/f5.txt")).status == 0);
    const auto after_remove = found(db, "hospital");
    CHECK(after_remove.size() == 42 - 12 - 1);  // d0 held f0, f4, ..., f44
    for (const auto& p : after_remove) {
        CHECK(p.find("/d0/") == std::string::npos);
        CHECK(p.find("/d1/f5.txt") == std::string::npos);
    }
    r = run_hanidx("index --compact --db " + sh_quote(db) + " " + sh_quote(c + "/d2"));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("compacted the database from") != std::string::npos);
    CHECK(found(db, "hospital") == after_remove);
    check_each_once(db, after_remove.size());
}

TEST_CASE("--shards on an existing database: the same number is accepted, another one refused") {
    TempDir t;
    const std::string db = t / "db";
    write_article(t / "c", 1);
    REQUIRE(run_hanidx("index -q --shards 2 --db " + sh_quote(db) + " " + sh_quote(t / "c")).status == 0);
    CHECK(run_hanidx("index -q --shards 2 --db " + sh_quote(db) + " " + sh_quote(t / "c")).status == 0);
    Run r = run_hanidx("index -q --shards 3 --db " + sh_quote(db) + " " + sh_quote(t / "c"));
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: " + db + ": the database has 2 shards, not 3 (the number of shards is fixed "
                   "when a database is created)\n");
    CHECK(run_hanidx("index -q --shards 0 --db " + sh_quote(db) + " " + sh_quote(t / "c")).status == 2);
}

TEST_CASE("a single-glass database (the layout before shards) opens, searches and updates") {
    TempDir t;
    const std::string db = t / "db", c = t / "c";
    for (int i = 0; i < 12; ++i) write_article(c, i);
    REQUIRE(run_hanidx("index -q --shards 1 --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    // Exactly the old layout: the Xapian tables in the directory itself, no stub.
    CHECK(fs::exists(db + "/iamglass"));
    CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
    check_each_once(db, 12);

    write_article(c, 3, 2);
    fs::remove(c + "/d0/f4.txt");
    write_article(c, 12);
    // Without --shards it stays one shard (the default would be more on a machine with more cores).
    Run r = run_hanidx("index --prune --db " + sh_quote(db) + " " + sh_quote(c));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("2 indexed, 10 unchanged (0 touched), 0 skipped, 0 failed, 1 removed") != std::string::npos);
    CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
    check_each_once(db, 12);
    CHECK(found(db, "version2").size() == 1);
    CHECK(run_hanidx("index -q --shards 2 --db " + sh_quote(db) + " " + sh_quote(c)).status == 2);

    hanidx::IndexWriter w(db);
    CHECK(w.shards() == 1);
    CHECK(w.size() == 12);
    CHECK(w.remove(fs::canonical(c + "/d1/f1.txt").string()));
    w.commit();
    CHECK(hanidx::IndexReader(db).stats().documents == 11);
}

TEST_CASE("IndexWriter with shards: stamps, restamp, remove_tree and paths_under see queued documents") {
    TempDir t;
    hanidx::Analyzer a;
    {
        hanidx::IndexWriter w(t / "db", 4);
        CHECK(w.shards() == 4);
        for (int i = 0; i < 30; ++i)
            w.put("/d/" + std::string(i % 2 ? "x" : "y") + "/" + std::to_string(i) + ".txt",
                  hanidx::FileStamp{10, i, "h"}, a.analyze("text number " + std::to_string(i) + "\n"));
        // Not committed yet, but the writer sees its own documents at once.
        CHECK(w.size() == 30);
        REQUIRE(w.stamp("/d/x/7.txt"));
        CHECK(w.stamp("/d/x/7.txt")->mtime_ns == 7);
        CHECK(w.restamp("/d/x/7.txt", hanidx::FileStamp{10, 700, "h"}));
        CHECK(w.stamp("/d/x/7.txt")->mtime_ns == 700);
        CHECK(w.paths_under("/d/x").size() == 15);
        CHECK(w.remove_tree("/d/y") == 15);
        CHECK(w.size() == 15);
        hanidx::RunInfo info;
        info.indexed = 30;
        w.set_last_run(info);
        // The destructor commits what is pending.
    }
    hanidx::IndexReader r(t / "db");
    const auto s = r.stats();
    CHECK(s.documents == 15);
    REQUIRE(s.last_run);
    CHECK(s.last_run->indexed == 30);
    REQUIRE(r.stamp("/d/x/7.txt"));
    CHECK(r.stamp("/d/x/7.txt")->mtime_ns == 700);
    CHECK_FALSE(r.find("/d/y/8.txt"));
    CHECK_THROWS_AS(hanidx::IndexWriter(t / "db", 2), hanidx::IndexError);
}

TEST_CASE("--compact merges the shards into one database that finds the same documents and takes more") {
    TempDir t;
    const std::string db = t / "db", c = t / "c";
    for (int i = 0; i < 16; ++i) write_article(c, i);
    REQUIRE(run_hanidx("index -q --shards 3 --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    const auto before = found(db, "hospital");
    REQUIRE(before.size() == 16);

    write_article(c, 16);
    Run r = run_hanidx("index --compact --db " + sh_quote(db) + " " + sh_quote(c));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("compacted the database from") != std::string::npos);
    // One Xapian database in the directory itself: no stub, no shard left.
    CHECK(fs::exists(db + "/iamglass"));
    CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
    for (int i = 0; i < 3; ++i) CHECK_FALSE(fs::exists(db + "/shard" + std::to_string(i)));
    CHECK_FALSE(fs::exists(db + "/compact.tmp"));
    CHECK(stats(db)["shards"] == 1);
    CHECK(stats(db)["last_run"]["indexed"] == 1);  // this run's, kept through the merge
    check_each_once(db, 17);
    CHECK(found(db, "marker16").size() == 1);
    CHECK(found(db, "\"医院的通知\"").size() == 17);

    // It takes changes as any one-database index does; --shards 3 no longer fits it.
    write_article(c, 5, 2);
    CHECK(run_hanidx("index -q --shards 3 --db " + sh_quote(db) + " " + sh_quote(c)).status == 2);
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    check_each_once(db, 17);
    CHECK(found(db, "version2").size() == 1);
}

// The inode of a table: compact() writes new tables and renames them into place.
ino_t table_inode(const std::string& db) {
    struct stat st {};
    REQUIRE(::stat((db + "/postlist.glass").c_str(), &st) == 0);
    return st.st_ino;
}

TEST_CASE("--compact leaves a compact database nothing has changed in as it is, and compacts it after a change") {
    TempDir t;
    const std::string db = t / "db", c = t / "c";
    for (int i = 0; i < 8; ++i) write_article(c, i);
    REQUIRE(run_hanidx("index -q --shards 2 --compact --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    const ino_t merged = table_inode(db);

    // A nightly re-run that finds nothing new does not rewrite the database.
    Run r = run_hanidx("index --compact --db " + sh_quote(db) + " " + sh_quote(c));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("compact already") != std::string::npos);
    CHECK(table_inode(db) == merged);
    check_each_once(db, 8);

    // A change made without --compact (or by a run stopped before compacting)
    // is compacted by the next --compact, even if that run changes nothing.
    write_article(c, 3, 2);
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    r = run_hanidx("index --compact --db " + sh_quote(db) + " " + sh_quote(c));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("compacted the database from") != std::string::npos);
    const ino_t again = table_inode(db);
    CHECK(again != merged);
    check_each_once(db, 8);
    CHECK(found(db, "version2").size() == 1);

    // So are removals.
    fs::remove(c + "/d1/f5.txt");
    REQUIRE(run_hanidx("index -q --prune --compact --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    CHECK(table_inode(db) != again);
    check_each_once(db, 7);
}

TEST_CASE("a merge interrupted after the merged database was in place: the next run clears the old shards") {
    TempDir t;
    const std::string db = t / "db", c = t / "c";
    for (int i = 0; i < 8; ++i) write_article(c, i);
    REQUIRE(run_hanidx("index -q --shards 2 --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    // What a kill between the merge's last rename and its clean-up leaves: the
    // merged tables in db itself beside the stub and the shards.
    const std::string merged = t / "merged";
    REQUIRE(run_hanidx("index -q --shards 1 --db " + sh_quote(merged) + " " + sh_quote(c)).status == 0);
    for (const auto& e : fs::directory_iterator(merged))
        if (e.path().filename() != "hanidx.lock") fs::copy(e.path(), db + "/" + e.path().filename().string());
    REQUIRE(fs::exists(db + "/XAPIANDB"));
    check_each_once(db, 8);  // searches read the merged database already

    write_article(c, 8);
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(c)).status == 0);
    CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
    CHECK_FALSE(fs::exists(db + "/shard0"));
    CHECK_FALSE(fs::exists(db + "/shard1"));
    CHECK(stats(db)["shards"] == 1);
    check_each_once(db, 9);
}
