// Stage 3: paragraph splitting and language identification.
//
// Each unit (a line, cut at 64 KiB) is labelled from the characters in it:
//  - kana make it Japanese;
//  - Latin letters outweighing the CJK characters make it English;
//  - Han characters vote with their script class, generated from OpenCC's
//    tables and the GB 2312 / Big5 / JIS X 0208 character sets (see
//    variant_table.hpp): simplified-only forms (这 们 东) for zh-Hans,
//    traditional-only forms (這 們 醫) for zh-Hant, Japanese-only forms
//    (広 歴 薬 総 亀 働 込, 々) for ja; the Chinese particle 的 votes Chinese.
// A Han-only unit with no such vote (支援, 東京大学, 人民代表大会) is weak: it
// takes the label of the nearest decided CJK unit, the next one on a tie
// (a heading belongs to the text below it), as long as its characters allow
// that label; otherwise it keeps its own guess.
#include "hanidx/language.hpp"

#include <unicode/utf8.h>

#include <algorithm>

#include "variant_table.hpp"

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

using detail::HanClass;

/// What the characters of one unit say.
struct Evidence {
    uint32_t han = 0, kana = 0, hiragana = 0, latin = 0;
    uint32_t hans = 0, hant = 0, ja = 0;  // votes of script-specific characters
    uint32_t hans_ja = 0, hant_ja = 0;    // simplified / traditional forms Japanese shares
    uint32_t particle = 0;                // Chinese particles (的)
    Lang first = Lang::Und;               // the language of the first vote, for ties
};

