// Writing analyzed documents into Xapian.
#include "hanidx/index.hpp"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "hanidx/terms.hpp"
#include "schema.hpp"

namespace hanidx {

std::string content_hash(std::string_view bytes) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string schema::id_term(std::string_view path) {
    std::string t(id_prefix);
    if (path.size() + t.size() <= 200) return t.append(path);
    return t.append("#").append(content_hash(path));
}

struct IndexWriter::Impl {
    std::string dir;
    Xapian::WritableDatabase db;
    Xapian::Stem stemmer{"english"};
    /// Splits titles. One for the writer's life: an Analyzer loads its
    /// dictionaries (jieba's, MeCab's) when first used, ~25 ms each time.
    Analyzer title_analyzer;
};

namespace {

/** Documents Xapian buffers before it writes their postings into the tables
 *  (without a commit). Its default, 10000, keeps maps of every posting of
 *  thousands of documents, whose lookups then dominate indexing: measured on
 *  5,500 benchmark articles, 1000 took 39.5 s of CPU and 171 MB, 200 took
 *  28.3 s and 52 MB, 50 took 25.8 s and 26 MB. $XAPIAN_FLUSH_THRESHOLD,
 *  when set, still wins.
 */
constexpr const char* flush_threshold = "50";

}  // namespace

IndexWriter::IndexWriter(const std::string& db_dir) : impl_(std::make_unique<Impl>()) {
    impl_->dir = db_dir;
    // Xapian reads the threshold from the environment when it opens the database.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", flush_threshold, 0);
    try {
        impl_->db = Xapian::WritableDatabase(db_dir, Xapian::DB_CREATE_OR_OPEN);
        if (impl_->db.get_metadata(schema::meta_version).empty())
            impl_->db.set_metadata(schema::meta_version, schema::schema_version);
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexError(db_dir + ": another hanidx process is writing to this database (" +
                         e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        throw IndexError(db_dir + ": " + e.get_description());
    }
}

IndexWriter::~IndexWriter() {
    try {
        if (impl_) impl_->db.close();
    } catch (...) {
        // Closing never throws to the caller; uncommitted changes are dropped.
    }
}

std::optional<FileStamp> IndexWriter::stamp(const std::string& path) const {
    const std::string id = schema::id_term(path);
    Xapian::PostingIterator it = impl_->db.postlist_begin(id);
    if (it == impl_->db.postlist_end(id)) return std::nullopt;
    Xapian::Document doc = impl_->db.get_document(*it);
    FileStamp s;
    s.size = std::stoull("0" + doc.get_value(schema::size));
    s.mtime_ns = std::stoll("0" + doc.get_value(schema::mtime_ns));
    s.hash = doc.get_value(schema::hash);
    return s;
}

namespace {

/** The bigram positions of @p terms, to tell which unigrams need positions.
 *
 *  A Han/kana character inside a run (a bigram ends at it and another starts
 *  at it) is stored without positions: a phrase query finds it through those
 *  bigrams, and a query of that character alone needs only its posting list.
 *  search.cpp's phrase_of() puts a unigram into a phrase only for a query run
 *  of one character, and wherever such a query matches, that character is the
 *  first or last of its run in the document too, so it keeps its position.
 *  Positions of interior unigrams were about half the position table.
 */
class InteriorUnigrams {
  public:
    explicit InteriorUnigrams(const std::vector<Term>& terms) {
        for (const Term& t : terms)
            if (t.kind == Term::Bigram) bigrams_.push_back(t.pos);
        std::sort(bigrams_.begin(), bigrams_.end());
    }
    bool operator()(const Term& t) const {
        return t.kind == Term::Unigram && t.pos > 1 &&
               std::binary_search(bigrams_.begin(), bigrams_.end(), t.pos) &&
               std::binary_search(bigrams_.begin(), bigrams_.end(), t.pos - 1);
    }

  private:
    std::vector<uint32_t> bigrams_;
};

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

}  // namespace

void IndexWriter::put(const std::string& path, const FileStamp& stamp, const Analysis& a) {
    Xapian::Document doc;
    std::vector<Term> terms;
    uint32_t pos = 1;
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        const uint32_t first = a.paragraph_tokens[i];
        const uint32_t last =
            i + 1 < a.paragraph_tokens.size() ? a.paragraph_tokens[i + 1] : a.tokens.size();
        terms.clear();
        std::span<const Token> tokens(a.tokens.data() + first, last - first);
        make_terms(tokens, pos, terms, first);
        const bool english = a.paragraphs[i].lang == Lang::En;
        const InteriorUnigrams interior(terms);
        for (const Term& t : terms) {
            if (t.pos && !interior(t)) doc.add_posting(t.name, t.pos);
            else doc.add_term(t.name);
            if (english && t.kind == Term::Word && a.tokens[t.token].script == Script::Latin)
                doc.add_term(std::string(schema::stem_prefix) + impl_->stemmer(t.name));
        }
    }
    // Title terms live in their own prefix with their own positions.
    if (!a.title.empty()) {
        auto tokens = impl_->title_analyzer.tokenize(a.title);
        terms.clear();
        uint32_t tpos = 1;
        make_terms(tokens, tpos, terms);
        const InteriorUnigrams interior(terms);
        for (const Term& t : terms) {
            if (!t.pos) continue;
            if (interior(t)) doc.add_term(std::string(schema::title_prefix) + t.name);
            else doc.add_posting(std::string(schema::title_prefix) + t.name, t.pos);
        }
    }
    const std::string langs = languages_of(a);
    for (Lang l : {Lang::ZhHans, Lang::ZhHant, Lang::Ja, Lang::En})
        if (langs.find(lang_tag(l)) != std::string::npos)
            doc.add_boolean_term(std::string(schema::lang_prefix) + std::string(lang_tag(l)));

    const std::string id = schema::id_term(path);
    doc.add_boolean_term(id);
    doc.add_value(schema::path, path);
    doc.add_value(schema::title, a.title);
    if (!a.date.empty()) doc.add_value(schema::date, a.date);
    doc.add_value(schema::size, std::to_string(stamp.size));
    doc.add_value(schema::mtime_ns, std::to_string(stamp.mtime_ns));
    doc.add_value(schema::hash, stamp.hash);
    doc.add_value(schema::languages, langs);
    doc.add_value(schema::encoding, a.encoding);
    doc.set_data(a.text);
    try {
        impl_->db.replace_document(id, doc);
    } catch (const Xapian::Error& e) {
        throw IndexError(path + ": " + e.get_description());
    }
}

bool IndexWriter::remove(const std::string& path) {
    const std::string id = schema::id_term(path);
    if (impl_->db.postlist_begin(id) == impl_->db.postlist_end(id)) return false;
    impl_->db.delete_document(id);
    return true;
}

void IndexWriter::commit() {
    try {
        impl_->db.commit();
    } catch (const Xapian::Error& e) {
        throw IndexError("commit failed: " + e.get_description());
    }
}

uint64_t IndexWriter::size() const { return impl_->db.get_doccount(); }

namespace {

// Bytes of the Xapian table files (*.glass) in @p dir.
uint64_t table_bytes(const std::filesystem::path& dir) {
    uint64_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".glass") n += e.file_size(ec);
    return n;
}

}  // namespace

