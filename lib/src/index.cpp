// Writing analyzed documents into Xapian, the writer lock, and reading back
// what is stored about documents.
#include "hanidx/index.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <type_traits>

#include "hanidx/articles.hpp"
#include "hanidx/terms.hpp"
#include "positions.hpp"
#include "schema.hpp"

namespace fs = std::filesystem;

namespace hanidx {

namespace {

constexpr uint64_t fnv_offset = 0xcbf29ce484222325ULL;
constexpr uint64_t fnv_prime = 0x100000001b3ULL;

void fnv1a(uint64_t& h, std::string_view bytes) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= fnv_prime;
    }
}

std::string hex64(uint64_t h) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// Mix the bits of a 64-bit value (the finalizer of MurmurHash3), so that the
// second half of a duplicate key is not a simple function of the first.
uint64_t mix64(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

uint64_t parse_u64(const std::string& s) {
    uint64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

int64_t parse_i64(const std::string& s) {
    int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::vector<std::string> split_spaces(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

FileStamp stamp_of(const Xapian::Document& doc) {
    FileStamp s;
    s.size = parse_u64(doc.get_value(schema::size));
    s.mtime_ns = parse_i64(doc.get_value(schema::mtime_ns));
    s.hash = doc.get_value(schema::hash);
    s.meta = doc.get_value(schema::meta_hash);
    return s;
}

// A field's value as one line of the fields slot: no tab, no line end.
std::string one_line_value(std::string_view v) {
    std::string out(v);
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return out;
}

// "name\tvalue\n" lines back into pairs.
std::vector<std::pair<std::string, std::string>> decode_fields(std::string_view s) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!s.empty()) {
        const std::size_t nl = s.find('\n');
        const std::string_view line = s.substr(0, nl);
        if (const std::size_t tab = line.find('\t'); tab != std::string_view::npos)
            out.emplace_back(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
        if (nl == std::string_view::npos) break;
        s.remove_prefix(nl + 1);
    }
    return out;
}

// The first document indexed by term @p term, or 0.
Xapian::docid first_doc(const Xapian::Database& db, const std::string& term) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    return it == db.postlist_end(term) ? 0 : *it;
}

// True when @p path is @p dir itself or lies below it, or is an article
// ("FILE#N") of the file @p dir.
bool at_or_below(std::string_view path, std::string_view dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    if (!path.starts_with(dir)) return false;
    if (path.size() == dir.size() || dir == "/" || path[dir.size()] == '/') return true;
    return path[dir.size()] == '#' && article_file(path).size() == dir.size();
}

/** The articles ("FILE#N") of @p file in @p db: (document id, N), in no
 *  particular order. Their id terms share the prefix "QFILE#" unless the
 *  path is too long for a term (then the path slot is read instead).
 */
std::vector<std::pair<Xapian::docid, std::size_t>> articles_of(const Xapian::Database& db,
                                                               const std::string& file) {
    std::vector<std::pair<Xapian::docid, std::size_t>> out;
    if (file.size() + 16 < 200) {
        const std::string prefix = schema::id_term(file + "#");
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            const std::string term = *t;
            std::size_t n = 0;
            if (article_file(std::string_view(term).substr(1), &n).size() + 1 != file.size() + 1 || !n) continue;
            const Xapian::docid id = first_doc(db, term);
            if (id) out.emplace_back(id, n);
        }
        return out;
    }
    for (Xapian::ValueIterator v = db.valuestream_begin(schema::path); v != db.valuestream_end(schema::path); ++v) {
        const std::string p = *v;
        std::size_t n = 0;
        if (p.starts_with(file) && p.size() > file.size() && p[file.size()] == '#' &&
            article_file(p, &n).size() == file.size())
            out.emplace_back(v.get_docid(), n);
    }
    return out;
}

/** The document that carries the stamp of @p path: its own, or for a
 *  multi-article file its first article, FILE#1, which a batch run writes
 *  last (so it has the file's new stamp only once every article is in; a
 *  file whose first article is malformed has no stamp and is read again
 *  each run). 0 if none.
 */
Xapian::docid stamp_doc(const Xapian::Database& db, const std::string& path) {
    if (Xapian::docid id = first_doc(db, schema::id_term(path))) return id;
    if (article_file(path).size() != path.size()) return 0;  // an article's own path
    return first_doc(db, schema::id_term(article_path(path, 1)));
}

std::vector<std::pair<Xapian::docid, std::string>> docs_under(const Xapian::Database& db,
                                                              const std::string& dir) {
    std::vector<std::pair<Xapian::docid, std::string>> out;
    for (Xapian::ValueIterator v = db.valuestream_begin(schema::path);
         v != db.valuestream_end(schema::path); ++v) {
        std::string p = *v;
        if (at_or_below(p, dir)) out.emplace_back(v.get_docid(), std::move(p));
    }
    return out;
}

std::string languages_of(const Analysis& a) {
    std::set<Lang> seen;
    for (const Paragraph& p : a.paragraphs)
        if (p.lang != Lang::Und) seen.insert(p.lang);
    std::string out;
    for (Lang l : seen) {
        if (!out.empty()) out += ' ';
        out += lang_tag(l);
    }
    return out;
}

const char* const meta_last_run = "hanidx.last_run";
// "1" in a database compact() wrote and no document has changed in since;
// cleared in the same transaction as the first change after it.
const char* const meta_compacted = "hanidx.compacted";

std::string encode_run(const RunInfo& r) {
    std::ostringstream o;
    o << "started=" << r.started << "\nseconds=" << r.seconds << "\nindexed=" << r.indexed
      << "\nunchanged=" << r.unchanged << "\ntouched=" << r.touched << "\nskipped=" << r.skipped
      << "\nfailed=" << r.failed
      << "\nremoved=" << r.removed << "\nbytes=" << r.bytes
      << "\ninterrupted=" << (r.interrupted ? 1 : 0) << "\n";
    return o.str();
}

RunInfo decode_run(const std::string& s) {
    RunInfo r;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string k = line.substr(0, eq), v = line.substr(eq + 1);
        if (k == "started") r.started = parse_i64(v);
        else if (k == "seconds") r.seconds = std::strtod(v.c_str(), nullptr);
        else if (k == "indexed") r.indexed = parse_u64(v);
        else if (k == "unchanged") r.unchanged = parse_u64(v);
        else if (k == "touched") r.touched = parse_u64(v);
        else if (k == "skipped") r.skipped = parse_u64(v);
        else if (k == "failed") r.failed = parse_u64(v);
        else if (k == "removed") r.removed = parse_u64(v);
        else if (k == "bytes") r.bytes = parse_u64(v);
        else if (k == "interrupted") r.interrupted = v == "1";
    }
    return r;
}

