// hanidx index: find files, analyse them on every core, write the database;
// incremental, interruptible, one writer at a time.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "common.hpp"
#include "hanidx/batch.hpp"
#include "hanidx/meta.hpp"
#include "hanidx/decode.hpp"
#include "hanidx/index.hpp"


namespace hanidx::cli {

namespace {

struct IndexOptions {
    Common common;
    std::vector<std::string> paths;
    std::string files_from;
    bool null_sep = false;
    bool prune = false;
    unsigned jobs = 0;
    unsigned shards = 0;
    uint64_t commit_every = 0;
    uint64_t max_size = 16u << 20;
    std::string encoding;
    std::string user_dict;
    bool quiet = false;
    bool compact = false;
    bool force = false;
    bool verify = false;
    std::vector<std::string> exclude, include, exclude_from, include_from;
    CLI::Option* max_size_option = nullptr;  ///< to tell a --max-size given from the default
    std::vector<std::string> meta;
    std::string json_fields;
};

// ---- signals: the first SIGINT/SIGTERM stops the run cleanly, a second one
// kills at once (the database stays consistent either way).

std::atomic<bool> g_cancel{false};
std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) {
    if (g_signal.exchange(sig) != 0) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    g_cancel.store(true);
}

struct SignalScope {
    struct sigaction old_int {}, old_term {};
    SignalScope() {
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGINT, &sa, &old_int);
        ::sigaction(SIGTERM, &sa, &old_term);
    }
    ~SignalScope() {
        ::sigaction(SIGINT, &old_int, nullptr);
        ::sigaction(SIGTERM, &old_term, nullptr);
    }
};

/// Paths from a file or stdin, separated by newlines or NULs. Reads with a
/// timeout so that a signal stops the run even while the writer of a pipe
/// is silent.
class PathList {
  public:
    PathList(const std::string& file, bool null_sep) : sep_(null_sep ? '\0' : '\n'), name_(file) {
        if (file == "-") {
            fd_ = STDIN_FILENO;
        } else {
            fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            if (fd_ < 0) throw std::runtime_error(file + ": " + std::strerror(errno));
            own_ = true;
        }
    }
    ~PathList() {
        if (own_) ::close(fd_);
    }
    PathList(const PathList&) = delete;
    PathList& operator=(const PathList&) = delete;

    bool next(std::string& path) {
        for (;;) {
            if (auto at = buf_.find(sep_, start_); at != std::string::npos) {
                path.assign(buf_, start_, at - start_);
                start_ = at + 1;
                return true;
            }
            if (eof_) {
                if (start_ >= buf_.size()) return false;
                path.assign(buf_, start_);
                start_ = buf_.size();
                return true;
            }
            buf_.erase(0, start_);
            start_ = 0;
            struct pollfd p {fd_, POLLIN, 0};
            int r = ::poll(&p, 1, 100);
            if (g_cancel.load()) return false;
            if (r < 0 && errno != EINTR) throw std::runtime_error(name_ + ": " + std::strerror(errno));
            if (r <= 0) continue;
            char chunk[65536];
            ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                throw std::runtime_error(name_ + ": " + std::strerror(errno));
            }
            if (n == 0) eof_ = true;
            buf_.append(chunk, static_cast<std::size_t>(n));
        }
    }

  private:
    int fd_ = -1;
    bool own_ = false;
    char sep_;
    std::string name_;
    std::string buf_;
    std::size_t start_ = 0;
    bool eof_ = false;
};

std::string clock_text(double secs) {
    const long s = static_cast<long>(secs + 0.5);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

/// Reports failures on stderr, and a progress line redrawn in place when
/// stderr is a terminal.
class Reporter : public BatchSink {
  public:
    explicit Reporter(bool show_progress) : progress_(show_progress) {}

    void failed(const std::string& path, FileIssue kind, const std::string& reason) override {
        clear();
        warn(path + (is_skip(kind) ? ": skipped: " : ": ") + reason);
    }
    void pruned(const std::string& root, uint64_t documents) override {
        clear();
        warn(root + ": gone; removed " + std::to_string(documents) + " document" + (documents == 1 ? "" : "s") +
             " indexed below it (--prune)");
    }
    void warning(const std::string& path, const std::string& what) override {
        clear();
        warn(path + ": " + what);
    }
    void progress(const BatchProgress& p) override {
        if (!progress_) return;
        const double rate = p.seconds > 0 ? p.bytes_done / 1e6 / p.seconds : 0.0;
        char line[200];
        int n = std::snprintf(line, sizeof line,
                              "\rhanidx: %llu%s files (%llu indexed, %llu unchanged, %llu skipped, %llu failed), "
                              "%.1f MB/s",
                              static_cast<unsigned long long>(p.done),
                              p.walk_done ? ("/" + std::to_string(p.found)).c_str() : "",
                              static_cast<unsigned long long>(p.indexed),
                              static_cast<unsigned long long>(p.unchanged),
                              static_cast<unsigned long long>(p.skipped),
                              static_cast<unsigned long long>(p.failed), rate);
        std::string s(line, static_cast<std::size_t>(std::max(0, std::min<int>(n, sizeof line - 1))));
        if (p.walk_done && rate > 0 && p.bytes_todo > p.bytes_done)
            s += ", ETA " + clock_text((p.bytes_todo - p.bytes_done) / 1e6 / rate);
        s += "\x1b[K";
        std::fwrite(s.data(), 1, s.size(), stderr);
        std::fflush(stderr);
        shown_ = true;
    }
    /// Remove the progress line, if one is shown.
    void clear() {
        if (!shown_) return;
        std::fputs("\r\x1b[K", stderr);
        shown_ = false;
    }

  private:
    bool progress_;
    bool shown_ = false;
};

/// Globs from @p file (--exclude-from, --include-from): one a line; blank
/// lines and lines starting with '#' are ignored.
void read_globs(const std::string& file, std::vector<std::string>& out) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file + ": " + std::strerror(errno));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        out.push_back(line);
    }
}

