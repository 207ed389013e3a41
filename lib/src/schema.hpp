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

// Term prefixes. Unprefixed terms are the body's words and n-grams. No term
// has positions in Xapian: they are in value slots `positions` and
// `title_positions` (format 2).
inline constexpr std::string_view id_prefix = "Q";        // one per document: the path
inline constexpr std::string_view lang_prefix = "L";      // boolean: "Lja"
inline constexpr std::string_view title_prefix = "S";     // title terms
inline constexpr std::string_view stem_prefix = "Z";      // English stems
inline constexpr std::string_view hash_prefix = "H";      // boolean: normalized content hash

// The unique id term of a path. Xapian terms are at most 245 bytes, so a
// long path is replaced by a hash of it.
std::string id_term(std::string_view path);

// Database metadata keys.
inline constexpr const char* meta_version = "hanidx.schema";
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
