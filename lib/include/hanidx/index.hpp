// hanidx/index.hpp - writing documents into a Xapian database, and reading
// back what is stored about them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hanidx/analyze.hpp"
#include "hanidx/error.hpp"

namespace hanidx {

/// What the index remembers of a file to decide whether it changed.
struct FileStamp {
    uint64_t size = 0;
    int64_t mtime_ns = 0;   ///< modification time, nanoseconds since the epoch
    std::string hash;       ///< content hash (hex), empty if not known
    /// Hash of the `index --meta` records applied to the file's documents
    /// (MetaTable::hash_for()), empty for none: a record that changes makes
    /// the file change.
    std::string meta;
};

/// Content hash used in FileStamp::hash (64-bit FNV-1a, hex).
std::string content_hash(std::string_view bytes);

/** The duplicate key of an analysed document: a hash (32 hex digits) of its
 *  normalized words, so the same article stored under other paths, in other
 *  encodings, with other line ends or in another Han variant gets the same
 *  key. Empty for a document without words (never a duplicate).
 */
std::string duplicate_key(const Analysis& analysis);

/** A document turned into index terms and values but not yet written.
 *
 *  Built by prepare_document() in any thread (no database involved), then
 *  handed over to the one thread that owns the IndexWriter. Move-only; it
 *  must not be shared between threads.
 */
class PreparedDocument {
  public:
    PreparedDocument();
    ~PreparedDocument();
    PreparedDocument(PreparedDocument&&) noexcept;
    PreparedDocument& operator=(PreparedDocument&&) noexcept;

    /// The canonical path the document is for.
    const std::string& path() const;
    /// Approximate memory it holds, in bytes (for bounding queues).
    std::size_t memory() const;
    /// Its duplicate key (duplicate_key()); empty for none.
    std::string duplicate_key() const;

  private:
    friend class IndexWriter;
    friend PreparedDocument prepare_document(const std::string&, const FileStamp&, const Analysis&,
                                             Analyzer&);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/** Build the document for @p path from its analysis.
 *  @param analyzer  used to tokenize the title; pass the calling thread's own
 *                   Analyzer (Analyzer is not thread-safe).
 */
PreparedDocument prepare_document(const std::string& path, const FileStamp& stamp,
                                  const Analysis& analysis, Analyzer& analyzer);

/// Counts of one `hanidx index` run, stored in the database as its last run.
struct RunInfo {
    int64_t started = 0;        ///< seconds since the epoch
    double seconds = 0.0;       ///< wall-clock duration
    uint64_t indexed = 0;       ///< documents analysed and (re)written (each article of a multi-article file is one)
    uint64_t unchanged = 0;     ///< files skipped: same size and mtime (or same content)
    uint64_t touched = 0;       ///< of unchanged: only the mtime moved; stamp updated, not re-analysed
    uint64_t skipped = 0;       ///< files left out by rule (binary, FIFO, broken link, too large)
    uint64_t failed = 0;        ///< files that could not be indexed
    uint64_t removed = 0;       ///< documents removed (--prune, or the old path of a moved file)
    uint64_t bytes = 0;         ///< bytes of the files analysed
    bool interrupted = false;   ///< stopped by a signal before the end
};

/** A writable hanidx database.
 *
 *  Opening one takes a lock (the file hanidx.lock in the database directory,
 *  holding the owner's pid): a second writer gets an IndexError naming the
 *  process that holds it. The lock goes with the process, so a killed
 *  writer leaves no stale lock behind. Readers (Searcher, IndexReader) are
 *  not locked out.
 *
 *  The database is written as shards, each a Xapian database of its own with
 *  a thread of its own, written in parallel; readers open them together
 *  through the stub file XAPIANDB that lists them. A path always goes to
 *  the same shard (a hash of it), so replacing or removing it touches that
 *  shard only. A database made before shards (a single Xapian database in
 *  the directory) opens as one shard.
 *
 *  put() queues the document for its shard and returns; an error writing it
 *  (a full disk, say) is thrown, naming the file, by the next put() or
 *  commit(). Every other call first waits for what is queued.
 *
 *  Every document carries the FileStamp of its file, and a commit is atomic
 *  in each shard, so after an interrupted run the stamps tell exactly which
 *  files still need work.
 */
class IndexWriter {
  public:
    /** Open (creating if needed) the database in directory @p db_dir.
     *  @param shards  the number of shards of a database created now (0: one
     *                 per hardware thread, at most 4); for an existing
     *                 database, 0 or the number it has (else IndexError).
     */
    explicit IndexWriter(const std::string& db_dir, unsigned shards = 0);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /** The stamp stored for @p path, if the path is indexed: for a
     *  multi-article file, the stamp its articles ("FILE#N") carry.
     */
    std::optional<FileStamp> stamp(const std::string& path) const;

    /// Add or replace the document for @p path.
    void put(const std::string& path, const FileStamp& stamp, const Analysis& analysis);

    /// Add or replace the document for PreparedDocument::path(); consumes @p doc.
    void put(PreparedDocument&& doc);