int run_index(const IndexOptions& opt) {
    hanidx::Selection select;  // not cli::Selection (select.hpp), which picks search hits
    select.exclude = opt.exclude;
    select.include = opt.include;
    for (const std::string& f : opt.exclude_from) read_globs(f, select.exclude);
    for (const std::string& f : opt.include_from) read_globs(f, select.include);
    const bool again = opt.paths.empty() && opt.files_from.empty();  // the remembered roots
    if (again && select != hanidx::Selection{}) {
        warn("index: --exclude and --include apply to the paths named; the remembered roots keep their own "
             "(hanidx stats lists them)");
        return error;
    }
    if (!opt.encoding.empty()) decode("", opt.encoding);  // an unknown name fails here, once
    std::unique_ptr<PathList> list;
    if (!opt.files_from.empty()) list = std::make_unique<PathList>(opt.files_from, opt.null_sep);
    MetaTable meta;
    for (const std::string& file : opt.meta)
        if (auto loaded = meta.load(file); !loaded) {
            warn(loaded.error());  // before any file is indexed
            return error;
        }

    const std::string db = resolve_db(opt.common);
    const auto nothing_remembered = [&db] {
        warn("index: " + db + " remembers no files or directories to index; name them once (hanidx index "
             "DIR...) and later runs without paths index them again");
        return error;
    };
    if (std::error_code ec; again && !std::filesystem::exists(db, ec)) return nothing_remembered();  // not created
    IndexWriter writer(db, opt.shards);  // takes the lock, or says who holds it

    BatchInput input;
    input.paths = opt.paths;
    input.select = select;
    if (list) input.more = [&list](std::string& p) { return list->next(p); };
    BatchOptions bo;
    bo.jobs = opt.jobs;
    bo.max_file_bytes = opt.max_size;
    if (again) {
        const Remembered r = decode_remembered(writer.metadata(remembered_key));
        if (r.roots.empty()) return nothing_remembered();
        input.roots = r.roots;
        if (!opt.max_size_option || opt.max_size_option->count() == 0) bo.max_file_bytes = r.max_file_bytes;
    }
    bo.remember = !opt.paths.empty() || again;
    bo.force = opt.force;
    bo.verify = opt.verify;
    bo.prune = opt.prune;
    if (!opt.meta.empty()) bo.meta = &meta;
    if (opt.commit_every) bo.commit_docs = opt.commit_every;
    bo.analyzer.encoding = opt.encoding;
    bo.analyzer.segmenter.user_dict = opt.user_dict;
    bo.analyzer.dump.set_json_fields(opt.json_fields);  // a bad spec fails here, before any work
    { Analyzer check(bo.analyzer); }  // a bad --user-dict fails here, once
    bo.cancel = &g_cancel;

    Reporter reporter(!opt.quiet && stderr_is_tty());
    RunInfo r;
    {
        SignalScope signals;
        r = index_files(writer, input, bo, reporter);
    }
    reporter.clear();
    std::optional<std::pair<uint64_t, uint64_t>> compacted;
    if (opt.compact && !r.interrupted) compacted = writer.compact();
    if (!opt.quiet) {
        char line[512];
        std::snprintf(line, sizeof line,
                      "%llu indexed, %llu unchanged (%llu touched), %llu skipped, %llu failed, %llu removed; "
                      "%.2f MB in %.2f s; %llu documents in %s",
                      static_cast<unsigned long long>(r.indexed),
                      static_cast<unsigned long long>(r.unchanged),
                      static_cast<unsigned long long>(r.touched),
                      static_cast<unsigned long long>(r.skipped),
                      static_cast<unsigned long long>(r.failed),
                      static_cast<unsigned long long>(r.removed), r.bytes / 1e6, r.seconds,
                      static_cast<unsigned long long>(writer.size()), db.c_str());
        warn(line);
        if (compacted) {
            std::snprintf(line, sizeof line, "compacted the database from %.1f MB to %.1f MB",
                          compacted->first / 1e6, compacted->second / 1e6);
            warn(line);
        } else if (opt.compact && !r.interrupted) {
            warn("the database is compact already: nothing changed since it was compacted");
        }
    }
    if (r.interrupted) {
        const int sig = g_signal.load();
        warn(std::string("interrupted by ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
             ": what was done is committed; run the same command again to finish");
        return 128 + (sig ? sig : SIGINT);
    }
    return r.failed ? error : ok;
}

}  // namespace

