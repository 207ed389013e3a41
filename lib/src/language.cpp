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
#include <array>

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
    uint32_t wide_latin = 0;              // full-width Ａ-ｚ: Latin set in CJK text
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

bool is_latin(char32_t c) { return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7; }

bool is_wide_latin(char32_t c) { return (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A); }

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
        } else if (is_wide_latin(u)) {
            ++e.wide_latin;
        }
    }
    return e;
}

/// A unit's label, and whether its own characters decided it.
struct Verdict {
    Lang lang = Lang::Und;
    bool weak = false;   // context may relabel it, to a language it allows
    bool latin = false;  // weak because Latin letters outweigh its CJK characters
    bool allow_hans = true, allow_hant = true, allow_ja = true;
};

Lang chinese_script(const Evidence& e) {
    if (e.hans != e.hant) return e.hans > e.hant ? Lang::ZhHans : Lang::ZhHant;
    if (e.hans_ja != e.hant_ja) return e.hans_ja > e.hant_ja ? Lang::ZhHans : Lang::ZhHant;
    return e.first == Lang::ZhHant ? Lang::ZhHant : Lang::ZhHans;
}

Verdict decided(Lang lang) {
    Verdict v;
    v.lang = lang;
    return v;
}

// The verdict of the CJK characters of a unit, Latin letters aside.
Verdict judge_cjk(const Evidence& e) {
    const uint32_t zh = e.hans + e.hant + e.particle;
    if (e.kana > 0) {
        // Kana decide, unless they sit in plainly Chinese text: a katakana
        // loanword (新型コロナウイルス疫情在全球爆发) or a stray の. Japanese
        // grammar needs hiragana.
        bool chinese = e.hiragana == 0 ? zh > e.ja + 1
                                       : e.hiragana * 20 < e.han + e.kana && zh > 2 * (e.ja + e.hiragana);
        return decided(chinese ? chinese_script(e) : Lang::Ja);
    }
    // Japanese-only forms outweigh traditional-only ones, which Japanese
    // names still use (鋼龍戦隊); a tie goes to the first vote.
    const uint32_t zh_score = 2 * (e.hans + e.particle) + e.hant, ja_score = 2 * e.ja;
    if (ja_score > zh_score || (ja_score == zh_score && e.ja > 0 && e.first == Lang::Ja))
        return decided(Lang::Ja);
    if (e.hans + e.hant > 0) return decided(chinese_script(e));
    // Nothing script-specific: 的 says Chinese but not which script; shared
    // forms say which script Chinese would be. A mix of the two (東京大学:
    // 東 traditional, 学 simplified) is Japanese - or Hong Kong or Taiwan
    // Chinese, which write some simplified-looking forms (恒 群).
    Verdict v;
    v.weak = true;
    v.allow_ja = e.particle == 0;
    v.allow_hans = e.hant_ja == 0;
    v.allow_hant = true;
    if (e.hans_ja > 0 && e.hant_ja > 0)
        v.lang = e.particle ? Lang::ZhHant : Lang::Ja;
    else
        v.lang = e.hant_ja > 0 ? Lang::ZhHant : Lang::ZhHans;
    if (!v.allow_ja && v.lang == Lang::Ja) v.lang = chinese_script(e);
    return v;
}

Verdict judge(const Evidence& e) {
    const uint32_t cjk = e.han + e.kana;
    if (cjk == 0) return decided(e.latin + e.wide_latin > 0 ? Lang::En : Lang::Und);
    Verdict v = judge_cjk(e);
    if (cjk * 6 < e.latin) {
        // One CJK character weighs about as much as a six-letter word, so
        // this is English with a few CJK words - or a CJK line quoting a
        // name (■製品名：BT KEYBOARD SHELL for iPad): the neighbours decide.
        // Full-width letters belong to the CJK text around them.
        if (!v.weak) {
            v.allow_hans = v.lang == Lang::ZhHans;
            v.allow_hant = v.lang == Lang::ZhHant;
            v.allow_ja = v.lang == Lang::Ja;
        }
        v.lang = Lang::En;
        v.weak = v.latin = true;
    }
    return v;
}

bool allows(const Verdict& v, Lang lang) {
    switch (lang) {
        case Lang::ZhHans: return v.allow_hans;
        case Lang::ZhHant: return v.allow_hant;
        case Lang::Ja: return v.allow_ja;
        case Lang::En: return v.latin;
        case Lang::Und: break;
    }
    return false;
}

bool is_cjk(Lang lang) { return lang == Lang::ZhHans || lang == Lang::ZhHant || lang == Lang::Ja; }

// Relabel weak units from their nearest decided neighbours: CJK ones for a
// kanji-only unit, CJK or English ones for a Latin-heavy unit.
void resolve_context(const std::vector<Verdict>& verdicts, std::vector<Paragraph>& out) {
    const std::size_t n = out.size();
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    auto counts = [&](std::size_t j, bool latin) {
        const Verdict& w = verdicts[j];
        return !w.weak && (is_cjk(w.lang) || (latin && w.lang == Lang::En));
    };
    // prev[i][latin]: the nearest decided unit before i; filled left to right.
    std::vector<std::array<std::size_t, 2>> prev(n, {none, none});
    std::array<std::size_t, 2> last = {none, none};
    for (std::size_t i = 0; i < n; ++i) {
        prev[i] = last;
        for (int l = 0; l < 2; ++l)
            if (counts(i, l)) last[l] = i;
    }
    std::array<std::size_t, 2> next = {none, none};
    for (std::size_t i = n; i-- > 0;) {
        const Verdict& v = verdicts[i];
        if (v.weak) {
            std::size_t p = prev[i][v.latin], q = next[v.latin];
            // Nearer neighbour first; on a tie the next one.
            std::size_t order[2] = {q, p};
            if (p != none && (q == none || i - p < q - i)) std::swap(order[0], order[1]);
            for (std::size_t j : order)
                if (j != none && allows(v, verdicts[j].lang)) {
                    out[i].lang = verdicts[j].lang;
                    break;
                }
        }
        for (int l = 0; l < 2; ++l)
            if (counts(i, l)) next[l] = i;
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
