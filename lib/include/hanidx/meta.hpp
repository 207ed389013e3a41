// hanidx/meta.hpp - metadata a researcher brings (`hanidx index --meta FILE`):
// titles, dates and any other field, keyed by path or PATH#N.
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hanidx/analyze.hpp"

namespace hanidx {

/// One record of a meta file: the fields given for one document.
struct MetaRecord {
    std::string key;    ///< the path or PATH#N, as written in the file
    std::size_t line = 0;  ///< its 1-based line in the file
    /// (name, value) in the file's order; names match [a-z][a-z0-9_]*, values
    /// are valid UTF-8 and not empty. "title" and "date" set the document's
    /// title and date; any other name is a searchable field.
    std::vector<std::pair<std::string, std::string>> fields;
};

/// True for a field name: [a-z][a-z0-9_]*, at most 64 bytes.
bool valid_field_name(std::string_view name);

/** Parse the text of a meta file named @p name. Two formats, told apart by
 *  the first non-empty line:
 *  - TSV: a header line of column names, the first "path"; then one line per
 *    document, as many tab-separated cells as the header has (an empty cell
 *    sets nothing);
 *  - JSON Lines: one object per line with a string "path"; other members
 *    are strings, numbers, booleans, null (sets nothing) or arrays of those
 *    (one value each).
 *  @return the records, or a one-line error "NAME:LINE: reason" (an
 *          invalid field name, a malformed line, a date that is not one,
 *          text that is not UTF-8).
 */
std::expected<std::vector<MetaRecord>, std::string> parse_meta(std::string_view text, std::string_view name);

/** The records of one or more meta files, by document path. */
class MetaTable {
  public:
    /** Read meta file @p file (parse_meta()) and add its records. Keys are
     *  resolved as `hanidx index` resolves paths: canonical, relative ones
     *  from the current directory; PATH#N keeps its #N. A field given again
     *  for the same document (in a later line or file) overrides.
     *  @return nothing, or the one-line error (a file that cannot be read
     *          names the reason).
     */
    std::expected<void, std::string> load(const std::string& file);

    /// Add @p records, keyed by @p resolve(key) (for tests and other sources).
    void add(const std::vector<MetaRecord>& records,
             const std::function<std::string(std::string_view)>& resolve);

    bool empty() const { return by_path_.empty(); }

    /** A hash of the records for file @p path and for its articles PATH#N
     *  (what FileStamp::meta stores), empty when there are none.
     */
    std::string hash_for(std::string_view path) const;

    /** Apply the record of document @p doc_path (a path or PATH#N) to @p a:
     *  title, date (date_source "field") and fields (a field already in
     *  Analysis::fields with that name is replaced). No record: no change.
     */
    void apply(std::string_view doc_path, Analysis& a) const;

    /// The field names the records give (other than title and date).
    std::vector<std::string> field_names() const;

  private:
    std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>> by_path_;
};

}  // namespace hanidx