Runner setup_index(CLI::App& app) {
    auto opt = std::make_shared<IndexOptions>();
    add_db_option(app, opt->common);
    app.add_option("paths", opt->paths,
                   "files and directories to index (directories recursively: .txt .text .htm .html "
                   ".xhtml .shtml, and multi-article files .jsonl .ndjson .sgm .sgml .xml .dat); remembered in the database: with none, index the remembered ones again");
    app.add_option("--exclude", opt->exclude,
                   "leave out files and directories matching GLOB in directory walks (repeatable): "
                   "without '/' it matches a name at any depth, with '/' the path below the root")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    app.add_option("--include", opt->include,
                   "walk directories for the files matching GLOB only, instead of the default extensions "
                   "(repeatable), e.g. '*.dat'")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    app.add_option("--exclude-from", opt->exclude_from, "read --exclude globs from FILE, one a line ('#': comment)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--include-from", opt->include_from, "read --include globs from FILE, one a line ('#': comment)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_flag("--force", opt->force, "analyse every file again, even those the index has as unchanged");
    app.add_flag("--verify", opt->verify,
                 "read and hash every file whose size and mtime did not change, and analyse it again if its "
                 "content did");
    app.add_option("--files-from", opt->files_from,
                   "also index the paths listed in FILE, one per line ('-': standard input)");
    app.add_flag("-0,--null", opt->null_sep, "with --files-from: paths are separated by NUL (find -print0)");
    app.add_flag("--prune", opt->prune,
                 "remove the documents below the directories given (or remembered) whose files are gone; a "
                 "directory gone as a whole is forgotten");
    app.add_option("-j,--jobs", opt->jobs, "analysis threads (default: one per core)");
    app.add_option("--shards", opt->shards,
                   "write a new database as N shards in parallel (default: one per core, at most 4); "
                   "fixed when the database is created")
        ->check(CLI::Range(1, 64));
    app.add_option("--commit-every", opt->commit_every,
                   "commit after this many documents (default: 2000, or every 24 MB of files)");
    opt->max_size_option = app.add_option("--max-size", opt->max_size,
                                          "skip (and report) files larger than this, e.g. 64M, except multi-article files; 0: no limit "
                                          "(remembered with the paths)")
                               ->transform(CLI::AsSizeValue(false))
                               ->default_str("16M");
    app.add_option("--encoding", opt->encoding, "read every file in this encoding instead of detecting");
    app.add_option("--user-dict", opt->user_dict,
                   "user dictionary for segmentation: one word a line, optionally TAB weight "
                   "(give search the same one)");
    app.add_option("--meta", opt->meta,
                   "titles, dates and fields by path (or PATH#N): a TSV file with a header line (first "
                   "column path) or JSON Lines objects with \"path\"; repeatable, later files override")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--json-fields", opt->json_fields,
                   "JSON Lines dumps: which fields hold the title, body, date and URL, e.g. "
                   "title=headline,body=story,date=meta.published (default: the common spellings)");
    app.add_flag("-q,--quiet", opt->quiet, "no progress line and no summary line");
    app.add_flag("--compact", opt->compact,
                 "after the batch, rewrite the database compactly (about half the size; takes "
                 "time in proportion to the whole database)");
    app.footer(
        "Summary line on stderr: N indexed, N unchanged (N touched: only the mtime moved), N skipped, "
        "N failed, N removed.\n"
        "Skipped (named on stderr as 'PATH: skipped: reason', the run still succeeds): binary files, "
        "FIFOs, sockets, devices, broken symbolic links, files over --max-size. Failed: files that could "
        "not be read or indexed (permission denied, I/O error, gone mid-run, a path given that does not "
        "exist).\n"
        "Exit status: 0 every file indexed, unchanged or skipped; 2 some file failed (each is named "
        "on stderr) or the database cannot be written, e.g. another hanidx index holds it; "
        "130 interrupted by SIGINT, 143 by SIGTERM (what was done is committed; run again to "
        "finish).\n"
        "Nightly: 15 3 * * * hanidx index --prune --compact >>~/hanidx.log 2>&1");
    return [opt] { return run_index(*opt); };
}

const Command register_index{"index", "index files and directories into the database", setup_index, 10};

}  // namespace hanidx::cli
