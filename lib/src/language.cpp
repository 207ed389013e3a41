// Stage 3: paragraph splitting and language identification by script counts.
#include "hanidx/language.hpp"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace hanidx {

std::string_view lang_tag(Lang lang) {
    switch (lang) {
        case Lang::ZhHans: return "zh-Hans";
        case Lang::ZhHant: return "zh-Hant";
        case Lang::Ja: return "ja";
        case Lang::En: return "en";
        case Lang::Und: break;
    }
    return "und";
}

std::optional<Lang> parse_lang(std::string_view tag) {
    if (tag == "und") return Lang::Und;
    if (tag == "zh-Hans" || tag == "zh" || tag == "zh-hans" || tag == "zh-CN") return Lang::ZhHans;
    if (tag == "zh-Hant" || tag == "zh-hant" || tag == "zh-TW" || tag == "zh-HK") return Lang::ZhHant;
    if (tag == "ja") return Lang::Ja;
    if (tag == "en") return Lang::En;
    return std::nullopt;
}

namespace {

struct ScriptCounts {
    uint32_t han = 0, kana = 0, latin = 0;
};

ScriptCounts count_scripts(std::string_view s) {
    ScriptCounts n;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++n.latin;
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &status);
        if (sc == USCRIPT_HAN) ++n.han;
        else if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA) ++n.kana;
        else if (sc == USCRIPT_LATIN) ++n.latin;
    }
    return n;
}

Lang label(std::string_view s) {
    ScriptCounts n = count_scripts(s);
    if (n.kana > 0) return Lang::Ja;
    if (n.han > 0 && n.han * 2 >= n.latin / 3) return Lang::ZhHans;
    if (n.latin > 0) return Lang::En;
    return Lang::Und;
}

bool is_blank(std::string_view s) {
    for (char ch : s)
        if (ch != ' ' && ch != '\t' && ch != '\r') return false;
    return true;
}

constexpr std::size_t max_unit = 64 * 1024;

}  // namespace

std::vector<Paragraph> split_paragraphs(std::string_view text, Lang force) {
    std::vector<Paragraph> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::size_t stop = end;
        if (stop > start && text[stop - 1] == '\r') --stop;
        // Overlong lines are cut into units of at most max_unit bytes (at a
        // character boundary) so that later stages work in bounded memory.
        for (std::size_t b = start; b < stop;) {
            std::size_t e = std::min(stop, b + max_unit);
            while (e < stop && e > b && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) --e;
            auto unit = text.substr(b, e - b);
            if (!is_blank(unit)) {
                Lang lang = force != Lang::Und ? force : label(unit);
                out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), lang});
            }
            b = e;
        }
        start = end + 1;
    }
    return out;
}

}  // namespace hanidx
