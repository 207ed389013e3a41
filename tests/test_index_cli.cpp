// hanidx index / remove / stats / show as a nightly job or a user sees them:
// incremental re-runs, --prune, --files-from, the writer lock, interrupted
// runs, bad files, duplicates.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <xapian.h>

#include "hanidx/index.hpp"
#include "support.hpp"

using namespace hanidx::test;
using nlohmann::json;

namespace {

const std::string zh_article =
    "湖人消息比赢球开心\n\n新浪体育讯北京时间4月12日，在和马刺的比赛中，安德鲁拜纳姆倒下的那一瞬间，"
    "整个天使城都揪心了。\n";
const std::string ja_article = "亀田総合病院のお知らせ\n\n外来の受付時間が変わります。\n";
const std::string en_article = "Heart transplant\n\nSurgeons performed a heart transplant on Monday.\n";

std::string index_args(const std::string& db) { return "index --db " + sh_quote(db) + " "; }

/// The counts of the summary line: "N indexed, N unchanged (N touched), N skipped, N failed, N removed; ...".
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

void set_mtime(const std::string& file, time_t secs) {
    struct timespec ts[2] = {{secs, 0}, {secs, 0}};
    REQUIRE(::utimensat(AT_FDCWD, file.c_str(), ts, 0) == 0);
}

json stats(const std::string& db) {
    Run r = run_hanidx("stats --format json --db " + sh_quote(db));
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

json show(const std::string& db, const std::string& doc) {
    Run r = run_hanidx("show --format json --db " + sh_quote(db) + " " + sh_quote(doc));
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

std::string canonical(const std::string& p) { return std::filesystem::canonical(p).string(); }

/// Run a shell command line; stdout and exit status.
Run shell(const std::string& cmd) {
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

/// A corpus of @p n distinct small articles, file i containing the word "marker<i>".
void make_corpus(const std::string& dir, int n) {
    for (int i = 0; i < n; ++i) {
        std::string text = "Bulletin " + std::to_string(i) + "\n\n";
        for (int k = 0; k < 20; ++k)
            text += "医院的通知第" + std::to_string(k) + "条 hospital notice marker" + std::to_string(i) + " 病院。\n";
        write_file(dir + "/d" + std::to_string(i % 10) + "/f" + std::to_string(i) + ".txt", text);
    }
}

/// Start `hanidx ARGS...` in the background; its pid.
pid_t spawn_hanidx(const std::vector<std::string>& args) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(devnull, 0);
        ::dup2(devnull, 2);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(HANIDX_BIN));
        for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(HANIDX_BIN, argv.data());
        ::_exit(127);
    }
    return pid;
}

/// Wait until the database in @p db has at least one committed document (or the process ended).
void wait_for_first_commit(const std::string& db, pid_t pid) {
    for (int i = 0; i < 600; ++i) {
        int st;
        if (::waitpid(pid, &st, WNOHANG) == pid) {
            ::kill(pid, 0);
            return;
        }
        Run r = run_hanidx("stats --format json --db " + sh_quote(db));
        if (r.status == 0 && json::parse(r.out)["documents"].get<long>() > 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("the index run never committed anything");
}

/** Index @p n generated files from @p corpus into @p db, committing every 10,
 *  and send @p sig once the first commit is in. @return the wait status.
 */
int interrupted_run(const std::string& corpus, const std::string& db, int n, int sig) {
    make_corpus(corpus, n);
    pid_t pid = spawn_hanidx({"index", "--db", db, "--jobs", "1", "--commit-every", "10", corpus});
    wait_for_first_commit(db, pid);
    ::kill(pid, sig);
    int st = 0;
    ::waitpid(pid, &st, 0);
    return st;
}

/// Every marker<i> finds exactly file i, once.
void check_each_document_once(const std::string& db, int n) {
    json s = stats(db);
    CHECK(s["documents"].get<int>() == n);
    Run all = run_hanidx("search --db " + sh_quote(db) + " --format paths --limit 0 hospital");
    std::set<std::string> paths;
    std::size_t lines = 0;
    for (std::size_t at = 0, nl; (nl = all.out.find('\n', at)) != std::string::npos; at = nl + 1, ++lines)
        paths.insert(all.out.substr(at, nl - at));
    CHECK(lines == static_cast<std::size_t>(n));
    CHECK(paths.size() == static_cast<std::size_t>(n));
    for (int i : {0, n / 2, n - 1}) {
        Run r = run_hanidx("search --db " + sh_quote(db) + " --format paths marker" + std::to_string(i));
        CHECK(count_lines(r.out) == 1);
        CHECK(r.out.find("/f" + std::to_string(i) + ".txt") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("a re-run skips unchanged files, re-indexes a modified one, adds a new one") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/zh.txt", zh_article);
    write_file(t / "c/ja.txt", ja_article);
    write_file(t / "c/en.txt", en_article);
    Run r = run_hanidx(index_args(db) + sh_quote(t / "c"));
    CHECK(r.status == 0);
    Summary s = summary(r);
    CHECK(s.indexed == 3);
    CHECK(s.unchanged == 0);

    r = run_hanidx(index_args(db) + sh_quote(t / "c"));
    s = summary(r);
    CHECK(s.indexed == 0);
    CHECK(s.unchanged == 3);

    write_file(t / "c/en.txt", en_article + "A kidney transplant followed.\n");
    write_file(t / "c/new.txt", "New bulletin\n\nThe clinic opens on Sunday.\n");
    r = run_hanidx(index_args(db) + sh_quote(t / "c"));
    s = summary(r);
    CHECK(s.indexed == 2);
    CHECK(s.unchanged == 2);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " kidney").status == 0);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " clinic").status == 0);
    CHECK(stats(db)["documents"] == 4);
}

TEST_CASE("a file whose mtime moved but whose content did not is not analysed again") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/en.txt", en_article);
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    set_mtime(t / "c/en.txt", 1000000000);
    Run r = run_hanidx(index_args(db) + sh_quote(t / "c"));
    Summary s = summary(r);
    CHECK(s.indexed == 0);
    CHECK(s.touched == 1);
    // The new mtime is stored: the next run does not even hash the file.
    s = summary(run_hanidx(index_args(db) + sh_quote(t / "c")));
    CHECK(s.unchanged == 1);
    CHECK(s.touched == 0);
    CHECK(show(db, t / "c/en.txt")["mtime_ns"] == 1000000000LL * 1000000000LL);