/** The writer lock: an fcntl() lock on DB/hanidx.lock, which also holds the
 *  owner's pid for people looking. The kernel drops the lock when its process
 *  dies, however it dies, so a lock is never stale; a leftover pid in the
 *  file is simply overwritten.
 */
class DbLock {
  public:
    explicit DbLock(const std::string& dir) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        const std::string file = dir + "/hanidx.lock";
        fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd_ < 0) throw IndexError(file + ": " + std::strerror(errno));
        struct flock fl {};
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        if (::fcntl(fd_, F_SETLK, &fl) != 0) {
            const int err = errno;
            long pid = 0;
            if (err == EAGAIN || err == EACCES) {
                struct flock q {};
                q.l_type = F_WRLCK;
                q.l_whence = SEEK_SET;
                if (::fcntl(fd_, F_GETLK, &q) == 0 && q.l_type != F_UNLCK) pid = q.l_pid;
                if (pid <= 0) {
                    char buf[32] = {};
                    if (::pread(fd_, buf, sizeof buf - 1, 0) > 0) pid = std::strtol(buf, nullptr, 10);
                }
            }
            ::close(fd_);
            if (err == EAGAIN || err == EACCES)
                throw IndexError(dir + ": locked by another hanidx process" +
                                 (pid > 0 ? " (pid " + std::to_string(pid) + ")" : std::string()) +
                                 " that is writing to it; wait for it to finish or stop it");
            throw IndexError(file + ": cannot lock: " + std::strerror(err));
        }
        const std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
            // The pid is only informative; the fcntl lock is what counts.
        }
    }
    ~DbLock() {
        if (::ftruncate(fd_, 0) != 0) {
            // Informative only, as above.
        }
        ::close(fd_);
    }
    DbLock(const DbLock&) = delete;
    DbLock& operator=(const DbLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace

std::string content_hash(std::string_view bytes) {
    uint64_t h = fnv_offset;
    fnv1a(h, bytes);
    return hex64(h);
}

std::string duplicate_key(const Analysis& a) {
    if (a.tokens.empty()) return {};
    // Words only: spacing, punctuation and line ends do not make texts differ.
    uint64_t h = fnv_offset;
    for (const Token& t : a.tokens) {
        if (t.script == Script::Other) continue;
        fnv1a(h, t.text);
        fnv1a(h, "\x1f");
    }
    if (h == fnv_offset) return {};
    return hex64(h) + hex64(mix64(h ^ (a.tokens.size() * 0x9e3779b97f4a7c15ULL)));
}

std::string schema::id_term(std::string_view path) {
    std::string t(id_prefix);
    if (path.size() + t.size() <= 200) return t.append(path);
    return t.append("#").append(content_hash(path));
}

// ---------------------------------------------------------------------------
// PreparedDocument

struct PreparedDocument::Impl {
    std::string path;
    Xapian::Document doc;
    std::size_t memory = 0;
    std::vector<std::string> field_names;  // for the database's list (schema::meta_fields)
};

PreparedDocument::PreparedDocument() = default;
PreparedDocument::~PreparedDocument() = default;
PreparedDocument::PreparedDocument(PreparedDocument&&) noexcept = default;
PreparedDocument& PreparedDocument::operator=(PreparedDocument&&) noexcept = default;

const std::string& PreparedDocument::path() const {
    static const std::string none;
    return impl_ ? impl_->path : none;
}

std::size_t PreparedDocument::memory() const { return impl_ ? impl_->memory : 0; }

std::string PreparedDocument::duplicate_key() const { return impl_ ? impl_->doc.get_value(schema::dup_key) : ""; }

PreparedDocument prepare_document(const std::string& path, const FileStamp& stamp,
                                  const Analysis& a, Analyzer& analyzer) {
    thread_local Xapian::Stem stemmer("english");
    PreparedDocument out;
    out.impl_ = std::make_unique<PreparedDocument::Impl>();
    out.impl_->path = path;
    Xapian::Document& doc = out.impl_->doc;
    std::vector<Term> terms;
    std::size_t postings = 0;
    uint32_t pos = 1;
    // Body terms go into Xapian without positions; the positions of its
    // characters and words go into one string (positions.hpp).
    std::vector<std::pair<uint32_t, std::string>> positions;
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        const uint32_t first = a.paragraph_tokens[i];
        const uint32_t last =
            i + 1 < a.paragraph_tokens.size() ? a.paragraph_tokens[i + 1] : a.tokens.size();
        terms.clear();
        std::span<const Token> tokens(a.tokens.data() + first, last - first);
        make_terms(tokens, pos, terms, first);
        const bool english = a.paragraphs[i].lang == Lang::En;
        for (Term& t : terms) {
            doc.add_term(t.name);
            if (english && t.kind == Term::Word && a.tokens[t.token].script == Script::Latin)
                doc.add_term(std::string(schema::stem_prefix) + stemmer(t.name));
            if (t.pos && (t.kind == Term::Unigram || t.kind == Term::Word))
                positions.emplace_back(t.pos, std::move(t.name));
        }
        postings += terms.size();
    }
    if (!positions.empty()) doc.add_value(schema::positions, detail::encode_positions(std::move(positions)));
    positions.clear();
    // Title terms live in their own prefix, their positions in their own slot.
    if (!a.title.empty()) {
        auto tokens = analyzer.tokenize(a.title);
        terms.clear();
        uint32_t tpos = 1;
        make_terms(tokens, tpos, terms);
        for (Term& t : terms) {
            if (!t.pos) continue;  // whole words rank body matches only
            doc.add_term(std::string(schema::title_prefix) + t.name);
            if (t.kind == Term::Unigram || t.kind == Term::Word) positions.emplace_back(t.pos, std::move(t.name));
        }
        if (!positions.empty())
            doc.add_value(schema::title_positions, detail::encode_positions(std::move(positions)));
        postings += terms.size();
    }
    const std::string langs = languages_of(a);
    for (Lang l : {Lang::ZhHans, Lang::ZhHant, Lang::Ja, Lang::En})
        if (langs.find(lang_tag(l)) != std::string::npos)
            doc.add_boolean_term(std::string(schema::lang_prefix) + std::string(lang_tag(l)));

    doc.add_boolean_term(schema::id_term(path));
    const std::string dup = duplicate_key(a);
    if (!dup.empty()) {
        doc.add_boolean_term(std::string(schema::hash_prefix) + dup);
        doc.add_value(schema::dup_key, dup);
    }
    doc.add_value(schema::path, path);
    doc.add_value(schema::title, a.title);
    if (!a.date.empty()) {
        doc.add_value(schema::date, a.date);
        doc.add_value(schema::date_source, a.date_source);
        // The days a partial date covers, for range queries by overlap.
        doc.add_value(schema::date_first, schema::first_day(a.date));
        doc.add_value(schema::date_last, schema::last_day(a.date));
    }
    if (!a.fields.empty()) {
        std::string lines;
        for (const auto& [name, value] : a.fields) {
            lines.append(name).append("\t").append(one_line_value(value)).append("\n");
            doc.add_boolean_term(schema::field_term(name, value));
            auto& names = out.impl_->field_names;
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
        doc.add_value(schema::fields, lines);
    }
    if (!stamp.meta.empty()) doc.add_value(schema::meta_hash, stamp.meta);
    doc.add_value(schema::size, std::to_string(stamp.size));
    doc.add_value(schema::mtime_ns, std::to_string(stamp.mtime_ns));
    doc.add_value(schema::hash, stamp.hash);
    doc.add_value(schema::languages, langs);
    doc.add_value(schema::encoding, a.encoding);
    doc.set_data(a.text);
    // A rough account of the heap the Xapian::Document holds: the text, a
    // map node with its name per distinct term, 4 bytes per position.
    out.impl_->memory = a.text.size() + a.title.size() + postings * 4 + doc.termlist_count() * 96;
    return out;
}

// ---------------------------------------------------------------------------
// IndexWriter

/** Documents Xapian buffers before it writes their postings into the tables
 *  (Xapian 1.4 then commits, or inside a transaction only flushes), over all
 *  shards: each shard buffers its share. Xapian's default, 10000, keeps maps
 *  of every posting of thousands of documents, whose lookups then dominate
 *  indexing: measured on 5,500 benchmark articles with one writer, 1000 took
 *  39.5 s of CPU and 171 MB, 200 took 28.3 s and 52 MB, 50 took 25.8 s and
 *  26 MB. With two shards on 1,374 articles, 25 each took 4.67-4.89 s of CPU
 *  and 206-208 MB, 50 each 4.95-5.19 s and 216-217 MB.
 *  $XAPIAN_FLUSH_THRESHOLD, when set, still wins (for every shard).
 */
constexpr unsigned flush_threshold = 50;
constexpr unsigned min_shard_flush_threshold = 10;

/// The Xapian stub file listing the shards of a sharded database.
constexpr const char* stub_name = "XAPIANDB";

/// Bounds of one shard's queue of documents waiting to be written.
constexpr std::size_t shard_queue_items = 32;
constexpr std::size_t shard_queue_bytes = 8u << 20;

namespace {

/** Clear what a run killed while Xapian was creating the database left in
 *  @p dir, and say whether there was any. Xapian writes the first revision to
 *  v.tmp, creates the table files, and only then renames v.tmp to iamglass.
 *  Killed in between, it leaves tables that no revision names: nothing was
 *  ever committed, yet Xapian takes the tables for a database, cannot open it
 *  without iamglass, and refuses to create one over them, so every later run
 *  would fail. A directory with iamglass is never touched.
 */
bool clear_unfinished_creation(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / "iamglass", ec) || !fs::exists(dir / "v.tmp", ec)) return false;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".glass") fs::remove(e.path(), ec);
    fs::remove(dir / "v.tmp", ec);
    return true;
}

