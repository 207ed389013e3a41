// Encoding labels hanidx knows by name (command line, HTML <meta charset>)
// and the ICU converter that reads each.
#pragma once

#include <cctype>
#include <string_view>

namespace hanidx::detail {

struct Charset {
    const char* name;  ///< a label, compared ignoring case, '-' and '_'
    const char* icu;   ///< ICU converter that decodes it
    const char* label; ///< what decode() reports
    bool ascii_compatible;
};

// Legacy labels map to the superset ICU converter that decodes them exactly:
// GB2312 and GBK text to GB18030 (the SIGHAN pku/msr files are "GB2312" with GBK
// characters), Big5 and CP950 to Big5-HKSCS (the SIGHAN as and cityu files
// decode exactly with it; CP950 fails on cityu's HKSCS characters).
inline constexpr Charset charsets[] = {
    {"utf8", "UTF-8", "UTF-8", true},
    {"unicode11utf8", "UTF-8", "UTF-8", true},
    {"utf16", "UTF-16", "UTF-16", false},
    {"utf16le", "UTF-16LE", "UTF-16LE", false},
    {"utf16be", "UTF-16BE", "UTF-16BE", false},
    {"gb18030", "GB18030", "GB18030", true},
    {"gbk", "GB18030", "GBK", true},
    {"gb2312", "GB18030", "GBK", true},
    {"cp936", "GB18030", "GBK", true},
    {"windows936", "GB18030", "GBK", true},
    {"euccn", "GB18030", "GBK", true},
    {"xgbk", "GB18030", "GBK", true},
    {"big5", "Big5-HKSCS", "Big5", true},
    {"cp950", "Big5-HKSCS", "Big5", true},
    {"windows950", "Big5-HKSCS", "Big5", true},
    {"xxbig5", "Big5-HKSCS", "Big5", true},
    {"big5hkscs", "Big5-HKSCS", "Big5-HKSCS", true},
    {"shiftjis", "Shift_JIS", "Shift_JIS", true},
    {"sjis", "Shift_JIS", "Shift_JIS", true},
    {"xsjis", "Shift_JIS", "Shift_JIS", true},
    {"mskanji", "Shift_JIS", "Shift_JIS", true},
    {"cp932", "Shift_JIS", "Shift_JIS", true},
    {"windows31j", "Shift_JIS", "Shift_JIS", true},
    {"windows932", "Shift_JIS", "Shift_JIS", true},
    {"eucjp", "EUC-JP", "EUC-JP", true},
    {"xeucjp", "EUC-JP", "EUC-JP", true},
    {"iso2022jp", "ISO_2022,locale=ja,version=2", "ISO-2022-JP", false},
    {"csiso2022jp", "ISO_2022,locale=ja,version=2", "ISO-2022-JP", false},
    {"iso88591", "windows-1252", "windows-1252", true},
    {"latin1", "windows-1252", "windows-1252", true},
    {"windows1252", "windows-1252", "windows-1252", true},
    {"cp1252", "windows-1252", "windows-1252", true},
    {"usascii", "UTF-8", "UTF-8", true},
    {"ascii", "UTF-8", "UTF-8", true},
};

/// The entry for @p label, or nullptr.
inline const Charset* find_charset(std::string_view label) {
    char key[32];
    std::size_t k = 0;
    for (char ch : label) {
        if (ch == '-' || ch == '_' || ch == ' ') continue;
        if (k + 1 >= sizeof key) return nullptr;
        key[k++] = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    const std::string_view want(key, k);
    for (const Charset& c : charsets)
        if (want == c.name) return &c;
    return nullptr;
}

}  // namespace hanidx::detail
