// Reliability (issue 6): `hanidx index` killed at random moments, two writers
// at once, readers during writes, a full disk. The database always opens,
// search always works, and a re-run ends with exactly the corpus.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "support.hpp"

using namespace hanidx::test;
using Clock = std::chrono::steady_clock;

namespace {

const char* const paragraphs[] = {
    "北京市人民医院今天宣布，心脏移植手术获得成功。",
    "亀田総合病院は千葉県鴨川市にある病院です。",
    "國立臺灣大學醫學院附設醫院的歷史與制度。",
    "The first heart transplant was performed in 1967 in Cape Town.",
};

/// Write @p n small files below @p dir: each holds "commonword", a word of
/// its own ("uniq<i>v<version>") and two paragraphs.
void write_corpus(const std::string& dir, int n, int version = 0) {
    for (int i = 0; i < n; ++i) {
        std::string text = "commonword uniq" + std::to_string(i) + "v" + std::to_string(version) + "\n\n";
        text += paragraphs[i % 4];
        text += "\n\n";
        text += paragraphs[(i / 4 + version) % 4];
        text += "\n";
        write_file(dir + "/d" + std::to_string(i / 100) + "/f" + std::to_string(i) + ".txt", text);
    }
}

/// Start `hanidx ARGS...` in the background; stdout and stderr to /dev/null
/// unless @p err_file is given.
pid_t spawn(const std::vector<std::string>& args, const std::string& err_file = "/dev/null") {
    std::fflush(nullptr);  // or the child's freopen writes our unflushed output a second time
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::freopen("/dev/null", "r", stdin);
        std::freopen("/dev/null", "w", stdout);
        std::freopen(err_file.c_str(), "w", stderr);
        std::vector<char*> argv{const_cast<char*>(HANIDX_BIN)};
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(HANIDX_BIN, argv.data());
        ::_exit(127);
    }
    return pid;
}

int wait_status(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/// Sorted paths that @p query finds in @p db (all of them).
std::vector<std::string> found(const std::string& db, const std::string& query) {
    Run r = run_hanidx("search --limit 0 --format paths --db " + sh_quote(db) + " -- " + sh_quote(query));
    CHECK(r.status <= 1);
    std::vector<std::string> paths;
    std::size_t at = 0;
    for (std::size_t nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1)
        paths.push_back(r.out.substr(at, nl - at));
    std::sort(paths.begin(), paths.end());
    return paths;
}

/// Number of documents matching "commonword" (every file of the corpus).
long committed_count(const std::string& db, int* status = nullptr, std::string* err = nullptr) {
    Run r = run_hanidx("search --limit 0 --format paths --db " + sh_quote(db) + " commonword");
    if (status) *status = r.status;
    if (err) *err = r.err;
    return static_cast<long>(count_lines(r.out));
}

/// The pid in DB/hanidx.lock: the writer holding the database, or the last one
/// that died holding it (a run that ends normally empties the file); 0 if none.
pid_t lock_owner(const std::string& db) {
    std::ifstream in(db + "/hanidx.lock");
    long pid = 0;
    in >> pid;
    return static_cast<pid_t>(pid);
}

}  // namespace