unsigned default_shards() {
    return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

/** The shard directories of the database in @p dir: those its stub file
 *  lists, or @p dir itself for a single glass database (the layout of
 *  databases made before shards, and of one made with one shard); empty when
 *  there is no database yet.
 */
std::vector<std::string> existing_shards(const fs::path& dir) {
    std::vector<std::string> out;
    // A directory with iamglass is one database: the shards merged into it
    // by compact() (a stub still beside it is what an interrupted merge left;
    // Xapian, too, opens iamglass before a stub).
    std::error_code ec;
    if (fs::exists(dir / "iamglass", ec)) return {dir.string()};
    std::ifstream in(dir / stub_name);
    if (in) {
        for (std::string line; std::getline(in, line);) {
            auto words = split_spaces(line);
            if (words.empty() || words[0].starts_with('#')) continue;
            if (words.size() != 2 || (words[0] != "auto" && words[0] != "glass"))
                throw IndexError((dir / stub_name).string() + ": not a list of hanidx shards (\"" + line +
                                 "\")");
            fs::path p = words[1];
            out.push_back((p.is_absolute() ? p : dir / p).string());
        }
        if (out.empty()) throw IndexError((dir / stub_name).string() + ": lists no shard");
        return out;
    }
    return out;
}

/** Remove what an interrupted merge left beside the merged database in
 *  @p dir: the stub and the shard directories it lists. Harmless when there
 *  is none.
 */
void clear_merged_shards(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir / "iamglass", ec)) return;
    std::ifstream in(dir / stub_name);
    if (!in) return;
    for (std::string line; std::getline(in, line);) {
        auto words = split_spaces(line);
        // Only the shards hanidx made: shardN beside the stub.
        if (words.size() == 2 && words[1].starts_with("shard") && words[1].find('/') == std::string::npos)
            fs::remove_all(dir / words[1], ec);
    }
    in.close();
    fs::remove(dir / stub_name, ec);
}