    // Same size, new content, new mtime: analysed again.
    std::string changed = en_article;
    changed.replace(changed.find("Monday"), 6, "Friday");
    write_file(t / "c/en.txt", changed);
    s = summary(run_hanidx(index_args(db) + sh_quote(t / "c")));
    CHECK(s.indexed == 1);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " Friday").status == 0);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " Monday").status == 1);
}

TEST_CASE("--prune removes documents of deleted files, only below the roots given") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "a/one.txt", zh_article);
    write_file(t / "a/two.txt", en_article);
    write_file(t / "b/three.txt", ja_article);
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "a") + " " + sh_quote(t / "b")).status == 0);
    std::filesystem::remove(t / "a/two.txt");
    std::filesystem::remove(t / "b/three.txt");

    Run r = run_hanidx(index_args(db) + sh_quote(t / "a"));  // no --prune: nothing removed
    CHECK(summary(r).removed == 0);
    CHECK(stats(db)["documents"] == 3);

    r = run_hanidx(index_args(db) + "--prune " + sh_quote(t / "a"));
    CHECK(r.status == 0);
    CHECK(summary(r).removed == 1);
    CHECK(stats(db)["documents"] == 2);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " transplant").status == 1);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " 病院").status == 0);  // b/ was not a root

    r = run_hanidx(index_args(db) + "--prune " + sh_quote(t / "b"));
    CHECK(summary(r).removed == 1);
    CHECK(stats(db)["documents"] == 1);
}

TEST_CASE("--files-from - -0 takes find -print0 output, names with newlines included") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/plain.txt", en_article);
    write_file(t / "c/new\nline.txt", zh_article);
    write_file(t / "c/notes.dat", ja_article);  // listed explicitly: indexed whatever its name
    Run r = shell("cd " + sh_quote(t.path.string()) + " && find c -type f -print0 | " + sh_quote(HANIDX_BIN) +
                  " index --db " + sh_quote(db) + " --files-from - -0 2>&1");
    CHECK(r.status == 0);
    CHECK(stats(db)["documents"] == 3);
    CHECK(show(db, t / "c/new\nline.txt")["path"] == canonical(t / "c/new\nline.txt"));

    // A newline-separated list, from a file, with a path given twice.
    write_file(t / "list", t / "c/plain.txt" + "\n" + t / "c/plain.txt" + "\n");
    r = run_hanidx(index_args(t / "db2") + "--files-from " + sh_quote(t / "list"));
    CHECK(r.status == 0);
    CHECK(summary(r).indexed == 1);
    CHECK(stats(t / "db2")["documents"] == 1);
}

