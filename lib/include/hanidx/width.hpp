// hanidx/width.hpp - how many terminal columns text takes.
#pragma once

#include <cstddef>
#include <string_view>

namespace hanidx {

/** The columns a terminal gives code point @p c: 2 for East Asian Wide and
 *  Fullwidth characters (ICU's UCHAR_EAST_ASIAN_WIDTH W or F: Han, kana,
 *  U+3000 IDEOGRAPHIC SPACE), 0 for combining marks (Mn, Me), format
 *  characters (Cf, e.g. U+200B ZERO WIDTH SPACE) and controls, else 1
 *  (East Asian Ambiguous characters count 1, as most terminals show them).
 */
int column_width(char32_t c);

/// The columns of UTF-8 text @p s (invalid bytes count one each).
std::size_t display_width(std::string_view s);

}  // namespace hanidx