bool is_han(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

bool is_kana(char32_t c) {
    return (c >= 0x3041 && c <= 0x309F) ||  // hiragana
           (c >= 0x30A1 && c <= 0x30FA) ||  // katakana letters
           (c >= 0x30FD && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||  // small katakana
           (c >= 0xFF66 && c <= 0xFF9D);    // half-width katakana
}

bool is_latin(char32_t c) {
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);  // full-width A-Z a-z
}

void vote(Evidence& e, uint32_t& counter, Lang lang) {
    ++counter;
    if (e.first == Lang::Und) e.first = lang;
}

Evidence gather(std::string_view s) {
    Evidence e;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        if (p[i] < 0x80) {
            if (((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')) ++e.latin;
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0) continue;
        const auto u = static_cast<char32_t>(c);
        if (is_han(u)) {
            ++e.han;
            uint8_t k = detail::han_class(u);
            if (k & detail::kJaOnly) vote(e, e.ja, Lang::Ja);
            else if (k & detail::kHansOnly) vote(e, e.hans, Lang::ZhHans);
            else if (k & detail::kHantOnly) vote(e, e.hant, Lang::ZhHant);
            else if (k & detail::kHansJa) ++e.hans_ja;
            else if (k & detail::kHantJa) ++e.hant_ja;
            if (u == U'的') vote(e, e.particle, Lang::ZhHans);
        } else if (is_kana(u)) {
            ++e.kana;
            if (u <= 0x309F) ++e.hiragana;
            if (e.first == Lang::Und) e.first = Lang::Ja;
        } else if (u == 0x3005 || u == 0x3006 || u == 0x30FB || u == 0x30FC) {
            // 々 〆 ・ ー: Japanese marks that Chinese text does not use.
            vote(e, e.ja, Lang::Ja);
        } else if (is_latin(u)) {
            ++e.latin;
        }
    }
    return e;
}

/// A unit's label, and whether its own characters decided it.
struct Verdict {
    Lang lang = Lang::Und;
    bool weak = false;        // Han only, no script-specific vote: context may relabel it
    bool allow_hans = true;   // which labels a weak unit's characters allow
    bool allow_hant = true;
    bool allow_ja = true;
};

Lang chinese_script(const Evidence& e) {
    if (e.hans != e.hant) return e.hans > e.hant ? Lang::ZhHans : Lang::ZhHant;
    if (e.hans_ja != e.hant_ja) return e.hans_ja > e.hant_ja ? Lang::ZhHans : Lang::ZhHant;
    return e.first == Lang::ZhHant ? Lang::ZhHant : Lang::ZhHans;
}

Verdict judge(const Evidence& e) {
    Verdict v;
    const uint32_t cjk = e.han + e.kana;
    if (cjk == 0 || cjk * 6 < e.latin) {
        // One CJK character weighs about as much as a six-letter word.
        v.lang = e.latin > 0 ? Lang::En : Lang::Und;
        return v;
    }
    const uint32_t zh = e.hans + e.hant + e.particle;
    if (e.kana > 0) {
        // Kana decide, unless they sit in plainly Chinese text: a katakana
        // loanword (新型コロナウイルス疫情在全球爆发) or a stray の. Japanese
        // grammar needs hiragana.
        bool chinese = e.hiragana == 0 ? zh > e.ja + 1 : e.hiragana * 20 < cjk && zh > 2 * (e.ja + e.hiragana);
        v.lang = chinese ? chinese_script(e) : Lang::Ja;
        return v;
    }
    if (e.ja > zh || (e.ja == zh && e.ja > 0 && e.first == Lang::Ja)) {
        v.lang = Lang::Ja;
        return v;
    }
    if (e.hans + e.hant > 0) {
        v.lang = chinese_script(e);
        return v;
    }
    // Nothing script-specific: 的 says Chinese but not which script; shared
    // forms say which script Chinese would be, and a mix of the two
    // (東京大学: 東 traditional, 学 simplified) is Japanese.
    v.allow_hans = e.hant_ja == 0;
    v.allow_hant = e.hans_ja == 0;
    v.allow_ja = e.particle == 0;
    if (!v.allow_hans && !v.allow_hant) {
        v.lang = e.particle ? chinese_script(e) : Lang::Ja;
        return v;
    }
    v.weak = true;
    v.lang = v.allow_hans ? Lang::ZhHans : Lang::ZhHant;
    return v;
}

bool allows(const Verdict& v, Lang lang) {
    switch (lang) {
        case Lang::ZhHans: return v.allow_hans;
        case Lang::ZhHant: return v.allow_hant;
        case Lang::Ja: return v.allow_ja;
        default: return false;
    }
}

bool is_cjk(Lang lang) { return lang == Lang::ZhHans || lang == Lang::ZhHant || lang == Lang::Ja; }

// Relabel weak units from their nearest decided CJK neighbours.
void resolve_context(const std::vector<Verdict>& verdicts, std::vector<Paragraph>& out) {
    const std::size_t n = out.size();
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    // prev[i]: the nearest decided CJK unit before i; filled left to right.
    std::vector<std::size_t> prev(n, none);
    for (std::size_t i = 0, last = none; i < n; ++i) {
        prev[i] = last;
        if (!verdicts[i].weak && is_cjk(verdicts[i].lang)) last = i;
    }
    for (std::size_t i = n, next = none; i-- > 0;) {
        const Verdict& v = verdicts[i];
        if (v.weak) {
            std::size_t p = prev[i];
            // Nearer neighbour first; on a tie the next one.
            std::size_t order[2] = {next, p};
            if (p != none && (next == none || i - p < next - i)) std::swap(order[0], order[1]);
            for (std::size_t j : order)
                if (j != none && allows(v, verdicts[j].lang)) {
                    out[i].lang = verdicts[j].lang;
                    break;
                }
        }
        if (!v.weak && is_cjk(v.lang)) next = i;
    }
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
    std::vector<Verdict> verdicts;
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
                Lang lang = force;
                if (force == Lang::Und) {
                    verdicts.push_back(judge(gather(unit)));
                    lang = verdicts.back().lang;
                }
                out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), lang});
            }
            b = e;
        }
        start = end + 1;
    }
    if (force == Lang::Und) resolve_context(verdicts, out);
    return out;
}

}  // namespace hanidx