    /** Update the stored stamp of @p path (its content did not change, only
     *  its mtime) without touching its terms, or of each of its articles
     *  ("FILE#N") for a multi-article file; false if it is not indexed.
     */
    bool restamp(const std::string& path, const FileStamp& stamp);

    /// Remove the document for @p path; false if it was not indexed.
    bool remove(const std::string& path);

    /** Remove the documents for @p paths, the shards in parallel.
     *  @return the number removed (paths not indexed are passed over).
     */
    uint64_t remove_paths(const std::vector<std::string>& paths);

    /** Remove the articles "FILE#N" of multi-article file @p file whose N
     *  is greater than @p keep (0: all of them).
     *  @return the number of documents removed.
     */
    uint64_t remove_articles(const std::string& file, std::size_t keep = 0);

    /** Remove the document for @p path and its articles ("PATH#N") and,
     *  when @p path is a directory path, every document below it.
     *  @return the number of documents removed.
     */
    uint64_t remove_tree(const std::string& path);

    /** Paths of the documents at or below @p path (a canonical path), from
     *  the last commit.
     */
    std::vector<std::string> paths_under(const std::string& path);

    /// Store @p info as the last run (made durable by the next commit).
    void set_last_run(const RunInfo& info);

    /// The database metadata stored under @p key ("" if none); keys "hanidx.*" are hanidx's own.
    std::string metadata(const std::string& key);
    /// Store @p value under @p key (made durable by the next commit).
    void set_metadata(const std::string& key, const std::string& value);

    /** Make everything written so far durable and visible to readers (shard
     *  by shard: a reader may see one shard's part of a commit before
     *  another's).
     */
    void commit();

    /// Number of documents.
    uint64_t size() const;

    /// The database directory.
    const std::string& directory() const;

    /// The number of shards.
    unsigned shards() const;

    /** Commit, then rewrite the database compactly (Xapian's compaction:
     *  full blocks, no free space), replacing its tables in place; the
     *  shards of a sharded database are merged into one database (one
     *  database to open per search; later runs write it as one shard). Takes
     *  time and disk space in proportion to the whole database, so it is
     *  meant for the end of a large batch. A search that opens the database
     *  at the moment the tables are swapped may fail once; run it again.
     *  A database that compact() wrote and no document has changed in since
     *  is left as it is.
     *  @return the bytes of the tables before and after; nothing when the
     *          database was left as it is.
     */
    std::optional<std::pair<uint64_t, uint64_t>> compact();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Everything stored about one document.
struct DocumentInfo {
    uint32_t id = 0;                     ///< Xapian document id
    std::string path;
    std::string title;
    std::string date;                    ///< ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or empty
    std::string date_source;             ///< Analysis::date_source
    std::vector<std::pair<std::string, std::string>> fields;  ///< Analysis::fields
    std::vector<std::string> languages;  ///< BCP 47 tags, e.g. "zh-Hans"
    std::string encoding;
    FileStamp stamp;
    std::string duplicate_key;           ///< see duplicate_key(); empty for none
    std::vector<std::string> duplicates; ///< paths of other documents with the same key
    uint64_t terms = 0;                  ///< distinct terms
    uint64_t length = 0;                 ///< term occurrences (document length)
    std::string text;                    ///< the extracted text
};

/// Figures about a whole database.
struct IndexStats {
    uint64_t documents = 0;
    std::map<std::string, uint64_t> languages;  ///< documents per language tag
    uint64_t terms = 0;                         ///< distinct terms
    uint64_t postings = 0;                      ///< term occurrences over all documents
    uint64_t disk_bytes = 0;                    ///< size of the database directory
    unsigned shards = 1;                        ///< shards the database is written as
    uint64_t duplicate_groups = 0;              ///< texts stored under two or more paths
    uint64_t duplicate_documents = 0;           ///< documents in those groups
    std::map<std::string, uint64_t> fields;     ///< documents per metadata field name
    std::optional<RunInfo> last_run;
};

/** A read-only view of a hanidx database, for looking documents up. Works
 *  while a writer is running (it sees the last commit).
 */
class IndexReader {
  public:
    /// Open the database in @p db_dir; throws IndexError if there is none.
    explicit IndexReader(const std::string& db_dir);
    ~IndexReader();
    IndexReader(const IndexReader&) = delete;
    IndexReader& operator=(const IndexReader&) = delete;

    /// The stamp stored for @p path, if the path is indexed (see IndexWriter::stamp()).
    std::optional<FileStamp> stamp(const std::string& path);

    /// The document for @p path, if indexed (@p with_text: load its text too).
    std::optional<DocumentInfo> find(const std::string& path, bool with_text = true);
    /// The document with Xapian id @p id, if any.
    std::optional<DocumentInfo> find(uint32_t id, bool with_text = true);

    /// Figures about the database.
    IndexStats stats();

    /// The database metadata stored under @p key ("" if none).
    std::string metadata(const std::string& key);

    /// Paths of the documents whose duplicate key is @p key (none for "").
    std::vector<std::string> paths_with_key(const std::string& key);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx
