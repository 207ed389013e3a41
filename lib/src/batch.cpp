// Batch indexing: one walker thread finds files and decides what needs work,
// N analysis threads (each with its own Analyzer) read and analyse them into
// ready-made documents, and the calling thread alone writes to Xapian.
//
//   walker --jobs--> analysers --outcomes--> writer (caller)
//
// Both queues are bounded, the outcome queue also in bytes, and the bytes of
// files being analysed count against the same budget, so memory stays flat
// however large the corpus.
#include "hanidx/batch.hpp"


#include "hanidx/meta.hpp"
#include "hanidx/articles.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

namespace fs = std::filesystem;

namespace hanidx {

namespace {

using Clock = std::chrono::steady_clock;

/// A FIFO queue bounded in items and in bytes, with producers that say when
/// they are done.
template <class T>
class BoundedQueue {
  public:
    BoundedQueue(std::size_t max_items, uint64_t max_bytes, unsigned producers)
        : max_items_(max_items), max_bytes_(max_bytes), producers_(producers) {}

    /// Blocks while full; an item larger than the byte bound goes in alone.
    /// False if the queue was closed (the item is dropped).
    bool push(T item, uint64_t bytes = 0) {
        std::unique_lock lock(m_);
        not_full_.wait(lock, [&] {
            return closed_ || (items_.size() < max_items_ &&
                               (items_.empty() || bytes_ + bytes <= max_bytes_));
        });
        if (closed_) return false;
        items_.emplace_back(std::move(item), bytes);
        bytes_ += bytes;
        not_empty_.notify_one();
        return true;
    }

    enum class Pop { Item, Timeout, End };
    /// Wait up to @p timeout for an item; End once every producer is done and
    /// the queue is empty (or it was closed).
    Pop pop(T& out, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_);
        if (!not_empty_.wait_for(lock, timeout,
                                 [&] { return closed_ || !items_.empty() || producers_ == 0; }))
            return Pop::Timeout;
        if (items_.empty() || closed_) return Pop::End;
        out = std::move(items_.front().first);
        bytes_ -= items_.front().second;
        items_.pop_front();
        not_full_.notify_all();
        return Pop::Item;
    }

    void producer_done() {
        std::lock_guard lock(m_);
        if (--producers_ == 0) not_empty_.notify_all();
    }

    /// Wake everybody and refuse further items.
    void close() {
        std::lock_guard lock(m_);
        closed_ = true;
        not_full_.notify_all();
        not_empty_.notify_all();
    }

  private:
    std::mutex m_;
    std::condition_variable not_full_, not_empty_;
    std::deque<std::pair<T, uint64_t>> items_;
    std::size_t max_items_;
    uint64_t max_bytes_;
    uint64_t bytes_ = 0;
    unsigned producers_;
    bool closed_ = false;
};

/// Bytes of memory shared by the analysers: a file is read only when its size
/// fits, or when nothing else is in flight.
class Budget {
  public:
    explicit Budget(uint64_t max) : max_(max) {}
    /// False if closed while waiting.
    bool acquire(uint64_t n) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return closed_ || used_ == 0 || used_ + n <= max_; });
        if (closed_) return false;
        used_ += n;
        return true;
    }
    void release(uint64_t n) {
        std::lock_guard lock(m_);
        used_ -= std::min(used_, n);
        cv_.notify_all();
    }
    void close() {
        std::lock_guard lock(m_);
        closed_ = true;
        cv_.notify_all();
    }

  private:
    std::mutex m_;
    std::condition_variable cv_;
    uint64_t max_, used_ = 0;
    bool closed_ = false;
};

/// A file the walker wants analysed.
struct Job {
    std::string path;
    std::optional<FileStamp> old;  ///< what the index has, if anything
    bool verify = false;           ///< only the mtime moved: compare content hashes first
    bool was_plain = false;        ///< the index has a document for the file itself
    bool was_dump = false;         ///< the index has articles "FILE#N" of it
};

/// What became of one file.
///
/// A multi-article file gives one Article or ArticleFailed per article, in
/// file order except that article 1 comes last (it carries the stamp the
/// next run checks, see IndexWriter::stamp(): a run killed half-way leaves
/// it old or missing, and the file is read again), then DumpDone.
struct Outcome {
    enum Kind { Indexed, Restamp, Unchanged, Failed, Interrupted, Article, ArticleFailed, DumpDone } kind = Failed;
    std::string path;        ///< FILE, or FILE#N for Article and ArticleFailed
    FileIssue issue = FileIssue::Unindexable;  ///< Failed, ArticleFailed: why (a skip by rule or a failure)
    std::string message;     ///< Failed, ArticleFailed: the reason; Indexed, DumpDone: a warning, if any
    FileStamp stamp;         ///< Restamp
    PreparedDocument doc;    ///< Indexed, Article
    uint64_t bytes = 0;      ///< Indexed, DumpDone: file size
    std::size_t articles = 0;  ///< DumpDone: how many the file has
    bool complete = true;    ///< DumpDone: false when the run stopped in the middle of the file
    bool was_plain = false, was_dump = false;  ///< as Job's
};