TEST_CASE("one file is one document, however it is named") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/en.txt", en_article);
    std::filesystem::create_symlink(t / "c/en.txt", t / "link.txt");
    Run r = run_hanidx(index_args(db) + sh_quote(t / "c") + " " + sh_quote(t / "c/../c/en.txt") + " " +
                       sh_quote(t / "link.txt"));
    CHECK(r.status == 0);
    CHECK(summary(r).indexed == 1);
    CHECK(stats(db)["documents"] == 1);
    CHECK(show(db, t / "link.txt")["path"] == canonical(t / "c/en.txt"));
}

TEST_CASE("a second writer is told which process holds the database and exits 2") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/en.txt", en_article);
    {
        hanidx::IndexWriter holder(db);  // this test process holds the lock
        Run r = run_hanidx(index_args(db) + sh_quote(t / "c"));
        CHECK(r.status == 2);
        CHECK(r.err.find("pid " + std::to_string(::getpid())) != std::string::npos);
        CHECK(count_lines(r.err) == 1);
        CHECK(run_hanidx("remove --db " + sh_quote(db) + " " + sh_quote(t / "c")).status == 2);
    }
    // The lock goes with its holder.
    CHECK(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
}

TEST_CASE("search works while a writer holds the database") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/en.txt", en_article);
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    hanidx::IndexWriter writer(db);
    CHECK(writer.remove(canonical(t / "c/en.txt")));  // not committed yet
    Run r = run_hanidx("search --db " + sh_quote(db) + " --format paths transplant");
    CHECK(r.status == 0);
    CHECK(r.out == canonical(t / "c/en.txt") + "\n");
    CHECK(run_hanidx("show --no-text --db " + sh_quote(db) + " " + sh_quote(t / "c/en.txt")).status == 0);
}

TEST_CASE("a run killed with SIGKILL is completed by the next run, each document once") {
    TempDir t;
    const std::string db = t / "db";
    const int n = 400;
    interrupted_run(t / "c", db, n, SIGKILL);
    const long committed = stats(db)["documents"].get<long>();  // the database opens
    WARN_MESSAGE(committed < n, "the run ended before it was killed; the test proves less");

    Run r = run_hanidx(index_args(db) + sh_quote(t / "c"));
    CHECK(r.status == 0);
    Summary s = summary(r);
    CHECK(s.indexed == n - committed);
    CHECK(s.unchanged == committed);
    check_each_document_once(db, n);
}

TEST_CASE("regression: a first run killed while Xapian created the database does not make every later run fail") {
    // Xapian writes the first revision to v.tmp, creates the tables, then
    // renames v.tmp to iamglass. A run killed in between left tables that no
    // revision names, and every later run failed: "iamglass: Failed to open
    // glass revision file". The leftovers here come from a real creation.
    TempDir t;
    const std::string db = t / "db", made = t / "made";
    std::filesystem::create_directories(t / "empty");
    run_hanidx("index --shards 1 --db " + sh_quote(made) + " " + sh_quote(t / "empty"));
    auto leave_unfinished = [&](const std::string& dir) {
        std::filesystem::create_directories(dir);
        for (const char* table : {"postlist.glass", "termlist.glass"})
            std::filesystem::copy_file(made + "/" + table, dir + "/" + table);
        std::filesystem::copy_file(made + "/iamglass", dir + "/v.tmp");
    };
    write_file(t / "c/en.txt", en_article);
    // In the database directory (one shard, or the layout before shards) and
    // in a shard of a sharded database whose stub was not written yet.
    leave_unfinished(db);
    const std::string sharded = t / "sharded";
    leave_unfinished(sharded + "/shard1");
    for (const auto& [dir, shards] : {std::pair{db, "1"}, std::pair{db + "2", "2"}, std::pair{sharded, "2"}}) {
        if (dir == db + "2") leave_unfinished(dir);  // a single-glass leftover, then two shards made
        Run r = run_hanidx("index --shards " + std::string(shards) + " --db " + sh_quote(dir) + " " + sh_quote(t / "c"));
        INFO("stderr: " << r.err);
        CHECK(r.status == 0);
        CHECK(summary(r).indexed == 1);
        CHECK(run_hanidx("search --db " + sh_quote(dir) + " --format paths transplant").out ==
              canonical(t / "c/en.txt") + "\n");
    }
    CHECK_FALSE(std::filesystem::exists(db + "2/postlist.glass"));  // cleared before the shards were made
}

