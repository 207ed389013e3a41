// hanidx index as a nightly job: --exclude/--include, the remembered roots
// (`hanidx index` alone), skips by rule versus failures and the exit status,
// moved files, --prune of a deleted directory, --force and --verify.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace hanidx::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string en_article = "Heart transplant\n\nSurgeons performed a heart transplant on Monday.\n";
const std::string elvis = "Elvis sighted\n\nElvis was seen at a diner in Memphis on Tuesday.\n";

std::string index_args(const std::string& db) { return "index --db " + sh_quote(db) + " "; }

/// The counts of "N indexed, N unchanged (N touched), N skipped, N failed, N removed; ...".
struct Summary {
    long indexed = -1, unchanged = -1, touched = -1, skipped = -1, failed = -1, removed = -1;
};

Summary summary(const Run& r) {
    Summary s;
    auto at = r.err.rfind(" indexed, ");
    REQUIRE(at != std::string::npos);
    auto line = r.err.rfind("hanidx: ", at);
    REQUIRE(line != std::string::npos);
    CHECK(std::sscanf(r.err.c_str() + line,
                      "hanidx: %ld indexed, %ld unchanged (%ld touched), %ld skipped, %ld failed, %ld removed",
                      &s.indexed, &s.unchanged, &s.touched, &s.skipped, &s.failed, &s.removed) == 6);
    return s;
}

/// The paths `search --format paths` prints for @p query, one a line.
std::string found(const std::string& db, const std::string& query) {
    return run_hanidx("search --db " + sh_quote(db) + " --format paths " + sh_quote(query)).out;
}

json stats(const std::string& db) {
    Run r = run_hanidx("stats --format json --db " + sh_quote(db));
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

std::string canonical(const std::string& p) { return fs::canonical(p).string(); }

/// Distinct text for file @p n: "Bulletin N" and the word marker<N>.
std::string article(int n) {
    return "Bulletin " + std::to_string(n) + "\n\nThe clinic notice marker" + std::to_string(n) + " is out.\n";
}

}  // namespace

TEST_CASE("--exclude leaves out names at any depth, paths from the root, and does not enter excluded directories") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/keep.txt", article(1));
    write_file(t / "c/x/old.bak.txt", article(2));
    write_file(t / "c/drafts/d.txt", article(3));
    write_file(t / "c/x/drafts/d.txt", article(4));
    write_file(t / "c/sub/s.txt", article(5));
    write_file(t / "c/x/sub/s.txt", article(6));
    // Inside an excluded directory: reported as skipped if the walk went in.
    REQUIRE(::mkfifo((t / "c/x/drafts/pipe.txt").c_str(), 0644) == 0);
    Run r = run_hanidx(index_args(db) + "--exclude '*.bak.txt' --exclude drafts/ --exclude sub/s.txt " +
                       sh_quote(t / "c"));
    CHECK(r.status == 0);
    CHECK(r.err.find("pipe.txt") == std::string::npos);
    Summary s = summary(r);
    CHECK(s.indexed == 2);
    CHECK(s.skipped == 0);
    CHECK(found(db, "marker1") == canonical(t / "c/keep.txt") + "\n");
    CHECK(found(db, "marker6") == canonical(t / "c/x/sub/s.txt") + "\n");  // "sub/s.txt" is from the root
    for (const char* gone : {"marker2", "marker3", "marker4", "marker5"}) CHECK(found(db, gone).empty());
}

TEST_CASE("--include limits a walk to the files it matches, instead of the default extensions") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/a.dat", article(1));
    write_file(t / "c/d/e.dat", article(2));
    write_file(t / "c/b.txt", article(3));
    write_file(t / "c/d/skip.dat", article(4));
    write_file(t / "globs", "# SogouCS dumps\n*.dat\n\n");
    write_file(t / "ex", "skip.*\n");
    Run r = run_hanidx(index_args(db) + "--include-from " + sh_quote(t / "globs") + " --exclude-from " +
                       sh_quote(t / "ex") + " " + sh_quote(t / "c"));
    CHECK(r.status == 0);
    CHECK(summary(r).indexed == 2);
    CHECK(found(db, "marker1") == canonical(t / "c/a.dat") + "\n");
    CHECK(found(db, "marker2") == canonical(t / "c/d/e.dat") + "\n");
    CHECK(found(db, "marker3").empty());  // .txt is not included any more
    CHECK(found(db, "marker4").empty());  // exclude wins over include
    CHECK(run_hanidx(index_args(db) + "--include-from " + sh_quote(t / "none") + " " + sh_quote(t / "c")).status == 2);
}

TEST_CASE("a file named on the command line is indexed whatever --exclude and --include say") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/a.bak", article(1));
    Run r = run_hanidx(index_args(db) + "--exclude '*.bak' --include '*.dat' " + sh_quote(t / "c/a.bak"));
    CHECK(r.status == 0);
    CHECK(found(db, "marker1") == canonical(t / "c/a.bak") + "\n");
}

TEST_CASE("hanidx index alone indexes the remembered roots again, each with its own rules") {
    TempDir t;
    const std::string db = t / "db";
    Run r = run_hanidx(index_args(db));
    CHECK(r.status == 2);
    CHECK(r.err.find("remembers no files or directories to index") != std::string::npos);
    CHECK(count_lines(r.err) == 1);
    CHECK_FALSE(fs::exists(db));  // not created for nothing

    write_file(t / "a/one.txt", article(1));
    write_file(t / "b/two.dat", article(2));
    REQUIRE(run_hanidx(index_args(db) + "--exclude '*.bak.txt' " + sh_quote(t / "a")).status == 0);
    REQUIRE(run_hanidx(index_args(db) + "--include '*.dat' " + sh_quote(t / "b")).status == 0);
    write_file(t / "a/new.txt", article(3));
    write_file(t / "a/new.bak.txt", article(4));
    write_file(t / "b/new.dat", article(5));
    write_file(t / "b/new.txt", article(6));
    r = run_hanidx(index_args(db));
    CHECK(r.status == 0);
    Summary s = summary(r);
    CHECK(s.indexed == 2);
    CHECK(s.unchanged == 2);
    CHECK(found(db, "marker3") == canonical(t / "a/new.txt") + "\n");
    CHECK(found(db, "marker5") == canonical(t / "b/new.dat") + "\n");
    CHECK(found(db, "marker4").empty());
    CHECK(found(db, "marker6").empty());

    json roots = stats(db)["roots"];
    REQUIRE(roots.size() == 2);
    CHECK(roots[0]["path"] == canonical(t / "a"));
    CHECK(roots[0]["exclude"] == json::array({"*.bak.txt"}));
    CHECK(roots[1]["path"] == canonical(t / "b"));
    CHECK(roots[1]["include"] == json::array({"*.dat"}));
    CHECK(run_hanidx("stats --db " + sh_quote(db)).out.find("roots:       " + canonical(t / "a") +
                                                              " --exclude '*.bak.txt'\n") != std::string::npos);

    // Rules with no paths would be ambiguous: refused.
    CHECK(run_hanidx(index_args(db) + "--exclude '*.txt'").status == 2);

    // A remembered root that is gone fails the run, until a --prune run forgets it.
    fs::remove_all(t / "b");
    r = run_hanidx(index_args(db));
    CHECK(r.status == 2);
    CHECK(summary(r).failed == 1);
    r = run_hanidx(index_args(db) + "--prune");
    CHECK(r.status == 0);
    CHECK(summary(r).removed == 2);
    CHECK(stats(db)["roots"].size() == 1);
    CHECK(run_hanidx(index_args(db)).status == 0);
}

TEST_CASE("a nightly run over a FIFO, a binary file, a broken link and an unreadable file: skips are not failures") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/good.txt", en_article);
    REQUIRE(::mkfifo((t / "c/fifo.txt").c_str(), 0644) == 0);
    std::string binary;
    for (int i = 0; i < 256; ++i) binary += std::string("\0\0\x01\x02", 4);
    write_file(t / "c/binary.txt", binary);
    fs::create_symlink("gone/away.txt", t / "c/broken.txt");
    write_file(t / "c/big.txt", std::string(5000, 'x'));
    // Unreadable even for root: /proc/self/mem is a regular file whose read
    // at offset 0 (an unmapped address) fails with EIO.
    fs::create_symlink("/proc/self/mem", t / "c/mem.txt");

    Run r = run_hanidx(index_args(db) + "--max-size 4K " + sh_quote(t / "c"));
    CHECK(r.status == 2);
    Summary s = summary(r);
    CHECK(s.indexed == 1);
    CHECK(s.skipped == 4);
    CHECK(s.failed == 1);
    CHECK(r.err.find("fifo.txt: skipped: is a FIFO") != std::string::npos);
    CHECK(r.err.find("binary.txt: skipped: binary file") != std::string::npos);
    CHECK(r.err.find("broken.txt: skipped: broken symbolic link") != std::string::npos);
    CHECK(r.err.find("big.txt: skipped: 4.9 KiB is larger than the limit of 4.0 KiB") != std::string::npos);
    // Reported under its canonical path, /proc/PID/mem.
    CHECK(r.err.find("/mem: Input/output error") != std::string::npos);
    CHECK(count_lines(r.err) == 6);

    // Without the unreadable file the run is green, skips and all; the
    // remembered run keeps --max-size.
    fs::remove(t / "c/mem.txt");
    r = run_hanidx(index_args(db));
    CHECK(r.status == 0);
    s = summary(r);
    CHECK(s.unchanged == 1);
    CHECK(s.skipped == 4);
    CHECK(s.failed == 0);
    CHECK(stats(db)["last_run"]["skipped"] == 4);

    // A FIFO or a broken link named on the command line is skipped too (and not opened).
    CHECK(run_hanidx(index_args(db) + sh_quote(t / "c/fifo.txt") + " " + sh_quote(t / "c/broken.txt")).status == 0);
    // A path that does not exist is a failure.
    CHECK(run_hanidx(index_args(db) + sh_quote(t / "c/missing.txt")).status == 2);
}