/** Whether @p s is well-formed UTF-8 that decode() would take as it is:
 *  no ESC (ISO-2022-JP is 7-bit) nor NUL, and either pure ASCII or more than 32
 *  multi-byte characters (fewer may be a short GBK text; decode() weighs
 *  that). Lets a large UTF-8 dump be used in place instead of copied.
 */
bool utf8_as_is(std::string_view s) {
    std::size_t multibyte = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned char b = *p;
        if (b < 0x80) {
            if (b == 0x1B || b == 0) return false;  // ISO-2022-JP; UTF-16 without a BOM
            ++p;
            continue;
        }
        std::size_t n;
        uint32_t cp;
        if (b >= 0xC2 && b <= 0xDF) n = 1, cp = b & 0x1F;
        else if (b >= 0xE0 && b <= 0xEF) n = 2, cp = b & 0x0F;
        else if (b >= 0xF0 && b <= 0xF4) n = 3, cp = b & 0x07;
        else return false;
        if (static_cast<std::size_t>(end - p) <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((p[k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        // Overlong three- and four-byte forms, surrogates, beyond U+10FFFF.
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        ++multibyte;
        p += n + 1;
    }
    return multibyte == 0 || multibyte > 32;
}

/// Whether a file found by a walk that only its content can tell (".dat") is a dump.
bool dump_by_content(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return true;  // let the analyser report why
    std::string head(64 << 10, '\0');
    const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
    ::close(fd);
    if (n < 0) return true;
    head.resize(static_cast<std::size_t>(n));
    return sniff_dump(head, path) != DumpFormat::None;
}

int64_t mtime_ns(const struct stat& st) {
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::string type_name(mode_t m) {
    if (S_ISDIR(m)) return "is a directory";
    if (S_ISFIFO(m)) return "is a FIFO; not read";
    if (S_ISSOCK(m)) return "is a socket; not read";
    if (S_ISCHR(m) || S_ISBLK(m)) return "is a device; not read";
    return "not a regular file";
}

std::string type_description(fs::file_type t) {
    switch (t) {
        case fs::file_type::fifo: return "is a FIFO; not read";
        case fs::file_type::socket: return "is a socket; not read";
        case fs::file_type::block:
        case fs::file_type::character: return "is a device; not read";
        default: return "not a regular file";
    }
}

/// ENOENT or ENOTDIR: the path names nothing (as opposed to, say, EACCES or ELOOP).
bool names_nothing(const std::error_code& ec) {
    return ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
}

bool any_matches(const std::vector<std::string>& globs, std::string_view rel, bool is_dir) {
    for (const std::string& g : globs)
        if (glob_matches(g, rel, is_dir)) return true;
    return false;
}

/// The path of @p p relative to the walked directory @p root ("/a/b", "/a/b/c/d.txt" -> "c/d.txt").
std::string_view relative_to(std::string_view root, std::string_view p) {
    if (p.size() <= root.size()) return {};
    p.remove_prefix(root.size());
    if (!p.empty() && p.front() == '/') p.remove_prefix(1);
    return p;
}

/// True when the file a document of @p path was made from is gone. "FILE#N"
/// (an article of FILE) is gone when FILE is.
bool file_gone(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) return false;
    if (errno != ENOENT && errno != ENOTDIR) return false;  // there, but not for us to judge
    const auto hash = path.rfind('#');
    if (hash == std::string::npos || hash + 1 == path.size() ||
        path.find_first_not_of("0123456789", hash + 1) != std::string::npos)
        return true;
    if (::stat(path.substr(0, hash).c_str(), &st) == 0) return false;
    return errno == ENOENT || errno == ENOTDIR;
}

/// "812 bytes", "4.9 KiB", "200.0 MiB": sizes as --max-size takes them.
std::string size_text(uint64_t bytes) {
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    else if (bytes < (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
    else std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / 1048576.0);
    return buf;
}

/// Read all of regular file @p fd (size @p size as fstat saw it) into @p out.
bool read_all(int fd, uint64_t size, std::string& out, std::string& why) {
    out.clear();
    out.reserve(size);
    char buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            why = std::strerror(errno);
            return false;
        }
        if (n == 0) return true;
        out.append(buf, static_cast<std::size_t>(n));
    }
}

/// Whether the --meta records for @p path differ from those applied when it
/// was indexed (no table: they are kept as they are).
bool meta_changed(const MetaTable* meta, const FileStamp& old, const std::string& path) {
    return meta && meta->hash_for(path) != old.meta;
}

/// Apply the --meta record of @p path to @p a and note the records in @p stamp.
void apply_meta(const MetaTable* meta, const std::string& path, Analysis& a, FileStamp& stamp) {
    if (!meta) return;
    meta->apply(path, a);
    stamp.meta = meta->hash_for(path);
}

class Run {
  public:
    Run(IndexWriter& writer, const BatchInput& input, const BatchOptions& opt, BatchSink& sink)
        : writer_(writer), input_(input), opt_(opt), sink_(sink),
          jobs_n_(opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency())),
          jobs_(1024, UINT64_MAX, 1),
          outcomes_(std::max<std::size_t>(64, jobs_n_ * 4), std::max<uint64_t>(opt.memory_bytes / 2, 1 << 20),
                    jobs_n_ + 1),
          budget_(std::max<uint64_t>(opt.memory_bytes / 2, 1 << 20)) {}

    RunInfo run() {
        const auto t0 = Clock::now();
        info_.started = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
        // The walker reads stamps through its own reader: the writer is not
        // thread-safe, and everything the walker needs is already committed.
        writer_.commit();
        try {
            reader_.emplace(writer_.directory());
        } catch (const IndexError&) {
            // A database too new to open for reading: treat every file as new.
        }
        std::vector<std::thread> threads;
        threads.emplace_back([this] { walk_all(); });
        for (unsigned i = 0; i < jobs_n_; ++i) threads.emplace_back([this] { analyse(); });
        struct Joiner {
            Run* run;
            std::vector<std::thread>& threads;
            ~Joiner() {
                run->stop();
                run->outcomes_.close();  // only matters when the writer threw
                for (auto& t : threads)
                    if (t.joinable()) t.join();
            }
        } joiner{this, threads};

        write_all(t0);
        stop();
        for (auto& t : threads) t.join();
        if (opt_.prune && !cancelled()) prune();
        if (opt_.remember && !cancelled()) remember();
        info_.interrupted = cancelled();
        info_.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        writer_.set_last_run(info_);
        writer_.commit();
        return info_;
    }

  private:
    bool cancelled() const { return opt_.cancel && opt_.cancel->load(std::memory_order_relaxed); }

    void stop() {
        stopping_ = true;
        jobs_.close();
        budget_.close();
    }

    // ---- walker thread ------------------------------------------------------

    void emit(Outcome o) { outcomes_.push(std::move(o)); }

    void fail(const std::string& path, FileIssue issue, const std::string& why) {
        Outcome o;
        o.kind = Outcome::Failed;
        o.path = path;
        o.issue = issue;
        o.message = why;
        emit(std::move(o));
    }

    std::optional<FileStamp> stored(const std::string& path) {
        if (!reader_) return std::nullopt;
        try {
            return reader_->stamp(path);
        } catch (const IndexError&) {
            return std::nullopt;
        }
    }

    /// One file, named or found: decide whether it needs work. @p canonical:
    /// the path is known to be canonical already.
    void file(const std::string& given, bool canonical = false) {
        std::string path = given;
        if (!canonical) {
            std::error_code ec;
            fs::path canon = fs::canonical(given, ec);
            if (ec) return fail(given, names_nothing(ec) ? FileIssue::Missing : FileIssue::Unreadable, ec.message());
            path = canon.string();
        }
        if (!seen_.insert(path).second) return;
        ++found_;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            return fail(path, errno == ENOENT ? FileIssue::Missing : FileIssue::Unreadable, std::strerror(errno));
        if (!S_ISREG(st.st_mode)) return fail(path, FileIssue::Special, type_name(st.st_mode));
        const uint64_t size = static_cast<uint64_t>(st.st_size);
        Job job{path, opt_.force ? std::nullopt : stored(path), false};
        if (job.old && job.old->size == size && !meta_changed(opt_.meta, *job.old, path)) {
            if (job.old->mtime_ns == mtime_ns(st) && !(opt_.verify && !job.old->hash.empty())) {
                Outcome o;
                o.kind = Outcome::Unchanged;
                o.path = std::move(path);
                return emit(std::move(o));
            }
            job.verify = !job.old->hash.empty();
        }
        if (job.old && reader_) {
            try {
                job.was_plain = reader_->find(path, false).has_value();
            } catch (const IndexError&) {
                job.was_plain = true;
            }
            job.was_dump = !job.was_plain;
        }
        bytes_todo_ += size;
        jobs_.push(std::move(job));
    }

    /// One root: a file, or a directory to walk. @p remember: a root of the
    /// command line or the remembered ones (not a --files-from path).
    void walk(const std::string& root, const Selection& select, bool remember) {
        std::error_code ec;
        auto st = fs::status(root, ec);
        if (ec) {
            std::error_code lec;
            if (names_nothing(ec) && fs::is_symlink(fs::symlink_status(root, lec)))
                return fail(root, FileIssue::BrokenLink, "broken symbolic link");
            // A root that is gone still has its documents pruned, and is forgotten.
            if (opt_.prune && names_nothing(ec)) {
                std::error_code aec;
                const std::string abs = fs::weakly_canonical(fs::absolute(root, aec), aec).string();
                std::lock_guard lock(roots_m_);
                prune_roots_.push_back({abs, true});
                return;
            }
            return fail(root, names_nothing(ec) ? FileIssue::Missing : FileIssue::Unreadable, ec.message());
        }
        if (!fs::is_directory(st)) {
            if (remember) {
                std::error_code cec;
                const fs::path canon = fs::canonical(root, cec);
                if (!cec) add_walked(canon.string(), select);
            }
            return file(root);
        }
        // Walk the canonical root: the paths found are then canonical too,
        // except through symbolic links, which are resolved one by one.
        fs::path canon = fs::canonical(root, ec);
        if (ec) return fail(root, FileIssue::Unreadable, ec.message());
        const std::string base = canon.string();
        if (opt_.prune) {
            std::lock_guard lock(roots_m_);
            prune_roots_.push_back({base, false});
        }
        if (remember) add_walked(base, select);
        fs::recursive_directory_iterator it(canon, ec);
        if (ec) return fail(root, FileIssue::Unreadable, ec.message());
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (stopping_ || cancelled()) return;
            if (ec) {
                // The iterator is at its end after an error; what was not listed is lost to this run.
                fail(it == fs::recursive_directory_iterator() ? base : it->path().string(), FileIssue::Unreadable,
                     ec.message());
                return;
            }
            const fs::directory_entry& e = *it;
            const std::string p = e.path().string();
            const std::string_view rel = relative_to(base, p);
            std::error_code sec;
            const bool link = e.is_symlink(sec);
            if (!link && e.is_directory(sec)) {
                if (any_matches(select.exclude, rel, true)) {
                    it.disable_recursion_pending();
                } else if (::access(p.c_str(), R_OK | X_OK) != 0) {
                    // Not entered: the iterator would stop at it.
                    fail(p, FileIssue::Unreadable, std::strerror(errno));
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (any_matches(select.exclude, rel, false)) continue;
            if (select.include.empty() ? !indexable_name(p) : !any_matches(select.include, rel, false)) continue;
            // By default a walk takes a .dat file only when its content is a dump.
            if (std::string ext = e.path().extension().string();
                select.include.empty() && ext.size() == 4 && ext[0] == '.' && (ext[1] | 0x20) == 'd' &&
                (ext[2] | 0x20) == 'a' && (ext[3] | 0x20) == 't' && !dump_by_content(p))
                continue;
            const fs::file_type type = e.status(sec).type();
            if (sec) {
                if (link && names_nothing(sec)) fail(p, FileIssue::BrokenLink, "broken symbolic link");
                else fail(p, names_nothing(sec) ? FileIssue::Missing : FileIssue::Unreadable,
                          sec.message());  // e.g. a symbolic link loop
            } else if (type == fs::file_type::regular) {
                file(p, !link);
            } else if (type != fs::file_type::directory) {
                fail(p, FileIssue::Special, type_description(type));
            }
        }
        if (ec) fail(root, FileIssue::Unreadable, ec.message());
    }

    void add_walked(std::string root, const Selection& select) {
        std::lock_guard lock(roots_m_);
        walked_.push_back(Root{std::move(root), select});
    }

    void walk_all() {
        try {
            for (const std::string& p : input_.paths) {
                if (stopping_ || cancelled()) break;
                walk(p, input_.select, true);
            }
            for (const Root& r : input_.roots) {
                if (stopping_ || cancelled()) break;
                walk(r.path, r.select, true);
            }
            if (input_.more) {
                std::string p;
                while (!stopping_ && !cancelled() && input_.more(p))
                    if (!p.empty()) walk(p, input_.select, false);
            }
        } catch (const std::exception& e) {
            fail("(walk)", FileIssue::Unreadable, e.what());
        }
        walk_done_ = true;
        jobs_.producer_done();
        outcomes_.producer_done();
    }

    // ---- analysis threads -----------------------------------------------------

    void analyse() {
        std::optional<Analyzer> made;
        try {
            made.emplace(opt_.analyzer);
        } catch (const std::exception& e) {
            // Same options as every other thread: the run cannot go on.
            Outcome o;
            o.path = "(analyser)";
            o.issue = FileIssue::Unindexable;
            o.message = e.what();
            outcomes_.push(std::move(o));
            stop();
            outcomes_.producer_done();
            return;
        }
        Analyzer& analyzer = *made;
        Job job;
        std::string bytes;
        while (!stopping_ && !cancelled() && jobs_.pop(job, std::chrono::milliseconds(100)) !=
                                                 BoundedQueue<Job>::Pop::End) {
            if (job.path.empty()) continue;  // timeout
            Outcome o = analyse_one(analyzer, job, bytes);
            job.path.clear();
            bytes.clear();
            bytes.shrink_to_fit();
            const uint64_t cost = o.doc.memory() + o.path.size() + 64;
            if (!outcomes_.push(std::move(o), cost)) break;
        }
        outcomes_.producer_done();
    }

    Outcome analyse_one(Analyzer& analyzer, const Job& job, std::string& bytes) {
        Outcome o;
        o.path = job.path;
        auto failed = [&](FileIssue issue, std::string why) {
            o.kind = Outcome::Failed;
            o.issue = issue;
            o.message = std::move(why);
            return std::move(o);
        };
        // O_NONBLOCK: opening a FIFO that replaced the file must not wait for a writer.
        const int fd = ::open(job.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) return failed(FileIssue::Unreadable, std::strerror(errno));
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        struct stat st {};
        if (::fstat(fd, &st) != 0) return failed(FileIssue::Unreadable, std::strerror(errno));
        if (!S_ISREG(st.st_mode)) return failed(FileIssue::Special, type_name(st.st_mode));
        const uint64_t size = static_cast<uint64_t>(st.st_size);
        DumpFormat dump = DumpFormat::None;
        if (analyzer.options().format == Format::Auto) {
            std::string head(64 << 10, '\0');
            const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
            if (n > 0) dump = sniff_dump(std::string_view(head.data(), static_cast<std::size_t>(n)), job.path);
        }
        // A multi-article file is not refused for its size: its articles are
        // analysed one at a time.
        if (dump == DumpFormat::None && opt_.max_file_bytes && size > opt_.max_file_bytes)
            return failed(FileIssue::TooLarge, size_text(size) + " is larger than the limit of " +
                                                   size_text(opt_.max_file_bytes) + " (--max-size)");
        // Analysis takes several times the file's size (measured: a 4 MB
        // single-line Chinese file, 26 MB above the analyser's own); reserve
        // that. A dump is read and decoded whole (twice its size at the peak),
        // then analysed one article at a time.
        const uint64_t reserve = dump != DumpFormat::None ? size * 2 + (8u << 20) : size * 7;
        if (!budget_.acquire(reserve)) {
            o.kind = Outcome::Interrupted;
            return o;
        }
        struct Releaser {
            Budget& b;
            uint64_t n;
            ~Releaser() { b.release(n); }
        } releaser{budget_, reserve};

        // The stamp is taken before reading: a change during the read moves
        // the mtime on, and the next run looks again.
        FileStamp stamp;
        stamp.size = size;
        stamp.mtime_ns = mtime_ns(st);
        std::string why;
        if (!read_all(fd, size, bytes, why)) return failed(FileIssue::Unreadable, why);
        if (looks_binary(bytes)) return failed(FileIssue::Binary, "binary file");
        stamp.size = bytes.size();
        stamp.hash = content_hash(bytes);
        if (job.verify && job.old && job.old->hash == stamp.hash) {
            // Same content; a new stamp to store only if the mtime moved (not for --verify).
            o.kind = job.old->mtime_ns == stamp.mtime_ns && job.old->size == stamp.size ? Outcome::Unchanged
                                                                                        : Outcome::Restamp;
            o.stamp = std::move(stamp);
            return o;
        }
        if (dump != DumpFormat::None) return analyse_dump(analyzer, job, dump, stamp, bytes);
        try {
            Analysis a = analyzer.analyze(bytes, job.path);
            apply_meta(opt_.meta, job.path, a, stamp);
            if (a.invalid)
                o.message = std::to_string(a.invalid) + " invalid byte sequence(s) in " + a.encoding +
                            " replaced by U+FFFD";
            o.doc = prepare_document(job.path, stamp, a, analyzer);
        } catch (const std::bad_alloc&) {
            return failed(FileIssue::Unindexable, "out of memory while analysing " + size_text(size));
        } catch (const std::exception& e) {
            return failed(FileIssue::Unindexable, e.what());
        }
        o.kind = Outcome::Indexed;
        o.bytes = bytes.size();
        o.was_dump = job.was_dump;
        return o;
    }

    /// A multi-article file: its articles go to the writer as they are
    /// analysed; the DumpDone outcome is returned.
    Outcome analyse_dump(Analyzer& analyzer, const Job& job, DumpFormat format, FileStamp stamp,
                         std::string& bytes) {
        Outcome done;
        done.kind = Outcome::DumpDone;
        done.path = job.path;
        done.bytes = bytes.size();
        done.was_plain = job.was_plain;
        done.was_dump = job.was_dump;
        Decoded file;
        try {
            if (analyzer.options().encoding.empty() && !bytes.starts_with("\xEF\xBB\xBF") &&
                !bytes.starts_with("\xFF\xFE") && !bytes.starts_with("\xFE\xFF") && utf8_as_is(bytes)) {
                // The common case: used in place, not copied (a 200 MB dump
                // then takes 200 MB, not 400 MB, while it is split).
                file.text = std::move(bytes);
                file.encoding = "UTF-8";
                file.confidence = 1.0;
            } else {
                file = decode(bytes, analyzer.options().encoding);
            }
        } catch (const std::bad_alloc&) {
            done.kind = Outcome::Failed;
            done.message = "out of memory while decoding " + size_text(bytes.size());
            return done;
        }
        bytes.clear();
        bytes.shrink_to_fit();
        if (file.invalid)
            done.message = std::to_string(file.invalid) + " invalid byte sequence(s) in " + file.encoding +
                           " replaced by U+FFFD";
        // The file's --meta hash covers the records of all its FILE#N.
        if (opt_.meta) stamp.meta = opt_.meta->hash_for(job.path);
        std::optional<Outcome> held;  // article 1, sent last
        bool stopped = false;
        done.articles = split_articles(file.text, format, analyzer.options().dump, [&](Article&& article) {
            if (stopping_ || cancelled()) {
                stopped = true;
                return false;
            }
            const std::size_t number = article.number;
            Outcome o;
            o.path = article_path(job.path, number);
            // A file whose article 1 was malformed has no stamp: its old
            // articles are unknown to the walker, so always clean up.
            o.was_dump = true;
            if (!article.error.empty()) {
                o.kind = Outcome::ArticleFailed;
                o.message = std::move(article.error);
            } else {
                try {
                    Analysis a = analyzer.analyze(std::move(article), file);
                    if (opt_.meta) opt_.meta->apply(o.path, a);  // --meta records for FILE#N
                    o.doc = prepare_document(o.path, stamp, a, analyzer);
                    o.kind = Outcome::Article;
                } catch (const std::bad_alloc&) {
                    o.kind = Outcome::ArticleFailed;
                    o.message = "out of memory while analysing the article";
                } catch (const std::exception& e) {
                    o.kind = Outcome::ArticleFailed;
                    o.message = e.what();
                }
            }
            if (o.kind == Outcome::Article && number == 1) {
                held = std::move(o);
                return true;
            }
            const uint64_t cost = o.doc.memory() + o.path.size() + 64;
            if (!outcomes_.push(std::move(o), cost)) stopped = true;
            return !stopped;
        });
        done.complete = !stopped;
        if (held && !stopped) {
            const uint64_t cost = held->doc.memory() + held->path.size() + 64;
            if (!outcomes_.push(std::move(*held), cost)) done.complete = false;
        }
        return done;
    }

    // ---- the writer (calling thread) --------------------------------------------

    void write_all(Clock::time_point t0) {
        auto last_progress = Clock::now();
        uint64_t docs_since = 0, bytes_since = 0;
        Outcome o;
        for (;;) {
            if (cancelled() && !stopping_) stop();  // analysers finish the file in hand
            auto r = outcomes_.pop(o, std::chrono::milliseconds(100));
            if (r == BoundedQueue<Outcome>::Pop::End) break;
            if (r == BoundedQueue<Outcome>::Pop::Item) {
                switch (o.kind) {
                    case Outcome::Indexed: {
                        if (!o.message.empty()) sink_.warning(o.path, o.message);
                        const std::string key = o.doc.duplicate_key();
                        const std::string path = o.doc.path();
                        writer_.put(std::move(o.doc));
                        // A file that was a multi-article file and is no longer one.
                        if (o.was_dump) writer_.remove_articles(o.path);
                        if (!key.empty()) drop_moved(key, path);
                        ++info_.indexed;
                        ++files_done_;
                        info_.bytes += o.bytes;
                        ++docs_since;
                        bytes_since += o.bytes;
                        break;
                    }
                    case Outcome::Article: {
                        const std::string key = o.doc.duplicate_key();
                        const std::string path = o.doc.path();
                        writer_.put(std::move(o.doc));
                        if (!key.empty()) drop_moved(key, path);
                        ++info_.indexed;
                        ++docs_since;
                        break;
                    }
                    case Outcome::ArticleFailed:
                        sink_.failed(o.path, o.issue, o.message);
                        ++info_.failed;
                        if (o.was_dump) writer_.remove(o.path);  // its last good version
                        break;
                    case Outcome::DumpDone:
                        if (!o.message.empty()) sink_.warning(o.path, o.message);
                        ++files_done_;
                        info_.bytes += o.bytes;
                        bytes_since += o.bytes;
                        if (!o.complete) {
                            // Stopped in the middle: the next run must read the file again.
                            writer_.restamp(o.path, FileStamp{});
                            break;
                        }
                        if (o.was_plain) writer_.remove(o.path);
                        // Articles beyond the file's new end.
                        info_.removed += writer_.remove_articles(o.path, o.articles);
                        break;
                    case Outcome::Restamp:
                        if (writer_.restamp(o.path, o.stamp)) ++docs_since;
                        ++info_.unchanged;
                        ++files_done_;
                        ++info_.touched;
                        bytes_done_extra_ += o.stamp.size;
                        break;
                    case Outcome::Unchanged:
                        ++info_.unchanged;
                        ++files_done_;
                        if (o.stamp.size) bytes_done_extra_ += o.stamp.size;  // hashed (--verify)
                        break;
                    case Outcome::Failed:
                        sink_.failed(o.path, o.issue, o.message);
                        ++(is_skip(o.issue) ? info_.skipped : info_.failed);
                        ++files_done_;
                        break;
                    case Outcome::Interrupted:
                        break;
                }
                o = Outcome{};
                if (docs_since >= opt_.commit_docs || bytes_since >= opt_.commit_bytes) {
                    remove_dead();
                    writer_.commit();
                    docs_since = bytes_since = 0;
                }
            }
            auto now = Clock::now();
            if (now - last_progress >= std::chrono::milliseconds(100)) {
                last_progress = now;
                sink_.progress(progress(t0));
            }
        }
        remove_dead();
        sink_.progress(progress(t0));
    }

    BatchProgress progress(Clock::time_point t0) const {
        BatchProgress p;
        p.indexed = info_.indexed;
        p.unchanged = info_.unchanged;
        p.skipped = info_.skipped;
        p.failed = info_.failed;
        p.done = files_done_;
        p.found = found_;
        p.bytes_done = info_.bytes + bytes_done_extra_;
        p.bytes_todo = bytes_todo_;
        p.walk_done = walk_done_;
        p.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        return p;
    }

    /** A document with duplicate key @p key was written for @p path: the
     *  indexed copies whose files are gone were this file before a move or
     *  rename, and go. Looked up in the database as the run found it (a
     *  moved file's old path was written by an earlier run).
     */
    void drop_moved(const std::string& key, const std::string& path) {
        if (!dup_reader_) {
            if (dup_reader_failed_) return;
            try {
                dup_reader_.emplace(writer_.directory());
            } catch (const IndexError&) {
                dup_reader_failed_ = true;
                return;
            }
        }
        for (const std::string& p : dup_reader_->paths_with_key(key))
            if (p != path && file_gone(p) && dead_seen_.insert(p).second) dead_.push_back(p);
    }

    /// Remove the dead paths drop_moved() found (in one go: a removal waits
    /// for its shard, so one at a time would stall the writing).
    void remove_dead() {
        info_.removed += writer_.remove_paths(dead_);
        dead_.clear();
    }

    void prune() {
        std::vector<std::pair<std::string, bool>> roots;
        {
            std::lock_guard lock(roots_m_);
            roots = prune_roots_;
        }
        for (const auto& [root, gone] : roots) {
            std::vector<std::string> dead = writer_.paths_under(root);
            std::erase_if(dead, [](const std::string& p) { return !file_gone(p); });  // FILE#N: as FILE
            const uint64_t n = writer_.remove_paths(dead);
            info_.removed += n;
            if (gone) sink_.pruned(root, n);
        }
    }

    /// Add the roots walked to the remembered ones; forget those found gone.
    void remember() {
        Remembered r = decode_remembered(writer_.metadata(remembered_key));
        std::lock_guard lock(roots_m_);
        auto drop = [&](const std::string& path) {
            std::erase_if(r.roots, [&](const Root& x) { return x.path == path; });
        };
        for (const auto& [root, gone] : prune_roots_)
            if (gone) drop(root);
        for (const Root& w : walked_) {
            if (w.path.find('\n') != std::string::npos) continue;  // not storable as a line
            drop(w.path);
            r.roots.push_back(w);
        }
        r.max_file_bytes = opt_.max_file_bytes;
        writer_.set_metadata(remembered_key, encode_remembered(r));
    }

    IndexWriter& writer_;
    const BatchInput& input_;
    const BatchOptions& opt_;
    BatchSink& sink_;
    unsigned jobs_n_;
    BoundedQueue<Job> jobs_;
    BoundedQueue<Outcome> outcomes_;
    Budget budget_;
    std::optional<IndexReader> reader_;
    std::optional<IndexReader> dup_reader_;  // writer only: drop_moved()
    bool dup_reader_failed_ = false;
    std::vector<std::string> dead_;              // writer only: drop_moved() -> remove_dead()
    std::unordered_set<std::string> dead_seen_;  // writer only
    std::unordered_set<std::string> seen_;  // walker only
    std::mutex roots_m_;
    std::vector<std::pair<std::string, bool>> prune_roots_;  // (root, gone)
    std::vector<Root> walked_;                               // roots walked, to remember
    std::atomic<bool> stopping_{false};
    std::atomic<bool> walk_done_{false};
    std::atomic<uint64_t> found_{0}, bytes_todo_{0};
    uint64_t bytes_done_extra_ = 0;  // writer only: bytes hashed for touched files
    uint64_t files_done_ = 0;        // writer only: files dealt with
    RunInfo info_;                   // writer only
};

}  // namespace

bool indexable_name(const std::string& path) {
    // Articles and bulletins: plain text and HTML. Markdown (a README beside
    // the articles) is left out of walks; name such a file to index it.
    // Multi-article files (articles.hpp): .jsonl .ndjson (JSON Lines), .sgm
    // .sgml (Reuters-21578), .xml (<doc> collections, feeds; any other XML
    // is read as markup, as HTML is), and .dat, the SogouCS/SogouCA name,
    // which is also the name of much that is no text at all: a walk takes a
    // .dat file only when its first 64 KiB sniff as a dump (sniff_dump()).
    static const char* const exts[] = {".txt",   ".text",   ".htm", ".html", ".xhtml", ".shtml", ".jsonl",
                                       ".ndjson", ".sgm",   ".sgml", ".xml", ".dat"};
    std::string ext = fs::path(path).extension().string();
    for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* e : exts)
        if (ext == e) return true;
    return false;
}

