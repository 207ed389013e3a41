// hanidx/search.hpp - querying a hanidx database.
#pragma once

#include <cstdint>
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
    /// The query is text, not the query language: no operators, quotes or
    /// fields; all its words in order, as a phrase (a pasted headline).
    bool literal = false;
    /// Hiragana and katakana are one: a text leaf also matches in the other
    /// script (どこも finds ドコモ), and a katakana word's final long-vowel
    /// mark is optional in quoted text too.
    bool kana = false;
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
    uint64_t total = 0;       ///< number of matching documents (exact)
};

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
    std::string explain(std::string_view query, const SearchOptions& options = {});

  private:
    Results run(std::string_view query, const SearchOptions& options);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx
