// hanidx/decode.hpp - stage 1: bytes of a file -> UTF-8 text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hanidx {

/// The text of a file converted to UTF-8, and how that was done.
struct Decoded {
    std::string text;          ///< valid UTF-8; undecodable input became U+FFFD
    std::string encoding;      ///< the encoding used, e.g. "UTF-8", "GB18030", "Shift_JIS"
    double confidence = 0.0;   ///< 0..1, how sure the detector was (1 for a BOM or --encoding)
    std::size_t invalid = 0;   ///< byte sequences that could not be decoded (replaced by U+FFFD)
};

/** Convert @p bytes to UTF-8.
 *
 *  @param bytes     the raw content of a file.
 *  @param encoding  an encoding name to use instead of detecting one
 *                   (any name ICU's converters accept); empty to detect.
 *  @return          the text, the encoding used and a count of invalid sequences.
 *                   Never throws for bad data; throws std::invalid_argument for
 *                   an encoding name ICU does not know.
 */
Decoded decode(std::string_view bytes, std::string_view encoding = {});

/** Repair @p bytes as UTF-8: every ill-formed sequence becomes U+FFFD.
 *  @return the number of sequences replaced.
 */
std::size_t repair_utf8(std::string_view bytes, std::string& out);

}  // namespace hanidx