TEST_CASE("regression: after mv the next run finds the new path, and the dead one is not the surviving duplicate") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/a.txt", elvis);
    write_file(t / "c/other.txt", en_article);
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    fs::rename(t / "c/a.txt", t / "c/b.txt");
    Run r = run_hanidx(index_args(db) + sh_quote(t / "c"));  // no --prune
    CHECK(r.status == 0);
    Summary s = summary(r);
    CHECK(s.indexed == 1);
    CHECK(s.removed == 1);
    CHECK(found(db, "Elvis") == canonical(t / "c/b.txt") + "\n");
    CHECK(stats(db)["documents"] == 2);

    // A copy whose original still exists is a duplicate, not a move: both stay.
    fs::copy_file(t / "c/b.txt", t / "c/copy.txt");
    s = summary(run_hanidx(index_args(db) + sh_quote(t / "c")));
    CHECK(s.removed == 0);
    CHECK(stats(db)["documents"] == 3);

    // Moved out of a directory into another root.
    fs::create_directories(t / "d");
    fs::rename(t / "c/other.txt", t / "d/other.txt");
    s = summary(run_hanidx(index_args(db) + sh_quote(t / "d")));
    CHECK(s.removed == 1);
    CHECK(found(db, "transplant") == canonical(t / "d/other.txt") + "\n");
}

TEST_CASE("regression: --prune of a deleted directory says what it removed and exits 0") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/sub/one.txt", article(1));
    write_file(t / "c/sub/two.txt", article(2));
    write_file(t / "c/three.txt", article(3));
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c/sub") + " " + sh_quote(t / "c/three.txt")).status == 0);
    const std::string sub = canonical(t / "c/sub");
    fs::remove_all(t / "c/sub");
    Run r = run_hanidx(index_args(db) + "--prune " + sh_quote(t / "c/sub"));
    CHECK(r.status == 0);
    CHECK(r.err.find(sub + ": gone; removed 2 documents indexed below it (--prune)") != std::string::npos);
    CHECK(r.err.find("Success") == std::string::npos);
    Summary s = summary(r);
    CHECK(s.removed == 2);
    CHECK(s.failed == 0);
    CHECK(stats(db)["documents"] == 1);
}

TEST_CASE("--verify catches a same-size same-mtime edit, --force analyses every file again") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/en.txt", en_article);
    write_file(t / "c/other.txt", article(1));
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    struct stat before {};
    REQUIRE(::stat((t / "c/en.txt").c_str(), &before) == 0);
    std::string changed = en_article;
    changed.replace(changed.find("Monday"), 6, "Friday");
    write_file(t / "c/en.txt", changed);
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    REQUIRE(::utimensat(AT_FDCWD, (t / "c/en.txt").c_str(), times, 0) == 0);

    Summary s = summary(run_hanidx(index_args(db) + sh_quote(t / "c")));
    CHECK(s.indexed == 0);  // the stamp cannot tell
    CHECK(found(db, "Friday").empty());
    s = summary(run_hanidx(index_args(db) + "--verify " + sh_quote(t / "c")));
    CHECK(s.indexed == 1);
    CHECK(s.unchanged == 1);
    CHECK(s.touched == 0);
    CHECK(found(db, "Friday") == canonical(t / "c/en.txt") + "\n");

    s = summary(run_hanidx(index_args(db) + "--force " + sh_quote(t / "c")));
    CHECK(s.indexed == 2);
    CHECK(s.unchanged == 0);
    CHECK(stats(db)["documents"] == 2);
}