/// Write @p text to @p file atomically (a temporary file, fsync, rename).
void write_atomically(const fs::path& file, const std::string& text) {
    const std::string tmp = file.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw IndexError(tmp + ": " + std::strerror(errno));
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                    ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
        const int e = ok ? errno : err;
        ::unlink(tmp.c_str());
        throw IndexError(file.string() + ": " + std::strerror(e));
    }
}

// Bytes of the Xapian table files (*.glass) in @p dir.
uint64_t table_bytes(const fs::path& dir) {
    uint64_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".glass") n += e.file_size(ec);
    return n;
}

/** One shard: a glass database and the thread that alone writes to it.
 *
 *  Callers queue work; the thread does it in order. A document (put) fails
 *  silently here and its error is kept for the caller's next put() or
 *  commit(); any other work is a packaged task whose future carries its
 *  result or exception back to the caller that waits for it. Between commits
 *  the database is inside an unflushed transaction, so Xapian writes a new
 *  revision only at IndexWriter::commit(), not every flush_threshold
 *  documents (measured on 1,374 benchmark articles: 63 MB -> 38 MB, 3.95 s ->
 *  3.70 s).
 */
class Shard {
  public:
    Shard(std::string dir, bool create) : dir_(std::move(dir)) {
        const int how = create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
        try {
            db_ = Xapian::WritableDatabase(dir_, how);
        } catch (const Xapian::DatabaseNotFoundError&) {
            if (!create || !clear_unfinished_creation(dir_)) throw;
            db_ = Xapian::WritableDatabase(dir_, how);
        }
        const std::string version = db_.get_metadata(schema::meta_version);
        if (version.empty() || (version != schema::schema_version && db_.get_doccount() == 0)) {
            db_.set_metadata(schema::meta_version, schema::schema_version);
            db_.set_metadata(schema::meta_folding, "ja");
            db_.commit();
        } else if (version != schema::schema_version) {
            throw IndexError(dir_ + ": made by another version of hanidx (index format " + version +
                             ", this one writes " + schema::schema_version +
                             "); remove the database directory and index again");
        }
        db_.begin_transaction(false);
        thread_ = std::thread([this] { loop(); });
    }

    ~Shard() {
        {
            std::lock_guard lock(m_);
            quit_ = true;
        }
        wake_.notify_one();
        thread_.join();
        try {
            db_.close();  // aborts a transaction left open by a failure
        } catch (...) {
            // Closing never throws to the caller.
        }
    }
    Shard(const Shard&) = delete;
    Shard& operator=(const Shard&) = delete;

    const std::string& dir() const { return dir_; }

    /// Queue @p doc, waiting while the queue is full; throws a kept error.
    void put(PreparedDocument&& doc, std::string path, Xapian::Document* xdoc) {
        const std::size_t cost = doc.memory() + path.size() + 64;
        std::unique_lock lock(m_);
        room_.wait(lock, [&] {
            return error_ || (queue_.size() < shard_queue_items &&
                              (queue_.empty() || bytes_ + cost <= shard_queue_bytes));
        });
        if (error_) std::rethrow_exception(error_);
        queue_.push_back(Task{std::move(doc), std::move(path), xdoc, {}, cost});
        bytes_ += cost;
        wake_.notify_one();
    }

    /// Queue @p work after everything queued so far; the future tells when it is done.
    template <class F>
    std::future<std::invoke_result_t<F, Xapian::WritableDatabase&>> post(F work) {
        using R = std::invoke_result_t<F, Xapian::WritableDatabase&>;
        auto task = std::make_shared<std::packaged_task<R()>>(
            [this, w = std::move(work)]() mutable { return w(db_); });
        auto future = task->get_future();
        {
            std::lock_guard lock(m_);
            queue_.push_back(Task{{}, {}, nullptr, [task] { (*task)(); }, 0});
        }
        wake_.notify_one();
        return future;
    }

    /// Throw the error a queued document met, if any (it is kept: every later call throws it too).
    void check() {
        std::lock_guard lock(m_);
        if (error_) std::rethrow_exception(error_);
    }

    bool failed() {
        std::lock_guard lock(m_);
        return error_ != nullptr;
    }

  private:
    struct Task {
        PreparedDocument doc;      // a put, or
        std::string path;
        Xapian::Document* xdoc;    // doc's Xapian document
        std::function<void()> work;  // other work
        std::size_t bytes;
    };

    void loop() {
        for (;;) {
            Task t;
            {
                std::unique_lock lock(m_);
                wake_.wait(lock, [&] { return quit_ || !queue_.empty(); });
                if (queue_.empty()) return;
                t = std::move(queue_.front());
                queue_.pop_front();
            }
            if (t.work) {
                t.work();
            } else if (!failed()) {
                std::exception_ptr err;
                try {
                    db_.replace_document(schema::id_term(t.path), *t.xdoc);
                } catch (const Xapian::Error& e) {
                    err = std::make_exception_ptr(IndexError(t.path + ": " + e.get_description()));
                } catch (const std::exception& e) {
                    err = std::make_exception_ptr(IndexError(t.path + ": " + e.what()));
                }
                if (err) {
                    std::lock_guard lock(m_);
                    error_ = err;
                }
            }
            const std::size_t bytes = t.bytes;
            t = Task{};  // free the document before making room for another
            {
                std::lock_guard lock(m_);
                bytes_ -= bytes;
            }
            room_.notify_all();
        }
    }