namespace {

/// Bytes of the UTF-8 sequence starting with @p lead (1 for a stray byte).
std::size_t utf8_len(unsigned char lead) {
    if (lead >= 0xf0) return 4;
    if (lead >= 0xe0) return 3;
    if (lead >= 0xc0) return 2;
    return 1;
}

/// A bracket expression "[...]" at the start of @p g against the character
/// @p c (one UTF-8 sequence); @p used: the bytes of @p g it takes. False with
/// used 0 if @p g has no closing ']' (then '[' is a literal).
bool bracket(std::string_view g, std::string_view c, std::size_t& used, bool& ok) {
    std::size_t i = 1;
    bool negate = false;
    if (i < g.size() && (g[i] == '!' || g[i] == '^')) negate = true, ++i;
    bool match = false;
    const std::size_t first = i;
    while (i < g.size() && (g[i] != ']' || i == first)) {
        std::string_view lo = g.substr(i, utf8_len(static_cast<unsigned char>(g[i])));
        i += lo.size();
        if (i + 1 < g.size() && g[i] == '-' && g[i + 1] != ']') {
            std::string_view hi = g.substr(i + 1, utf8_len(static_cast<unsigned char>(g[i + 1])));
            i += 1 + hi.size();
            if (lo <= c && c <= hi) match = true;  // byte order of UTF-8 is code point order
        } else if (lo == c) {
            match = true;
        }
    }
    if (i >= g.size()) {
        used = 0;
        return false;
    }
    used = i + 1;
    ok = match != negate;
    return true;
}

bool glob_here(std::string_view g, std::string_view s) {
    while (!g.empty()) {
        if (g.starts_with("**")) {
            g.remove_prefix(2);
            // "a/**/b" also matches "a/b".
            if (g.starts_with('/') && glob_here(g.substr(1), s)) return true;
            for (std::size_t i = 0; i <= s.size(); ++i)
                if (glob_here(g, s.substr(i))) return true;
            return false;
        }
        if (g.front() == '*') {
            g.remove_prefix(1);
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (glob_here(g, s.substr(i))) return true;
                if (i < s.size() && s[i] == '/') break;
            }
            return false;
        }
        if (s.empty()) return false;
        const std::size_t clen = std::min(s.size(), utf8_len(static_cast<unsigned char>(s.front())));
        if (g.front() == '?') {
            if (s.front() == '/') return false;
            g.remove_prefix(1);
            s.remove_prefix(clen);
            continue;
        }
        if (g.front() == '[') {
            std::size_t used = 0;
            bool ok = false;
            if (bracket(g, s.substr(0, clen), used, ok)) {
                if (!ok || s.front() == '/') return false;
                g.remove_prefix(used);
                s.remove_prefix(clen);
                continue;
            }
        }
        if (g.front() == '\\' && g.size() > 1) g.remove_prefix(1);
        if (g.front() != s.front()) return false;
        g.remove_prefix(1);
        s.remove_prefix(1);
    }
    return s.empty();
}

}  // namespace

bool glob_matches(std::string_view glob, std::string_view path, bool is_dir) {
    if (glob.ends_with('/')) {
        if (!is_dir) return false;
        glob.remove_suffix(1);
    }
    if (glob.empty()) return false;
    if (glob.find('/') == std::string_view::npos) {
        const auto slash = path.rfind('/');
        return glob_here(glob, slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    if (glob.starts_with('/')) glob.remove_prefix(1);
    return glob_here(glob, path);
}

std::string encode_remembered(const Remembered& r) {
    std::string out = "max-size\t" + std::to_string(r.max_file_bytes) + "\n";
    for (const Root& root : r.roots) {
        out += "root\t" + root.path + "\n";
        for (const std::string& g : root.select.exclude) out += "exclude\t" + g + "\n";
        for (const std::string& g : root.select.include) out += "include\t" + g + "\n";
    }
    return out;
}

Remembered decode_remembered(std::string_view text) {
    Remembered r;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        const std::string_view tag = line.substr(0, tab);
        const std::string value(line.substr(tab + 1));
        if (tag == "max-size") r.max_file_bytes = std::strtoull(value.c_str(), nullptr, 10);
        else if (tag == "root") r.roots.push_back(Root{value, {}});
        else if (tag == "exclude" && !r.roots.empty()) r.roots.back().select.exclude.push_back(value);
        else if (tag == "include" && !r.roots.empty()) r.roots.back().select.include.push_back(value);
    }
    return r;
}

RunInfo index_files(IndexWriter& writer, const BatchInput& input, const BatchOptions& options,
                    BatchSink& sink) {
    Run run(writer, input, options, sink);
    return run.run();
}

}  // namespace hanidx