TEST_CASE("SIGINT stops the run cleanly: committed work stays, exit 130, a re-run finishes") {
    TempDir t;
    const std::string db = t / "db";
    const int n = 300;
    const int st = interrupted_run(t / "c", db, n, SIGINT);
    REQUIRE(WIFEXITED(st));
    const long committed = stats(db)["documents"].get<long>();
    if (committed < n) {
        CHECK(WEXITSTATUS(st) == 130);
        CHECK(stats(db)["last_run"]["interrupted"] == true);
    }
    Run r = run_hanidx(index_args(db) + sh_quote(t / "c"));
    CHECK(r.status == 0);
    CHECK(summary(r).unchanged == committed);
    check_each_document_once(db, n);
}

TEST_CASE("bad files get one line each, the run goes on, a failure makes the exit status 2") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/good.txt", en_article);
    REQUIRE(::mkfifo((t / "c/fifo.txt").c_str(), 0644) == 0);
    std::filesystem::create_symlink("loop.txt", t / "c/loop.txt");
    write_file(t / "c/big.txt", std::string(5000, 'x'));
    Run r = run_hanidx(index_args(db) + "--max-size 4K " + sh_quote(t / "c") + " " + sh_quote(t / "missing.txt"));
    CHECK(r.status == 2);
    CHECK(r.err.find("fifo.txt: skipped: is a FIFO") != std::string::npos);
    CHECK(r.err.find("loop.txt: Too many levels of symbolic links") != std::string::npos);
    CHECK(r.err.find("big.txt: skipped: 4.9 KiB is larger than the limit of 4.0 KiB") != std::string::npos);
    CHECK(r.err.find("missing.txt: No such file or directory") != std::string::npos);
    Summary s = summary(r);
    CHECK(s.indexed == 1);
    CHECK(s.skipped == 2);
    CHECK(s.failed == 2);
    CHECK(count_lines(r.err) == 5);
    // A FIFO named on the command line is not opened either (no hang), and is a skip.
    r = run_hanidx(index_args(db) + sh_quote(t / "c/fifo.txt"));
    CHECK(r.status == 0);
    CHECK(r.err.find("skipped: is a FIFO") != std::string::npos);
}

TEST_CASE("the same article under other paths and encodings gets one duplicate key") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/a.txt", zh_article);
    std::string crlf;
    for (char c : zh_article) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    write_file(t / "c/b-crlf.txt", crlf);
    write_file(t / "c/other.txt", ja_article);
    // 中文新闻 in GB18030, and the same in UTF-8.
    write_file(t / "g/gbk.txt", "\xd6\xd0\xce\xc4\xd0\xc2\xce\xc5\n");
    write_file(t / "c/utf8.txt", "中文新闻\n");
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    REQUIRE(run_hanidx(index_args(db) + "--encoding GB18030 " + sh_quote(t / "g")).status == 0);

    json a = show(db, t / "c/a.txt"), b = show(db, t / "c/b-crlf.txt"), o = show(db, t / "c/other.txt");
    CHECK(a["duplicate_key"].is_string());
    CHECK(a["duplicate_key"] == b["duplicate_key"]);
    CHECK(a["duplicate_key"] != o["duplicate_key"]);
    CHECK(a["duplicates"] == json::array({canonical(t / "c/b-crlf.txt")}));
    CHECK(o["duplicates"].empty());
    CHECK(show(db, t / "g/gbk.txt")["duplicate_key"] == show(db, t / "c/utf8.txt")["duplicate_key"]);
    json s = stats(db);
    CHECK(s["duplicate_groups"] == 2);
    CHECK(s["duplicate_documents"] == 4);
}

