// hanidx/batch.hpp - indexing many files: walk the trees, analyse on every
// core, one thread writes to the database.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hanidx/analyze.hpp"
#include "hanidx/index.hpp"

namespace hanidx {

class MetaTable;

/// How a batch run works.
struct BatchOptions {
    unsigned jobs = 0;                      ///< analysis threads; 0: one per core
    AnalyzerOptions analyzer;               ///< how each thread's Analyzer reads files
    /// Larger files fail ("too large"), except multi-article files, whose
    /// articles are analysed one at a time; 0: no limit.
    uint64_t max_file_bytes = 16u << 20;
    /** Memory for work in flight: bytes of files being analysed plus analysed
     *  documents waiting for the writer. A file larger than this is still
     *  done, but alone.
     */
    uint64_t memory_bytes = 96u << 20;
    uint64_t commit_docs = 2000;            ///< commit after this many documents written...
    uint64_t commit_bytes = 24u << 20;      ///< ... or this many bytes of files analysed
    bool prune = false;                     ///< remove documents below a root whose file is gone
    /** Records to apply (`index --meta`), or null. A file whose records
     *  differ from those applied when it was indexed (FileStamp::meta) is
     *  indexed again even if it did not change; without a table, what an
     *  earlier run applied stays until the file changes.
     */
    const MetaTable* meta = nullptr;
    /// Polled: once true, the run stops taking new files, writes and commits
    /// what is done, and returns with RunInfo::interrupted set.
    const std::atomic<bool>* cancel = nullptr;
};

/// Where a batch run stands; see BatchSink::progress().
struct BatchProgress {
    uint64_t done = 0;           ///< files dealt with (indexed, unchanged or failed)
    uint64_t indexed = 0;        ///< documents written (each article of a multi-article file is one)
    uint64_t unchanged = 0;
    uint64_t failed = 0;
    uint64_t found = 0;          ///< files found so far
    uint64_t bytes_done = 0;     ///< bytes of files analysed
    uint64_t bytes_todo = 0;     ///< bytes of the files found that need analysing
    bool walk_done = false;      ///< every file has been found: found and bytes_todo are final
    double seconds = 0.0;        ///< since the start
};

/** Receives what happens during a batch run. Called only from the thread that
 *  called index_files(), never concurrently.
 */
class BatchSink {
  public:
    virtual ~BatchSink() = default;
    /// @p path could not be indexed, for @p reason; the run goes on.
    virtual void failed(const std::string& path, const std::string& reason) = 0;
    /// @p path was indexed, but @p what is worth knowing (e.g. invalid bytes).
    virtual void warning(const std::string& path, const std::string& what) = 0;
    /// About ten times a second while the run goes on.
    virtual void progress(const BatchProgress&) {}
};

/// What to index.
struct BatchInput {
    /** Files and directories. A directory is walked recursively and gives the
     *  files with an indexable name (indexable_name()); a file named here is
     *  indexed whatever its name.
     */
    std::vector<std::string> paths;
    /** More paths, treated as those in @p paths: called (from a thread of the
     *  run's own) until it returns false. May be empty.
     */
    std::function<bool(std::string& path)> more;
};

/** True for the names a directory walk picks up: .txt .text .htm .html .xhtml
 *  .shtml, and the multi-article files .jsonl .ndjson .sgm .sgml .xml .dat
 *  (a walk takes a .dat file only when its content sniffs as a dump).
 */
bool indexable_name(const std::string& path);

/** Index @p input into @p writer: files unchanged since the last run (same
 *  size and mtime, or same content hash when only the mtime moved) are
 *  skipped, new and changed ones are analysed on options.jobs threads and
 *  written, and everything is committed in batches. Paths are canonical: one
 *  file is one document, however it is named, except a multi-article file
 *  (sniff_dump()), whose articles are documents "FILE#N"; re-indexing it
 *  replaces, adds and removes articles, and a malformed article is reported
 *  to @p sink as "FILE#N" and counted as failed.
 *
 *  Bad files are reported to @p sink and counted; the run goes on.
 *  @return the counts, also stored in the database as its last run.
 *  @throws IndexError when the database cannot be written.
 */
RunInfo index_files(IndexWriter& writer, const BatchInput& input, const BatchOptions& options,
                    BatchSink& sink);

}  // namespace hanidx