    std::string dir_;
    Xapian::WritableDatabase db_;
    std::mutex m_;
    std::condition_variable wake_, room_;
    std::deque<Task> queue_;
    std::size_t bytes_ = 0;
    bool quit_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: started once everything above exists
};

/** Wait for every one of @p futures, then rethrow the first failure, so that
 *  no work is left running on a shard when an error reaches the caller.
 *  @return their results (0 for each future<void>).
 */
template <class T>
std::vector<std::conditional_t<std::is_void_v<T>, int, T>> wait_all(std::vector<std::future<T>>& futures) {
    std::exception_ptr err;
    std::vector<std::conditional_t<std::is_void_v<T>, int, T>> out;
    for (auto& f : futures) {
        try {
            if constexpr (std::is_void_v<T>) {
                f.get();
                out.push_back(0);
            } else {
                out.push_back(f.get());
            }
        } catch (...) {
            if (!err) err = std::current_exception();
        }
    }
    if (err) std::rethrow_exception(err);
    return out;
}

}  // namespace

struct IndexWriter::Impl {
    std::string dir;
    DbLock lock;  // declared before the shards: released after they are closed
    std::vector<std::unique_ptr<Shard>> shards;
    Analyzer analyzer;  // for titles in put(path, stamp, analysis)

    bool changed = false;  // a document was put, restamped or removed by this writer
    std::set<std::string> field_names;  // of the documents put, not yet in schema::meta_fields

    explicit Impl(const std::string& d) : dir(d), lock(d) {}

    Shard& shard_of(const std::string& path) {
        // By file: the articles "FILE#N" of a file live with it, in one shard.
        uint64_t h = fnv_offset;
        fnv1a(h, article_file(path));
        return *shards[h % shards.size()];
    }

    /// Run @p work on every shard at once; wait for all, then throw the first failure.
    template <class F>
    auto on_all(F work) {
        using R = std::invoke_result_t<F, Xapian::WritableDatabase&>;
        std::vector<std::future<R>> futures;
        for (auto& s : shards) futures.push_back(s->post(work));
        return wait_all(futures);
    }

    void check() {
        for (auto& s : shards) s->check();
    }

    /// Before the first change to the documents: the database is no longer compact.
    void mark_changed() {
        if (changed) return;
        on_all([](Xapian::WritableDatabase& db) { db.set_metadata(meta_compacted, ""); });
        changed = true;
    }

    /// After a compaction: the database is compact (durable at once).
    void mark_compacted() {
        on_all([](Xapian::WritableDatabase& db) {
            db.commit_transaction();
            db.set_metadata(meta_compacted, "1");
            db.commit();
            db.begin_transaction(false);
        });
        changed = false;
    }

    /** Compact the committed shards into one database in dir itself, which
     *  then replaces them: a search opens one database instead of one per
     *  shard (measured: 0.2-0.4 ms less per search process), and later runs
     *  write it with one thread. Crash-safe: until iamglass is in dir, the
     *  stub (which Xapian and existing_shards() read after iamglass) still
     *  names the shards; after, the merged database is the database and the
     *  stub and shards are left-overs that clear_merged_shards() removes.
     *  @return the bytes of the tables before and after.
     */
    std::pair<uint64_t, uint64_t> merge() {
        const fs::path root = dir, tmp = root / "compact.tmp";
        std::pair<uint64_t, uint64_t> size{0, 0};
        std::vector<std::string> dirs;
        for (auto& s : shards) {
            dirs.push_back(s->dir());
            size.first += table_bytes(s->dir());
        }
        shards.clear();  // closed: their last transactions were committed, and are empty
        std::error_code ec;
        fs::remove_all(tmp, ec);
        try {
            Xapian::Database all;
            for (const std::string& d : dirs) all.add_database(Xapian::Database(d));
            // Document ids are renumbered (documents are found by their path term);
            // metadata comes from the first shard, where set_last_run() writes it.
            all.compact(tmp.string(), Xapian::Compactor::FULLER);
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(tmp))
                if (e.path().filename() != "iamglass" && e.path().filename() != "flintlock")
                    files.push_back(e.path());
            files.push_back(tmp / "iamglass");
            for (const fs::path& f : files) fs::rename(f, root / f.filename());
        } catch (const Xapian::Error& e) {
            fs::remove_all(tmp, ec);
            reopen(dirs);
            throw IndexError(dir + ": compaction failed: " + e.get_description());
        } catch (const fs::filesystem_error& e) {
            fs::remove_all(tmp, ec);
            const bool merged = fs::exists(root / "iamglass", ec);
            if (merged) clear_merged_shards(root);
            reopen(merged ? std::vector<std::string>{dir} : dirs);
            throw IndexError(dir + ": compaction failed: " + e.what());
        }
        fs::remove_all(tmp, ec);
        clear_merged_shards(root);
        reopen({dir});
        size.second = table_bytes(root);
        return size;
    }

    void reopen(const std::vector<std::string>& dirs) {
        shards.clear();
        for (const std::string& d : dirs) shards.push_back(std::make_unique<Shard>(d, false));
    }
};