std::pair<uint64_t, uint64_t> IndexWriter::compact() {
    namespace fs = std::filesystem;
    commit();
    const fs::path dir = impl_->dir;
    const fs::path tmp = dir / "compact.tmp";
    const uint64_t before = table_bytes(dir);
    std::error_code ec;
    fs::remove_all(tmp, ec);
    try {
        // The compacted copy is made from the committed revision, then its
        // tables replace the old ones; iamglass (which names each table's
        // root block) goes last.
        Xapian::Database(dir.string()).compact(tmp.string(), Xapian::Compactor::FULLER);
        impl_->db.close();
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(tmp))
            if (e.path().filename() != "iamglass" && e.path().filename() != "flintlock")
                files.push_back(e.path());
        files.push_back(tmp / "iamglass");
        for (const fs::path& f : files) fs::rename(f, dir / f.filename());
        fs::remove_all(tmp, ec);
        impl_->db = Xapian::WritableDatabase(dir.string(), Xapian::DB_OPEN);
    } catch (const Xapian::Error& e) {
        fs::remove_all(tmp, ec);
        throw IndexError(dir.string() + ": compaction failed: " + e.get_description());
    } catch (const fs::filesystem_error& e) {
        throw IndexError(dir.string() + ": compaction failed: " + e.what());
    }
    return {before, table_bytes(dir)};
}

}  // namespace hanidx
