// hanidx/batch.hpp - indexing many files: walk the trees, analyse on every
// core, one thread writes to the database.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
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
    /// Analyse every file again, whatever the stamps say (e.g. after an upgrade).
    bool force = false;
    /** Hash every file whose size and mtime did not change, and analyse it
     *  again if its content did (an edit that kept both, e.g. a restored
     *  backup with its old mtime). Costs a read of every file.
     */
    bool verify = false;
    /** Add the roots walked (those that exist, with their Selection) to the
     *  database's remembered roots (remembered_key), replacing the entry of
     *  a root given again, and store max_file_bytes with them; a root found
     *  gone by a --prune run is forgotten.
     */
    bool remember = false;
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

/** Why a file was not indexed. The first group are skips by rule: the file
 *  is reported, but a run with only those succeeds. The second are failures:
 *  the file should have been indexed and could not be.
 */
enum class FileIssue {
    // ---- skipped by rule
    Binary,        ///< the content looks binary
    Special,       ///< a FIFO, socket or device: never opened
    BrokenLink,    ///< a symbolic link to nothing
    TooLarge,      ///< over BatchOptions::max_file_bytes
    // ---- failed
    Missing,       ///< a path given that does not exist
    Unreadable,    ///< could not be opened, listed or read (permission, I/O error, gone mid-run...)
    Unindexable,   ///< read, but analysing or writing it failed
};

/// True for the issues that are skips by rule (not failures).
constexpr bool is_skip(FileIssue i) { return i <= FileIssue::TooLarge; }

/// Where a batch run stands; see BatchSink::progress().
struct BatchProgress {
    uint64_t done = 0;           ///< files dealt with (indexed, unchanged or failed)
    uint64_t indexed = 0;        ///< documents written (each article of a multi-article file is one)
    uint64_t unchanged = 0;
    uint64_t skipped = 0;
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
    /** @p path was not indexed, for @p reason (a sentence, e.g. "is a FIFO;
     *  not read"); is_skip(@p kind) tells a skip by rule from a failure. The
     *  run goes on.
     */
    virtual void failed(const std::string& path, FileIssue kind, const std::string& reason) = 0;
    /** A --prune run removed @p documents indexed below @p root, a root that
     *  no longer exists.
     */
    virtual void pruned(const std::string& root, uint64_t documents) { (void)root, (void)documents; }
    /// @p path was indexed, but @p what is worth knowing (e.g. invalid bytes).
    virtual void warning(const std::string& path, const std::string& what) = 0;
    /// About ten times a second while the run goes on.
    virtual void progress(const BatchProgress&) {}
};

/** Which files a directory walk picks up, in the manner of .gitignore and
 *  rsync. A glob without '/' matches a file's or directory's name at any
 *  depth; a glob with '/' matches its path relative to the root walked (a
 *  leading '/' only anchors it). '*' and '?' do not match '/', '**' matches
 *  anything, "[abc]", "[a-z]" and "[!a]" match one character; a trailing '/'
 *  matches directories only. A directory that is excluded is not entered.
 */
struct Selection {
    std::vector<std::string> exclude;  ///< files and directories to leave out; win over include
    /// Only the files that match one of these (instead of indexable_name()).
    std::vector<std::string> include;
    bool operator==(const Selection&) const = default;
};

/** True if @p glob matches @p path (relative, '/'-separated) or its last
 *  component, as Selection describes; @p is_dir: @p path is a directory.
 */
bool glob_matches(std::string_view glob, std::string_view path, bool is_dir);

/// A root to walk, with its own Selection.
struct Root {
    std::string path;
    Selection select;
};

/// What to index.
struct BatchInput {
    /** Files and directories. A directory is walked recursively and gives the
     *  files @p select picks (by default those with an indexable name,
     *  indexable_name()); a file named here is indexed whatever its name:
     *  @p select applies to what a walk finds, not to what is named.
     */
    std::vector<std::string> paths;
    Selection select;                ///< for @p paths and @p more
    std::vector<Root> roots;         ///< more roots, each with its own Selection
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

/// The database metadata key of the remembered roots.
inline constexpr const char* remembered_key = "hanidx.roots";

/// The roots a database remembers (BatchOptions::remember), for `hanidx index` alone.
struct Remembered {
    std::vector<Root> roots;
    uint64_t max_file_bytes = 16u << 20;  ///< of the last run that remembered
};

/** Remembered as stored under remembered_key: lines "TAG\tVALUE", TAG one of
 *  max-size, root, exclude, include (the last two belong to the root before).
 */
std::string encode_remembered(const Remembered& r);
/// The inverse of encode_remembered(); unknown lines are ignored.
Remembered decode_remembered(std::string_view text);

/** Index @p input into @p writer: files unchanged since the last run (same
 *  size and mtime, or same content hash when only the mtime moved) are
 *  skipped, new and changed ones are analysed on options.jobs threads and
 *  written, and everything is committed in batches. Paths are canonical: one
 *  file is one document, however it is named, except a multi-article file
 *  (sniff_dump()), whose articles are documents "FILE#N"; re-indexing it
 *  replaces, adds and removes articles, and a malformed article is reported
 *  to @p sink as "FILE#N" and counted as failed.
 *
 *  A new document whose duplicate key (duplicate_key()) is that of an
 *  indexed path whose file no longer exists replaces it: the file was moved
 *  or renamed, and the dead path goes (counted in RunInfo::removed).
 *
 *  Files skipped or failed are reported to @p sink and counted; the run goes on.
 *  @return the counts, also stored in the database as its last run.
 *  @throws IndexError when the database cannot be written.
 */
RunInfo index_files(IndexWriter& writer, const BatchInput& input, const BatchOptions& options,
                    BatchSink& sink);

}  // namespace hanidx