TEST_CASE("show prints metadata and text by path or id, as text or JSON") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/en.txt", en_article);
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    json j = show(db, t / "c/en.txt");
    for (const char* key : {"id", "path", "title", "date", "languages", "encoding", "size", "mtime", "mtime_ns",
                            "hash", "duplicate_key", "duplicates", "terms", "length", "text"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["path"] == canonical(t / "c/en.txt"));
    CHECK(j["title"] == "Heart transplant");
    CHECK(j["languages"] == json::array({"en"}));
    CHECK(j["size"] == en_article.size());
    CHECK(j["text"] == en_article);
    CHECK(j["date"].is_null());

    json by_id = show(db, std::to_string(j["id"].get<int>()));
    CHECK(by_id == j);

    Run r = run_hanidx("show --db " + sh_quote(db) + " " + sh_quote(t / "c/en.txt"));
    CHECK(r.status == 0);
    CHECK(r.out.find("path:          " + canonical(t / "c/en.txt") + "\n") != std::string::npos);
    CHECK(r.out.ends_with("\n\n" + en_article));

    r = run_hanidx("show --db " + sh_quote(db) + " " + sh_quote(t / "c/nothing.txt"));
    CHECK(r.status == 1);
    CHECK(r.err.find("nothing.txt: not in the index") != std::string::npos);
}

TEST_CASE("stats counts documents per language and remembers the last run") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/zh.txt", zh_article);
    write_file(t / "c/ja.txt", ja_article);
    write_file(t / "c/en.txt", en_article);
    write_file(t / "c/en2.txt", "Second\n\nAnother English bulletin about clinics.\n");
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    json s = stats(db);
    CHECK(s["documents"] == 4);
    CHECK(s["languages"]["en"] == 2);
    CHECK(s["languages"]["ja"] == 1);
    CHECK(s["languages"]["zh-Hans"] == 1);
    CHECK(s["terms"].get<long>() > 50);
    CHECK(s["disk_bytes"].get<long>() > 0);
    CHECK(s["last_run"]["indexed"] == 4);
    CHECK(s["last_run"]["interrupted"] == false);
    Run r = run_hanidx("stats --db " + sh_quote(db));
    CHECK(r.status == 0);
    CHECK(r.out.find("documents:   4\n") != std::string::npos);
    CHECK(run_hanidx("stats --db " + sh_quote(t / "none")).status == 2);
}

TEST_CASE("remove takes out a file, or everything below a directory, even once the files are gone") {
    TempDir t;
    const std::string db = t / "db";
    write_file(t / "c/x/one.txt", zh_article);
    write_file(t / "c/x/two.txt", en_article);
    write_file(t / "c/xy.txt", ja_article);  // shares the prefix "x" but is not below c/x
    REQUIRE(run_hanidx(index_args(db) + sh_quote(t / "c")).status == 0);
    std::filesystem::remove_all(t / "c/x");
    Run r = run_hanidx("remove --db " + sh_quote(db) + " " + sh_quote(t / "c/x"));
    CHECK(r.status == 0);
    CHECK(stats(db)["documents"] == 1);
    CHECK(show(db, t / "c/xy.txt")["path"] == canonical(t / "c/xy.txt"));
    r = run_hanidx("remove --db " + sh_quote(db) + " " + sh_quote(t / "c/xy.txt") + " " + sh_quote(t / "c/x"));
    CHECK(r.status == 1);
    CHECK(r.err.find("c/x: not in the index") != std::string::npos);
    CHECK(stats(db)["documents"] == 0);
}

TEST_CASE("a database of another index format is searched, and index refuses to write into it in one line") {
    TempDir tmp;
    write_file(tmp / "docs/zh.txt", zh_article);
    const std::string db = tmp / "db";
    REQUIRE(run_hanidx(index_args(db) + "--shards 1 -q " + sh_quote(tmp / "docs")).status == 0);
    {
        // What a format-1 hanidx (positions in Xapian's position table) left behind.
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
        w.set_metadata("hanidx.schema", "1");
        w.commit();
    }
    write_file(tmp / "more/ja.txt", ja_article);
    Run r = run_hanidx(index_args(db) + sh_quote(tmp / "more"));
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: " + db + ": made by another version of hanidx (index format 1, this one writes 2); "
                                     "remove the database directory and index again\n");
    Run s = run_hanidx("search --db " + sh_quote(db) + " --format paths 湖人");
    CHECK(s.status == 0);
    CHECK(s.out.find("zh.txt") != std::string::npos);
    CHECK(run_hanidx("search --db " + sh_quote(db) + " --format paths 亀田").status == 1);  // nothing written
}