TEST_CASE("SIGKILL at 20 random moments of a 2,000-file run: the database opens, search works, a re-run is exact") {
    TempDir tmp;
    const std::string corpus = tmp / "corpus", db = tmp / "db", clean = tmp / "clean";
    constexpr int files = 2000;
    write_corpus(corpus, files);

    std::mt19937 rng(20261122);  // fixed seed: a failure can be replayed
    int kills = 0, early = 0, finished = 0, runs = 0;
    double full_run = 0;
    // First a clean run to learn how long a full run takes (and to throw it away).
    {
        auto t0 = Clock::now();
        REQUIRE(wait_status(spawn({"index", "-q", "--commit-every", "50", "--db", clean, corpus})) == 0);
        full_run = std::chrono::duration<double>(Clock::now() - t0).count();
    }
    // Each kill comes at a random moment in [0, span) after the start. On a
    // loaded machine runs take longer or shorter than the clean run said, so
    // span follows what is seen: a run that finished before its kill shortens
    // it, a kill that came before the run held the database lengthens it.
    double span = full_run * 0.4;
    bool created = false;  // a run has created the database
    while (kills < 20) {
        REQUIRE_MESSAGE(runs < 400, "kills keep missing the runs: " << kills << " kills, " << early
                                                                    << " too early, " << finished << " too late");
        if (runs++ > 0) {
            // New content for 10% of the files, so that every run has work to do.
            for (int j = 0; j < files / 10; ++j) {
                const int i = static_cast<int>(rng() % files);
                std::string text = "commonword uniq" + std::to_string(i) + "v" + std::to_string(runs) + "\n\n" +
                                   paragraphs[(i + runs) % 4] + "\n";
                write_file(corpus + "/d" + std::to_string(i / 100) + "/f" + std::to_string(i) + ".txt", text);
            }
        }
        pid_t pid = spawn({"index", "-q", "--commit-every", "50", "--db", db, corpus});
        const auto delay = std::chrono::microseconds(rng() % static_cast<unsigned>(span * 1e6 + 1));
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
        const int st = wait_status(pid);
        Run search = run_hanidx("search --limit 0 --format paths --db " + sh_quote(db) + " commonword");
        CAPTURE(kills);
        CAPTURE(search.err);
        if (st != 128 + SIGKILL) {
            CHECK(st == 0);
            ++finished;
            span = std::chrono::duration<double>(delay).count();  // that run took less
        } else if (lock_owner(db) != pid || (!created && search.status == 2)) {
            ++early;  // before it held the database, or before it had created it
            span *= 1.5;
        } else {
            ++kills;
        }
        // The database opens and search works after every kill, once a run has
        // created it. Before that there is nothing to open, and search says so.
        if (!created && search.status == 2 && st == 128 + SIGKILL) {
            CHECK(search.err.find("no hanidx database here (create one") != std::string::npos);
            continue;
        }
        created = true;
        CHECK(search.status <= 1);
        CHECK(count_lines(search.out) <= static_cast<std::size_t>(files));
        Run stats = run_hanidx("stats --db " + sh_quote(db));
        CHECK(stats.status == 0);
    }
    MESSAGE(kills << " kills while a run held the database, " << early << " before, " << finished
                  << " runs finished before their kill; a full run took " << full_run << " s, kills came within "
                  << span << " s");

    // A final run completes the database: exactly the corpus, each file once,
    // with the same results as a clean build of the same files.
    REQUIRE(wait_status(spawn({"index", "-q", "--db", db, corpus})) == 0);
    TempDir fresh;
    const std::string reference = fresh / "db";
    REQUIRE(wait_status(spawn({"index", "-q", "--db", reference, corpus})) == 0);
    const auto all = found(db, "commonword");
    CHECK(all.size() == static_cast<std::size_t>(files));
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == all.size());
    CHECK(all == found(reference, "commonword"));
    for (const char* q : {"医院", "病院", "heart transplant", "醫院 OR 病院", "uniq7v0", "臺灣", "鴨川"}) {
        CAPTURE(q);
        CHECK(found(db, q) == found(reference, q));
    }
    // Every file's own word finds its current version, and only that.
    for (int i = 0; i < files; i += 97) {
        const auto hit = found(db, "uniq" + std::to_string(i) + "v*");
        CHECK(hit.size() == 1);
    }
}

