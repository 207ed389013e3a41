// hanidx/index.hpp - writing documents into a Xapian database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hanidx/analyze.hpp"
#include "hanidx/error.hpp"

namespace hanidx {

/// What the index remembers of a file to decide whether it changed.
struct FileStamp {
    uint64_t size = 0;
    int64_t mtime_ns = 0;   ///< modification time, nanoseconds since the epoch
    std::string hash;       ///< content hash (hex), empty if not known
};

/** A writable hanidx database. Opening one takes Xapian's write lock; a
 *  second writer gets an IndexError naming the reason.
 */
class IndexWriter {
  public:
    /// Open (creating if needed) the database in directory @p db_dir.
    explicit IndexWriter(const std::string& db_dir);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// The stamp stored for @p path, if the path is indexed.
    std::optional<FileStamp> stamp(const std::string& path) const;

    /// Add or replace the document for @p path.
    void put(const std::string& path, const FileStamp& stamp, const Analysis& analysis);

    /// Remove the document for @p path; false if it was not indexed.
    bool remove(const std::string& path);

    /// Make everything written so far durable and visible to readers.
    void commit();

    /// Number of documents.
    uint64_t size() const;

    /** Commit, then rewrite the database compactly (Xapian's compaction:
     *  full blocks, no free space), replacing its tables in place. Takes
     *  time and disk space in proportion to the whole database, so it is
     *  meant for the end of a large batch. A search that opens the database
     *  at the moment the tables are swapped may fail once; run it again.
     *  @return the bytes of the tables before and after.
     */
    std::pair<uint64_t, uint64_t> compact();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Content hash used in FileStamp::hash (64-bit FNV-1a, hex).
std::string content_hash(std::string_view bytes);

}  // namespace hanidx
