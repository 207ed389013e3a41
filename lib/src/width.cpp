// Display width of text, from ICU's East Asian Width and general category.
#include "hanidx/width.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace hanidx {

int column_width(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
    if (c < 0x7F) return 1;  // ASCII: no lookup
    const auto cp = static_cast<UChar32>(c);
    const int8_t type = u_charType(cp);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
    const int eaw = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
    return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ? 2 : 1;
}

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        width += c < 0 ? 1 : static_cast<std::size_t>(column_width(static_cast<char32_t>(c)));
    }
    return width;
}

}  // namespace hanidx
