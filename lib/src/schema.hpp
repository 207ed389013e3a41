// The layout of a hanidx Xapian database (private to index and search).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace hanidx::schema {

// Value slots.
inline constexpr Xapian::valueno path = 0;
inline constexpr Xapian::valueno title = 1;
inline constexpr Xapian::valueno date = 2;       // YYYY-MM-DD or empty
inline constexpr Xapian::valueno size = 3;       // decimal
inline constexpr Xapian::valueno mtime_ns = 4;   // decimal
inline constexpr Xapian::valueno hash = 5;       // hex content hash
inline constexpr Xapian::valueno languages = 6;  // "zh-Hans ja"
inline constexpr Xapian::valueno encoding = 7;
inline constexpr Xapian::valueno dup_key = 8;    // hash of the normalized text: equal for duplicate articles
inline constexpr Xapian::valueno positions = 9;  // positions of the body's terms (positions.hpp)
inline constexpr Xapian::valueno title_positions = 10;  // ... and of the title's
inline constexpr Xapian::valueno date_source = 11;  // Analysis::date_source
inline constexpr Xapian::valueno fields = 12;       // Analysis::fields as "name\tvalue\n" lines, in order
inline constexpr Xapian::valueno date_first = 13;   // first day the date covers, YYYY-MM-DD ("2012" -> 2012-01-01)
inline constexpr Xapian::valueno date_last = 14;    // last day it covers ("2012" -> 2012-12-31)
inline constexpr Xapian::valueno meta_hash = 15;    // FileStamp::meta: hash of the `index --meta` records applied

// A document for one article of a multi-article file (a JSON Lines, SGML or
// XML dump) has the path "FILE#N", N its 1-based position in the file; it
// carries the file's stamp, and all articles of a file go to one shard (the
// shard is chosen by FILE).

// Term prefixes. Unprefixed terms are the body's words and n-grams. No term
// has positions in Xapian: they are in value slots `positions` and
// `title_positions` (format 2).
inline constexpr std::string_view id_prefix = "Q";        // one per document: the path
inline constexpr std::string_view lang_prefix = "L";      // boolean: "Lja"
inline constexpr std::string_view title_prefix = "S";     // title terms
inline constexpr std::string_view stem_prefix = "Z";      // English stems
inline constexpr std::string_view hash_prefix = "H";      // boolean: normalized content hash
inline constexpr std::string_view field_prefix = "X";     // boolean: metadata field, field_term()

/// The boolean term of metadata field @p name with @p value: "X" + name + ":"
/// + the value normalized as text is (NFKC, case folded, variants folded),
/// cut to fit Xapian's term length.
std::string field_term(std::string_view name, std::string_view value);

// The unique id term of a path. Xapian terms are at most 245 bytes, so a
// long path is replaced by a hash of it.
std::string id_term(std::string_view path);

/// The first day a date ("YYYY", "YYYY-MM" or "YYYY-MM-DD") covers:
/// "2012" -> "2012-01-01", "2012-07" -> "2012-07-01".
inline std::string first_day(std::string_view date) {
    if (date.size() == 4) return std::string(date) + "-01-01";
    if (date.size() == 7) return std::string(date) + "-01";
    return std::string(date);
}

/// The last day a date covers: "2012" -> "2012-12-31", "2012-02" -> "2012-02-29".
inline std::string last_day(std::string_view date) {
    if (date.size() == 4) return std::string(date) + "-12-31";
    if (date.size() != 7) return std::string(date);
    const int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
    const int m = (date[5] - '0') * 10 + (date[6] - '0');
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int d = m >= 1 && m <= 12 ? days[m - 1] : 31;
    if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) d = 29;
    return std::string(date) + "-" + std::to_string(d);
}

// Database metadata keys.
inline constexpr const char* meta_version = "hanidx.schema";
// Space-separated names of the metadata fields any document has (Analysis::fields):
// what a query may name as NAME:VALUE, count --by NAME may bucket.
inline constexpr const char* meta_fields = "hanidx.fields";
// 1: positions in Xapian's position table; 2: in value slots (positions.hpp).
inline constexpr const char* schema_version = "2";

/** Run @p f, and when a writer has moved the database on while it read
 *  (Xapian keeps only the last two revisions readable), reopen @p db and run
 *  it again; after @p attempts tries the DatabaseModifiedError is the caller's.
 */
template <class F>
auto with_reopen(Xapian::Database& db, int attempts, F&& f) {
    for (int attempt = 1;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= attempts) throw;
            db.reopen();
        }
    }
}

}  // namespace hanidx::schema
