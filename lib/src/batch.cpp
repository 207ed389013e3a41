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
    enum Kind { Indexed, Restamp, Unchanged, Failed, Article, ArticleFailed, DumpDone } kind = Failed;
    std::string path;        ///< FILE, or FILE#N for Article and ArticleFailed
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
        case fs::file_type::not_found: return "No such file or directory";
        default: return "not a regular file";
    }
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

    void fail(const std::string& path, const std::string& why) {
        Outcome o;
        o.kind = Outcome::Failed;
        o.path = path;
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
            if (ec) return fail(given, ec.message());
            path = canon.string();
        }
        if (!seen_.insert(path).second) return;
        ++found_;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return fail(path, std::strerror(errno));
        if (!S_ISREG(st.st_mode)) return fail(path, type_name(st.st_mode));
        const uint64_t size = static_cast<uint64_t>(st.st_size);
        Job job{path, stored(path), false};
        if (job.old && job.old->size == size && !meta_changed(opt_.meta, *job.old, path)) {
            if (job.old->mtime_ns == mtime_ns(st)) {
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

    void walk(const std::string& root) {
        std::error_code ec;
        auto st = fs::status(root, ec);
        if (ec) {
            // A root that is gone still has its documents pruned.
            if (opt_.prune && ec == std::errc::no_such_file_or_directory)
                add_prune_root(fs::weakly_canonical(fs::absolute(root, ec), ec).string());
            return fail(root, ec.message());
        }
        if (!fs::is_directory(st)) return file(root);
        // Walk the canonical root: the paths found are then canonical too,
        // except through symbolic links, which are resolved one by one.
        fs::path canon = fs::canonical(root, ec);
        if (ec) return fail(root, ec.message());
        if (opt_.prune) add_prune_root(canon.string());
        fs::recursive_directory_iterator it(canon, fs::directory_options::skip_permission_denied, ec);
        if (ec) return fail(root, ec.message());
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (stopping_ || cancelled()) return;
            if (ec) {
                fail(it->path().string(), ec.message());
                ec.clear();
                continue;
            }
            const fs::directory_entry& e = *it;
            const std::string p = e.path().string();
            if (!indexable_name(p)) continue;
            if (std::string ext = e.path().extension().string(); ext.size() == 4 && ext[0] == '.' &&
                (ext[1] | 0x20) == 'd' && (ext[2] | 0x20) == 'a' && (ext[3] | 0x20) == 't' && !dump_by_content(p))
                continue;
            std::error_code sec;
            const fs::file_type type = e.status(sec).type();
            if (sec) fail(p, sec.message());  // e.g. a symbolic link loop
            else if (type == fs::file_type::regular) file(p, !e.is_symlink(sec));
            else if (type != fs::file_type::directory) fail(p, type_description(type));
        }
        if (ec) fail(root, ec.message());
    }

    void add_prune_root(std::string root) {
        std::lock_guard lock(roots_m_);
        prune_roots_.push_back(std::move(root));
    }

    void walk_all() {
        try {
            for (const std::string& p : input_.paths) {
                if (stopping_ || cancelled()) break;
                walk(p);
            }
            if (input_.more) {
                std::string p;
                while (!stopping_ && !cancelled() && input_.more(p))
                    if (!p.empty()) walk(p);
            }
        } catch (const std::exception& e) {
            fail("(walk)", e.what());
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
        auto failed = [&](std::string why) {
            o.kind = Outcome::Failed;
            o.message = std::move(why);
            return std::move(o);
        };
        // O_NONBLOCK: opening a FIFO that replaced the file must not wait for a writer.
        const int fd = ::open(job.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) return failed(std::strerror(errno));
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        struct stat st {};
        if (::fstat(fd, &st) != 0) return failed(std::strerror(errno));
        if (!S_ISREG(st.st_mode)) return failed(type_name(st.st_mode));
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
            return failed(size_text(size) + " is larger than the limit of " + size_text(opt_.max_file_bytes) +
                          " (--max-size); not indexed");
        // Analysis takes several times the file's size (measured: a 4 MB
        // single-line Chinese file, 26 MB above the analyser's own); reserve
        // that. A dump is read and decoded whole (twice its size at the peak),
        // then analysed one article at a time.
        const uint64_t reserve = dump != DumpFormat::None ? size * 2 + (8u << 20) : size * 7;
        if (!budget_.acquire(reserve)) return failed("interrupted");
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
        if (!read_all(fd, size, bytes, why)) return failed(why);
        if (looks_binary(bytes)) return failed("binary file, skipped");
        stamp.size = bytes.size();
        stamp.hash = content_hash(bytes);
        if (job.verify && job.old && job.old->hash == stamp.hash) {
            o.kind = Outcome::Restamp;
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
            return failed("out of memory while analysing " + size_text(size));
        } catch (const std::exception& e) {
            return failed(e.what());
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
                    case Outcome::Indexed:
                        if (!o.message.empty()) sink_.warning(o.path, o.message);
                        writer_.put(std::move(o.doc));
                        // A file that was a multi-article file and is no longer one.
                        if (o.was_dump) writer_.remove_articles(o.path);
                        ++info_.indexed;
                        ++files_done_;
                        info_.bytes += o.bytes;
                        ++docs_since;
                        bytes_since += o.bytes;
                        break;
                    case Outcome::Article:
                        writer_.put(std::move(o.doc));
                        ++info_.indexed;
                        ++docs_since;
                        break;
                    case Outcome::ArticleFailed:
                        sink_.failed(o.path, o.message);
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
                        break;
                    case Outcome::Failed:
                        if (o.message == "interrupted") break;
                        sink_.failed(o.path, o.message);
                        ++info_.failed;
                        ++files_done_;
                        break;
                }
                o = Outcome{};
                if (docs_since >= opt_.commit_docs || bytes_since >= opt_.commit_bytes) {
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
        sink_.progress(progress(t0));
    }

    BatchProgress progress(Clock::time_point t0) const {
        BatchProgress p;
        p.indexed = info_.indexed;
        p.unchanged = info_.unchanged;
        p.failed = info_.failed;
        p.done = files_done_;
        p.found = found_;
        p.bytes_done = info_.bytes + bytes_done_extra_;
        p.bytes_todo = bytes_todo_;
        p.walk_done = walk_done_;
        p.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        return p;
    }

    void prune() {
        std::vector<std::string> roots;
        {
            std::lock_guard lock(roots_m_);
            roots = prune_roots_;
        }
        for (const std::string& root : roots) {
            for (const std::string& p : writer_.paths_under(root)) {
                struct stat st {};
                const std::string file(article_file(p));  // an article "FILE#N" lives as long as FILE
                if (::stat(file.c_str(), &st) == 0 || (errno != ENOENT && errno != ENOTDIR)) continue;
                if (writer_.remove(p)) ++info_.removed;
            }
        }
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
    std::unordered_set<std::string> seen_;  // walker only
    std::mutex roots_m_;
    std::vector<std::string> prune_roots_;
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

RunInfo index_files(IndexWriter& writer, const BatchInput& input, const BatchOptions& options,
                    BatchSink& sink) {
    Run run(writer, input, options, sink);
    return run.run();
}

}  // namespace hanidx
