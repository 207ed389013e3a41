// hanidx/version.hpp - what hanidx is built from: its own version, the index
// format it writes, and the libraries and dictionaries it uses.
#pragma once

#include <string>
#include <vector>

namespace hanidx {

/// hanidx's own version, e.g. "0.1.0".
const char* version();

/// The index format a database written now has (schema.hpp), e.g. "2".
const char* index_format();

/// One library or dictionary hanidx uses.
struct Component {
    std::string name;     ///< e.g. "Xapian", "jieba dictionary"
    std::string version;  ///< e.g. "1.4.22"; "" when it is not built in
    std::string note;     ///< how it is used, e.g. "embedded", "read from /var/lib/mecab/dic/ipadic-utf8"
};

/** The components in use: Xapian (the version of the library linked, asked at
 *  run time), ICU, MeCab and IPADIC, jieba's dictionary and OpenCC's tables
 *  (the Debian package versions hanidx was built with, read by CMake).
 */
std::vector<Component> components();

}  // namespace hanidx
