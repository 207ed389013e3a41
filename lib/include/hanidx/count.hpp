// hanidx/count.hpp - counting and concordance: how often a query occurs,
// bucketed by date, language, directory or metadata field, and every
// occurrence in its context (keyword in context).
//
// Built on Searcher::for_each_document: the documents counted are exactly
// those a search listing with limit 0 returns, and an occurrence is a place
// search highlights.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hanidx/search.hpp"

namespace hanidx {

/// Bucket names of documents that have no value for a key.
inline constexpr std::string_view no_date_bucket = "(no date)";  ///< year, month, day
inline constexpr std::string_view no_value_bucket = "(none)";    ///< lang and metadata fields

/// One bucket: the documents with one value of the key and the query's occurrences in them.
struct Bucket {
    std::string name;          ///< "2012-07", "ja", "/news/2012", a field value, or the two above
    uint64_t documents = 0;
    uint64_t occurrences = 0;
};

/// The buckets of one key, in order (see count()).
struct Tally {
    std::string key;
    std::vector<Bucket> buckets;
};

/// The result of count().
struct Counts {
    uint64_t documents = 0;    ///< matching documents (as Results::total)
    uint64_t occurrences = 0;  ///< occurrences of the query in them
    std::vector<Tally> tallies;  ///< one per key asked for, in that order
};

/// The keys count() knows for @p searcher's database: year, month, day,
/// lang, dir, then the metadata fields it holds (Searcher::field_names()).
std::vector<std::string> count_keys(Searcher& searcher);

/** Count the documents matching @p query and the occurrences of the query
 *  in them (ScannedDocument::occurrences), and bucket both by each of @p keys.
 *
 *  - year, month, day: the document's date cut to "YYYY", "YYYY-MM" or
 *    "YYYY-MM-DD". A date less precise than the key ("2012" under month)
 *    is its own bucket, sorted just before the buckets it covers
 *    ("2012" before "2012-01"); undated documents go to no_date_bucket,
 *    last. Buckets are chronological, with the empty ones between the
 *    first and the last filled in (up to 100,000 of them).
 *  - lang: every language a document has a paragraph in, so a document
 *    in two languages counts in both; none: no_value_bucket.
 *  - dir: the directory of the document's file (of FILE for an article
 *    "FILE#N"), buckets sorted by name.
 *  - a metadata field: each distinct value the document has; none:
 *    no_value_bucket.
 *  lang and field buckets are sorted by documents, most first, then name.
 *  With @p options.occurrences false, only documents are counted (facets).
 *  Throws QueryError for a malformed query or a key not in count_keys()
 *  (the message lists the valid keys).
 */
Counts count(Searcher& searcher, std::string_view query, const std::vector<std::string>& keys,
             const ScanOptions& options = {});

/// The order of kwic() lines.
enum class KwicSort {
    Document,  ///< in the order of the search listing (ScanOptions::sort), then by offset
    Date,      ///< oldest document first (undated first), then by offset
    Left,      ///< by the left context read backwards from the match (AntConc's "1L" first)
    Right,     ///< by the right context, from the match on
};

/// Options for kwic().
struct KwicOptions {
    ScanOptions scan;                     ///< which documents (its sort: for KwicSort::Document)
    KwicSort sort = KwicSort::Document;
    std::size_t context = 40;             ///< most characters of context on each side
};

/// One occurrence in its context.
struct KwicLine {
    std::string path;
    std::string title;
    std::string date;
    uint64_t length = 0;   ///< the document text's length in bytes
    uint64_t offset = 0;   ///< byte offset of the match in the document's text (as `hanidx show` prints it)
    std::string left;      ///< up to KwicOptions::context characters before the match, as in the text
    std::string match;     ///< the match as the document spells it
    std::string right;     ///< up to KwicOptions::context characters after it
};

/// Called for each line; return false to stop.
using KwicSink = std::function<bool(const KwicLine&)>;

/** Report every occurrence of @p query in every matching document to
 *  @p sink, in @p options.sort order (Left and Right read every line before
 *  reporting the first). Returns the number of lines reported. As many
 *  lines as count() reports occurrences. Throws as Searcher::for_each_document.
 */
uint64_t kwic(Searcher& searcher, std::string_view query, const KwicOptions& options, const KwicSink& sink);

}  // namespace hanidx