IndexWriter::IndexWriter(const std::string& db_dir, unsigned shards) {
    impl_ = std::make_unique<Impl>(db_dir);
    try {
        clear_merged_shards(db_dir);
        std::vector<std::string> dirs = existing_shards(db_dir);
        const bool create = dirs.empty();
        if (!create && shards && shards != dirs.size())
            throw IndexError(db_dir + ": the database has " + std::to_string(dirs.size()) + " shard" +
                             (dirs.size() == 1 ? "" : "s") + ", not " + std::to_string(shards) +
                             " (the number of shards is fixed when a database is created)");
        if (create) {
            clear_unfinished_creation(db_dir);  // left by a run killed while creating it
            const unsigned n = shards ? shards : default_shards();
            if (n == 1) dirs.push_back(db_dir);
            for (unsigned i = 0; n > 1 && i < n; ++i) dirs.push_back(db_dir + "/shard" + std::to_string(i));
        }
        // Xapian reads the threshold from the environment when it opens a database.
        static const bool user_threshold = std::getenv("XAPIAN_FLUSH_THRESHOLD") != nullptr;
        if (!user_threshold) {
            const unsigned each = std::max<unsigned>(min_shard_flush_threshold, flush_threshold / dirs.size());
            ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(each).c_str(), 1);
        }
        std::vector<std::future<void>> opening;
        impl_->shards.resize(dirs.size());
        for (std::size_t i = 0; i < dirs.size(); ++i)
            opening.push_back(std::async(std::launch::async, [&, i] {
                impl_->shards[i] = std::make_unique<Shard>(dirs[i], create);
            }));
        wait_all(opening);
        if (create && dirs.size() > 1) {
            // The stub goes last: until it exists there is no database, and
            // an interrupted creation is simply done again.
            std::string stub;
            for (std::size_t i = 0; i < dirs.size(); ++i) stub += "auto shard" + std::to_string(i) + "\n";
            write_atomically(fs::path(db_dir) / stub_name, stub);
        }
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexError(db_dir + ": another process is writing to this database (" + e.get_msg() +
                         ")");
    } catch (const Xapian::Error& e) {
        throw IndexError(db_dir + ": " + e.get_description());
    }
}

IndexWriter::~IndexWriter() {
    if (!impl_) return;
    // Commit what is pending, in every shard that has not failed.
    std::vector<std::future<void>> commits;
    for (auto& s : impl_->shards) {
        if (!s || s->failed()) continue;
        try {
            commits.push_back(s->post([](Xapian::WritableDatabase& db) {
                db.commit_transaction();
                db.commit();
            }));
        } catch (...) {
        }
    }
    for (auto& f : commits) {
        try {
            f.get();
        } catch (...) {
            // Closing never throws to the caller.
        }
    }
}

const std::string& IndexWriter::directory() const { return impl_->dir; }

unsigned IndexWriter::shards() const { return static_cast<unsigned>(impl_->shards.size()); }

std::optional<FileStamp> IndexWriter::stamp(const std::string& path) const {
    return impl_->shard_of(path)
        .post([&](Xapian::WritableDatabase& db) -> std::optional<FileStamp> {
            Xapian::docid id = stamp_doc(db, path);
            if (!id) return std::nullopt;
            return stamp_of(db.get_document(id));
        })
        .get();
}

void IndexWriter::put(const std::string& path, const FileStamp& stamp, const Analysis& a) {
    put(prepare_document(path, stamp, a, impl_->analyzer));
}

void IndexWriter::put(PreparedDocument&& prepared) {
    if (!prepared.impl_) throw std::logic_error("IndexWriter::put: empty PreparedDocument");
    impl_->check();
    impl_->mark_changed();
    for (std::string& name : prepared.impl_->field_names) impl_->field_names.insert(std::move(name));
    std::string path = prepared.impl_->path;
    Xapian::Document* doc = &prepared.impl_->doc;
    impl_->shard_of(path).put(std::move(prepared), std::move(path), doc);
}

bool IndexWriter::restamp(const std::string& path, const FileStamp& stamp) {
    impl_->mark_changed();
    return impl_->shard_of(path)
        .post([&](Xapian::WritableDatabase& db) {
            try {
                std::vector<Xapian::docid> ids;
                if (Xapian::docid id = first_doc(db, schema::id_term(path))) ids.push_back(id);
                else if (article_file(path).size() == path.size())
                    for (auto [id, n] : articles_of(db, path)) ids.push_back(id);  // a multi-article file
                for (Xapian::docid id : ids) {
                    Xapian::Document doc = db.get_document(id);
                    doc.add_value(schema::size, std::to_string(stamp.size));
                    doc.add_value(schema::mtime_ns, std::to_string(stamp.mtime_ns));
                    if (!stamp.hash.empty()) doc.add_value(schema::hash, stamp.hash);
                    // Only values change: Xapian rewrites them and leaves the terms alone.
                    db.replace_document(id, doc);
                }
                return !ids.empty();
            } catch (const Xapian::Error& e) {
                throw IndexError(path + ": " + e.get_description());
            }
        })
        .get();
}

bool IndexWriter::remove(const std::string& path) {
    impl_->mark_changed();
    return impl_->shard_of(path)
        .post([&](Xapian::WritableDatabase& db) {
            const std::string id = schema::id_term(path);
            try {
                if (!first_doc(db, id)) return false;
                db.delete_document(id);
                return true;
            } catch (const Xapian::Error& e) {
                throw IndexError(path + ": " + e.get_description());
            }
        })
        .get();
}

uint64_t IndexWriter::remove_articles(const std::string& file, std::size_t keep) {
    impl_->mark_changed();
    return impl_->shard_of(file)
        .post([&](Xapian::WritableDatabase& db) -> uint64_t {
            try {
                uint64_t removed = 0;
                for (auto [id, n] : articles_of(db, file))
                    if (n > keep) {
                        db.delete_document(id);
                        ++removed;
                    }
                return removed;
            } catch (const Xapian::Error& e) {
                throw IndexError(file + ": " + e.get_description());
            }
        })
        .get();
}

uint64_t IndexWriter::remove_paths(const std::vector<std::string>& paths) {
    if (paths.empty()) return 0;
    impl_->mark_changed();
    // Each shard deletes its own share, all at once: a deletion costs about
    // what indexing the document did (Xapian reads back its term list).
    std::vector<std::vector<const std::string*>> share(impl_->shards.size());
    for (const std::string& p : paths) {
        uint64_t h = fnv_offset;
        fnv1a(h, article_file(p));  // as shard_of() chooses
        share[h % share.size()].push_back(&p);
    }
    std::vector<std::future<uint64_t>> futures;
    for (std::size_t i = 0; i < share.size(); ++i) {
        if (share[i].empty()) continue;
        futures.push_back(impl_->shards[i]->post([&mine = share[i]](Xapian::WritableDatabase& db) {
            uint64_t n = 0;
            for (const std::string* p : mine) {
                const std::string id = schema::id_term(*p);
                try {
                    if (!first_doc(db, id)) continue;
                    db.delete_document(id);
                    ++n;
                } catch (const Xapian::Error& e) {
                    throw IndexError(*p + ": " + e.get_description());
                }
            }
            return n;
        }));
    }
    uint64_t n = 0;
    for (uint64_t k : wait_all(futures)) n += k;
    return n;
}

uint64_t IndexWriter::remove_tree(const std::string& path) {
    impl_->mark_changed();
    uint64_t n = 0;
    for (uint64_t k : impl_->on_all([&](Xapian::WritableDatabase& db) {
             try {
                 uint64_t removed = 0;
                 for (auto& [id, p] : docs_under(db, path)) {
                     db.delete_document(id);
                     ++removed;
                 }
                 return removed;
             } catch (const Xapian::Error& e) {
                 throw IndexError(path + ": " + e.get_description());
             }
         }))
        n += k;
    return n;
}

std::vector<std::string> IndexWriter::paths_under(const std::string& path) {
    std::vector<std::string> out;
    for (auto& part : impl_->on_all([&](Xapian::WritableDatabase& db) {
             std::vector<std::string> paths;
             try {
                 for (auto& [id, p] : docs_under(db, path)) paths.push_back(std::move(p));
             } catch (const Xapian::Error& e) {
                 throw IndexError(path + ": " + e.get_description());
             }
             return paths;
         }))
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    std::sort(out.begin(), out.end());
    return out;
}

void IndexWriter::set_last_run(const RunInfo& info) {
    // Metadata of a sharded database is read from its first shard.
    impl_->shards.front()
        ->post([text = encode_run(info)](Xapian::WritableDatabase& db) {
            db.set_metadata(meta_last_run, text);
        })
        .get();
}

std::string IndexWriter::metadata(const std::string& key) {
    return impl_->shards.front()
        ->post([&key](Xapian::WritableDatabase& db) { return db.get_metadata(key); })
        .get();
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
    // Like the last run, on the first shard: that is where readers look.
    impl_->shards.front()
        ->post([&key, &value](Xapian::WritableDatabase& db) { db.set_metadata(key, value); })
        .get();
}

void IndexWriter::commit() {
    impl_->check();
    const std::string& dir = impl_->dir;
    if (!impl_->field_names.empty()) {
        // The names of the fields documents have, for queries to check
        // NAME:VALUE against: the union over every run. Metadata of a
        // sharded database is read from its first shard.
        impl_->shards.front()
            ->post([&](Xapian::WritableDatabase& db) {
                std::set<std::string> names(impl_->field_names);
                for (std::string& n : split_spaces(db.get_metadata(schema::meta_fields))) names.insert(std::move(n));
                std::string list;
                for (const std::string& n : names) list += (list.empty() ? "" : " ") + n;
                db.set_metadata(schema::meta_fields, list);
            })
            .get();
        impl_->field_names.clear();
    }
    impl_->on_all([&](Xapian::WritableDatabase& db) {
        try {
            // Ending an unflushed transaction only applies its changes; commit() writes them.
            db.commit_transaction();
            db.commit();
            db.begin_transaction(false);
        } catch (const Xapian::Error& e) {
            throw IndexError(dir + ": commit failed: " + e.get_description());
        }
    });
}

uint64_t IndexWriter::size() const {
    uint64_t n = 0;
    for (uint64_t k : impl_->on_all([](Xapian::WritableDatabase& db) -> uint64_t { return db.get_doccount(); }))
        n += k;
    return n;
}

std::optional<std::pair<uint64_t, uint64_t>> IndexWriter::compact() {
    commit();
    if (impl_->shards.size() > 1) {
        auto sizes = impl_->merge();
        impl_->mark_compacted();
        return sizes;
    }
    // Nothing to gain from rewriting a compact database nothing has changed in
    // (a nightly `index --compact` that found no new files).
    const bool compact_already = !impl_->changed && impl_->shards.front()
                                                         ->post([](Xapian::WritableDatabase& db) {
                                                             return db.get_metadata(meta_compacted) == "1";
                                                         })
                                                         .get();
    if (compact_already) return std::nullopt;
    std::vector<std::pair<uint64_t, uint64_t>> sizes(impl_->shards.size());
    std::vector<std::future<void>> done;
    for (std::size_t i = 0; i < impl_->shards.size(); ++i) {
        const fs::path dir = impl_->shards[i]->dir();
        auto& size = sizes[i];
        done.push_back(impl_->shards[i]->post([dir, &size](Xapian::WritableDatabase& db) {
            const fs::path tmp = dir / "compact.tmp";
            size.first = table_bytes(dir);
            std::error_code ec;
            fs::remove_all(tmp, ec);
            try {
                // The compacted copy is made from the committed revision, then its
                // tables replace the old ones; iamglass (which names each table's
                // root block) goes last. hanidx.lock stays held throughout.
                db.commit_transaction();
                Xapian::Database(dir.string()).compact(tmp.string(), Xapian::Compactor::FULLER);
                db.close();
                std::vector<fs::path> files;
                for (const auto& e : fs::directory_iterator(tmp))
                    if (e.path().filename() != "iamglass" && e.path().filename() != "flintlock")
                        files.push_back(e.path());
                files.push_back(tmp / "iamglass");
                for (const fs::path& f : files) fs::rename(f, dir / f.filename());
                fs::remove_all(tmp, ec);
                db = Xapian::WritableDatabase(dir.string(), Xapian::DB_OPEN);
                db.begin_transaction(false);
            } catch (const Xapian::Error& e) {
                fs::remove_all(tmp, ec);
                throw IndexError(dir.string() + ": compaction failed: " + e.get_description());
            } catch (const fs::filesystem_error& e) {
                throw IndexError(dir.string() + ": compaction failed: " + e.what());
            }
            size.second = table_bytes(dir);
        }));
    }
    wait_all(done);
    impl_->mark_compacted();
    std::pair<uint64_t, uint64_t> total{0, 0};
    for (auto& [before, after] : sizes) {
        total.first += before;
        total.second += after;
    }
    return total;
}

// ---------------------------------------------------------------------------
// IndexReader

struct IndexReader::Impl {
    std::string dir;
    Xapian::Database db;

    // Run @p f, reopening the database when a writer has moved it on
    // (Xapian keeps only the last two revisions readable).
    template <class F>
    auto retry(F&& f) {
        try {
            return schema::with_reopen(db, 6, f);
        } catch (const Xapian::DatabaseModifiedError&) {
            throw IndexError(dir + ": the database keeps changing under the reader");
        } catch (const Xapian::Error& e) {
            throw IndexError(dir + ": " + e.get_description());
        }
    }

    DocumentInfo info(Xapian::docid id, bool with_text) {
        Xapian::Document doc = db.get_document(id);
        DocumentInfo d;
        d.id = id;
        d.path = doc.get_value(schema::path);
        d.title = doc.get_value(schema::title);
        d.date = doc.get_value(schema::date);
        d.date_source = doc.get_value(schema::date_source);
        d.fields = decode_fields(doc.get_value(schema::fields));
        d.languages = split_spaces(doc.get_value(schema::languages));
        d.encoding = doc.get_value(schema::encoding);
        d.stamp = stamp_of(doc);
        d.duplicate_key = doc.get_value(schema::dup_key);
        d.terms = doc.termlist_count();
        d.length = db.get_doclength(id);
        if (!d.duplicate_key.empty()) {
            const std::string h = std::string(schema::hash_prefix) + d.duplicate_key;
            for (auto it = db.postlist_begin(h); it != db.postlist_end(h); ++it)
                if (*it != id) d.duplicates.push_back(db.get_document(*it).get_value(schema::path));
        }
        if (with_text) d.text = doc.get_data();
        return d;
    }
};

IndexReader::IndexReader(const std::string& db_dir) : impl_(std::make_unique<Impl>()) {
    impl_->dir = db_dir;
    try {
        impl_->db = Xapian::Database(db_dir);
    } catch (const Xapian::Error& e) {
        throw IndexError(db_dir + ": no hanidx database here (" + e.get_msg() + ")");
    }
}

IndexReader::~IndexReader() = default;

std::optional<FileStamp> IndexReader::stamp(const std::string& path) {
    return impl_->retry([&]() -> std::optional<FileStamp> {
        Xapian::docid id = stamp_doc(impl_->db, path);
        if (!id) return std::nullopt;
        return stamp_of(impl_->db.get_document(id));
    });
}

std::optional<DocumentInfo> IndexReader::find(const std::string& path, bool with_text) {
    const std::string term = schema::id_term(path);
    return impl_->retry([&]() -> std::optional<DocumentInfo> {
        Xapian::docid id = first_doc(impl_->db, term);
        if (!id) return std::nullopt;
        return impl_->info(id, with_text);
    });
}

std::optional<DocumentInfo> IndexReader::find(uint32_t id, bool with_text) {
    return impl_->retry([&]() -> std::optional<DocumentInfo> {
        if (id == 0 || id > impl_->db.get_lastdocid()) return std::nullopt;
        try {
            return impl_->info(id, with_text);
        } catch (const Xapian::DocNotFoundError&) {
            return std::nullopt;
        }
    });
}

IndexStats IndexReader::stats() {
    IndexStats s = impl_->retry([&] {
        Xapian::Database& db = impl_->db;
        IndexStats s;
        s.documents = db.get_doccount();
        s.postings = db.get_total_length();
        for (Lang l : {Lang::ZhHans, Lang::ZhHant, Lang::Ja, Lang::En}) {
            const std::string tag(lang_tag(l));
            if (auto n = db.get_termfreq(std::string(schema::lang_prefix) + tag)) s.languages[tag] = n;
        }
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++s.terms;
        const std::string h(schema::hash_prefix);
        for (auto t = db.allterms_begin(h); t != db.allterms_end(h); ++t) {
            if (t.get_termfreq() > 1) {
                ++s.duplicate_groups;
                s.duplicate_documents += t.get_termfreq();
            }
        }
        if (std::string run = db.get_metadata(meta_last_run); !run.empty()) s.last_run = decode_run(run);
        // Documents with each metadata field: those with any of its terms.
        for (const std::string& name : split_spaces(db.get_metadata(schema::meta_fields))) {
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_WILDCARD, schema::field_term(name, "")));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            s.fields[name] = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
        }
        return s;
    });
    try {
        s.shards = static_cast<unsigned>(std::max<std::size_t>(1, existing_shards(impl_->dir).size()));
    } catch (const IndexError&) {
        // Xapian opened it, so the stub is readable; keep the default.
    }
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(impl_->dir, ec))
        if (e.is_regular_file(ec)) s.disk_bytes += e.file_size(ec);  // the shards' too
    return s;
}

std::string IndexReader::metadata(const std::string& key) {
    return impl_->retry([&] { return impl_->db.get_metadata(key); });
}

std::vector<std::string> IndexReader::paths_with_key(const std::string& key) {
    if (key.empty()) return {};
    const std::string term = std::string(schema::hash_prefix) + key;
    return impl_->retry([&] {
        std::vector<std::string> out;
        Xapian::Database& db = impl_->db;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
            out.push_back(db.get_document(*it).get_value(schema::path));
        return out;
    });
}

}  // namespace hanidx