namespace {

/// Two index runs at once on a database of @p shards shards, with searches
/// during the first.
void two_writers(const std::string& shards) {
    TempDir tmp;
    const std::string corpus = tmp / "corpus", db = tmp / "db";
    constexpr int files = 1500;
    write_corpus(corpus, files);
    const std::string err1 = tmp / "err1", err2 = tmp / "err2";
    pid_t first = spawn({"index", "-q", "-j", "1", "--commit-every", "100", "--shards", shards, "--db", db, corpus},
                        err1);
    // Wait until the first run holds the database (its pid is in the lock
    // file), however slowly it starts on a loaded machine.
    int first_status = -1;
    while (lock_owner(db) != first) {
        int st = 0;
        if (::waitpid(first, &st, WNOHANG) == first) {
            first_status = st;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    pid_t second = spawn({"index", "-q", "--db", db, corpus}, err2);
    const int second_status = wait_status(second);

    // Readers during the write: counts never go down, and with one shard
    // every count is a committed state (a multiple of the commit size, or
    // the end; shards commit one by one, so a reader may see one shard's
    // part of a commit before another's). Until the
    // first run has created the database there is nothing to read, and search
    // says so.
    long last = 0;
    int reads = 0;
    bool created = false;
    for (;;) {
        int st = first_status;
        const bool done = st != -1 || ::waitpid(first, &st, WNOHANG) == first;
        int status = -1;
        std::string err;
        const long n = committed_count(db, &status, &err);
        ++reads;
        if (!created && !done && status == 2) {
            CHECK(err.find("no hanidx database here (create one") != std::string::npos);
            continue;
        }
        created = true;
        INFO("search's stderr: " << err);
        CHECK(status <= 1);
        CHECK(n >= last);
        if (shards == "1") CHECK((n % 100 == 0 || n == files));
        last = n;
        if (done) {
            CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0));
            break;
        }
    }
    MESSAGE(reads << " searches during the write");
    CHECK(committed_count(db) == files);

    std::ifstream e(err2);
    std::string msg((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
    if (second_status == 0) {
        // It waited for the first and then found nothing to do.
        CHECK(committed_count(db) == files);
    } else {
        CHECK(second_status == 2);
        CHECK(count_lines(msg) == 1);
        CHECK(msg.starts_with("hanidx: "));
        CHECK(msg.find(db) != std::string::npos);
        CHECK(msg.find("another hanidx process") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("two index runs at once: the second refuses clearly, readers see only committed states") {
    two_writers("1");
}

TEST_CASE("two index runs at once on three shards: the second refuses clearly, counts never go down") {
    two_writers("3");
}

TEST_CASE("a full disk ends the run with a clear error and leaves the database intact") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: mounting a 2 MB tmpfs needs root");
        return;
    }
    TempDir tmp;
    const std::string corpus = tmp / "corpus", mnt = tmp / "small";
    std::filesystem::create_directories(mnt);
    if (std::system(("mount -t tmpfs -o size=2m hanidx-test " + sh_quote(mnt) + " 2>/dev/null").c_str()) != 0) {
        MESSAGE("skipped: cannot mount a tmpfs here (no CAP_SYS_ADMIN)");
        return;
    }
    struct Unmount {
        std::string dir;
        ~Unmount() { std::system(("umount -l " + sh_quote(dir)).c_str()); }
    } unmount{mnt};
    const std::string db = mnt + "/db";
    // 2,000 files of 2 KB of distinct words: far more index than 2 MB holds.
    for (int i = 0; i < 2000; ++i) {
        std::string text = "commonword\n\n";
        for (int w = 0; w < 150; ++w) text += "w" + std::to_string(i) + "x" + std::to_string(w) + " ";
        write_file(corpus + "/f" + std::to_string(i) + ".txt", text);
    }
    Run r = run_hanidx("index -q --commit-every 100 --db " + sh_quote(db) + " " + sh_quote(corpus));
    INFO("stderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.starts_with("hanidx: "));
    CHECK(r.err.find("No space left on device") != std::string::npos);
    // Intact: it opens, search works and finds what was committed, each once.
    int status = -1;
    const long n = committed_count(db, &status);
    CHECK(status <= 1);
    CHECK(n < 2000);
    Run stats = run_hanidx("stats --db " + sh_quote(db));
    CHECK(stats.status == 0);
    const auto all = found(db, "commonword");
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == all.size());
    MESSAGE("disk full after " << n << " committed documents");
}
