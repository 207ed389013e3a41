// hanidx/search.hpp - querying a hanidx database.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hanidx/error.hpp"

namespace hanidx {

/// A byte range [begin, end).
struct Span {
    uint32_t begin = 0;
    uint32_t end = 0;
};

/// Options for one search.
struct SearchOptions {
    std::size_t limit = 10;   ///< most hits to return; 0 for all
    std::size_t offset = 0;   ///< hits to skip
    bool snippets = true;     ///< compute snippets and match offsets
    std::size_t snippet_bytes = 200;  ///< approximate snippet length
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
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Run @p query; throws QueryError for a malformed query.
    Results search(std::string_view query, const SearchOptions& options = {});

    /// A human-readable description of what @p query becomes.
    std::string explain(std::string_view query);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx
