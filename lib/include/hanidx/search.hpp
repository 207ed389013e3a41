// hanidx/search.hpp - querying a hanidx database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hanidx/error.hpp"
#include "hanidx/segment.hpp"

namespace hanidx {

/// A byte range [begin, end).
struct Span {
    uint32_t begin = 0;
    uint32_t end = 0;
};

/// The order of the hits.
enum class SortOrder {
    Relevance,  ///< BM25; title and whole-word matches above n-gram-only matches
    Date,       ///< oldest first (undated documents first), then relevance
    DateDesc,   ///< newest first (undated documents last), then relevance
};

/// Options for one search.
struct SearchOptions {
    std::size_t limit = 10;   ///< most hits to return; 0 for all
    std::size_t offset = 0;   ///< hits to skip
    bool snippets = true;     ///< compute snippets and match offsets (costs a re-analysis per hit)
    /// Without snippets: fill each hit's title, date and languages too, not
    /// only its path (each is one more value stream to read).
    bool metadata = true;
    std::size_t snippet_bytes = 200;  ///< approximate snippet length
    SortOrder sort = SortOrder::Relevance;
    /// Show one hit per text: documents with the same normalized text
    /// (duplicate articles under other paths or encodings) collapse into the best one.
    bool collapse_duplicates = true;
    bool count_only = false;  ///< only count the matches (Results::total); no hits
    /// Let Xapian estimate Results::total from the first hits instead of
    /// counting every match (faster on huge result sets; Results::total_is_estimate).
    bool estimate = false;
};

/// One matching document.
struct Hit {
    unsigned rank = 0;        ///< 1-based, counting skipped hits
    double score = 0.0;
    std::string path;
    std::string title;
    std::string date;         ///< ISO 8601 or empty
    std::string languages;    ///< space-separated language tags
    std::string snippet;      ///< a short extract of the text around the best match
    std::vector<Span> snippet_matches;  ///< matches, as byte offsets into snippet
    std::vector<Span> matches;          ///< matches, as byte offsets into the document text
};

/// The result of a search.
struct Results {
    std::vector<Hit> hits;
    /// Number of matching documents: exactly as many as a listing with
    /// limit 0 returns (the same duplicate rule), unless total_is_estimate.
    uint64_t total = 0;
    bool total_is_estimate = false;  ///< total is Xapian's estimate (SearchOptions::estimate)
};

/// How Searcher::for_each_document walks the matching documents.
struct ScanOptions {
    SortOrder sort = SortOrder::Relevance;  ///< the order of the walk (and which duplicate is kept)
    bool collapse_duplicates = true;        ///< as SearchOptions::collapse_duplicates
    /// Load each document's text and find the query's occurrences in it
    /// (ScannedDocument::text and occurrences); without, only the values.
    bool occurrences = true;
};

/// One matching document, as Searcher::for_each_document reports it.
struct ScannedDocument {
    std::string path;
    std::string title;
    std::string date;       ///< "YYYY-MM-DD", "YYYY-MM", "YYYY" or empty
    std::string languages;  ///< space-separated language tags
    std::string fields;     ///< metadata fields, "name\tvalue\n" lines (Analysis::fields)
    std::string text;       ///< the extracted text, as `hanidx show` prints it (ScanOptions::occurrences)
    /** Every occurrence of the query in text, as byte ranges, in order and
     *  not overlapping: the places search highlights (the same folding:
     *  a query 医院 finds 醫院), but two occurrences next to each other are
     *  two, and of overlapping ones the leftmost is kept ("哈哈" occurs once
     *  in "哈哈哈"). Title-only and field-only queries occur nowhere here.
     */
    std::vector<Span> occurrences;
};

/// Called for each document; return false to stop the walk.
using DocumentSink = std::function<bool(const ScannedDocument&)>;

/// A read-only view of a hanidx database.
class Searcher {
  public:
    /// Open the database in @p db_dir; throws IndexError if there is none.
    explicit Searcher(const std::string& db_dir);
    /// As above, segmenting queries with @p segmenter (e.g. the user
    /// dictionary the documents were indexed with); throws SegmentError if
    /// the user dictionary cannot be read.
    Searcher(const std::string& db_dir, const SegmenterOptions& segmenter);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /** Run @p query (see query.hpp for the language); throws QueryError for a
     *  malformed query.
     *
     *  Every text leaf goes through the same analyzer as the documents, so a
     *  query in any variant form of a Han character finds the others.
     *  Unquoted Han/kana text matches as a contiguous substring; an unquoted
     *  English word also matches its stem; quoted text matches its exact
     *  words in order.
     *
     *  path:PATTERN matches documents whose path contains PATTERN as whole
     *  components ("path:zh" finds /news/zh/1.txt, not /news/zhx/1.txt); a
     *  PATTERN starting with '/' must start the path; one starting with
     *  "./", "../" or "~/" is taken relative to the current directory or
     *  $HOME; one with *, ? or [ is a shell glob (fnmatch) over the path.
     */
    Results search(std::string_view query, const SearchOptions& options = {});

    /// What @p query becomes: the parsed query, the index terms and the Xapian query, one per line.
    std::string explain(std::string_view query);

    /** Call @p sink for every document matching @p query (exactly those a
     *  search listing with limit 0 returns, in the order of @p options.sort),
     *  with its values and, with ScanOptions::occurrences, its text and the
     *  query's occurrences in it. Returns the number of documents reported.
     *  Throws QueryError for a malformed query, IndexError when the
     *  database cannot be read.
     */
    uint64_t for_each_document(std::string_view query, const ScanOptions& options, const DocumentSink& sink);

    /// The metadata field names the database holds (DB metadata "hanidx.fields"), sorted.
    std::vector<std::string> field_names();

  private:
    Results run(std::string_view query, const SearchOptions& options);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx
