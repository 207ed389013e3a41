// Stage 5: word segmentation.
//
// Boundaries come from ICU's word break iterator (dictionary-based for Han,
// kana, Thai...), from MeCab for runs of Japanese in Japanese paragraphs, and
// are then adjusted: URLs, e-mail addresses and user dictionary words become
// single spans; numbers, dates and times are glued back together.
#include "hanidx/segment.hpp"

#include <unicode/brkiter.h>
#include <unicode/rbbi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <unordered_map>

#include "mecab_backend.hpp"
#include "zh_dict.hpp"

// ICU's compiled word-break rules for the root locale, dumped at build time
// (tools/gen_word_rules.cpp) from the ICU hanidx links and embedded as they
// are: the iterator is made from them directly (ICU keeps pointing at them).
#ifdef HANIDX_WORD_RULES
asm(".section .rodata.hanidx_word_rules,\"a\"\n"
    ".balign 16\n"
    ".hidden hanidx_word_rules_begin\n"
    ".hidden hanidx_word_rules_end\n"
    "hanidx_word_rules_begin:\n"
    ".incbin \"" HANIDX_WORD_RULES "\"\n"
    "hanidx_word_rules_end:\n"
    ".previous\n");
extern "C" const char hanidx_word_rules_begin[];
extern "C" const char hanidx_word_rules_end[];
#endif

namespace hanidx {

const char* script_name(Script s) {
    switch (s) {
        case Script::Latin: return "latin";
        case Script::Number: return "number";
        case Script::Han: return "han";
        case Script::Kana: return "kana";
        case Script::Punct: return "punct";
        case Script::Url: return "url";
        case Script::Email: return "email";
        case Script::Other: break;
    }
    return "other";
}

namespace {

bool is_kana(UChar32 c) {
    // U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK is script Common but kana by use.
    if (c == 0x30FC) return true;
    if (c < 0x3040 || c > 0x31FF) {
        if (c < 0xFF66 || c > 0xFF9F) return false;  // halfwidth katakana
    }
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    return sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA;
}

bool is_han(UChar32 c) {
    // U+3005 IDEOGRAPHIC ITERATION MARK, U+3006 IDEOGRAPHIC CLOSING MARK and
    // U+3007 IDEOGRAPHIC NUMBER ZERO behave as Han characters in words (人々, 〆切, 〇〇).
    if (c == 0x3005 || c == 0x3006 || c == 0x3007) return true;
    if (c < 0x2E80) return false;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_HAN;
}

bool is_space(UChar32 c) { return u_isUWhiteSpace(c) || c == 0xFEFF; }

// Classify a word: any Han makes it Han; else any kana makes it Kana; else
// letters make it Latin, digits only Number; no letter or digit: Punct.
Script classify(const uint8_t* s, int32_t begin, int32_t end, bool& space) {
    bool han = false, kana = false, letter = false, digit = false, other = false;
    for (int32_t i = begin; i < end;) {
        UChar32 c;
        U8_NEXT(s, i, end, c);
        if (c < 0) continue;
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') letter = true;
            else if (c >= '0' && c <= '9') digit = true;
            else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') other = true;
            continue;
        }
        if (is_han(c)) han = true;
        else if (is_kana(c)) kana = true;
        else if (u_isalpha(c)) letter = true;
        else if (u_isdigit(c)) digit = true;
        else if (!is_space(c)) other = true;
    }
    space = !(han || kana || letter || digit || other);
    if (han) return Script::Han;
    if (kana) return Script::Kana;
    if (letter) return Script::Latin;
    if (digit) return Script::Number;
    return Script::Punct;
}

bool ascii_alnum(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
bool ascii_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Characters a URL may contain (RFC 3986 unreserved, reserved and '%').
bool url_char(char c) {
    if (ascii_alnum(c)) return true;
    switch (c) {
        case '-': case '.': case '_': case '~': case ':': case '/': case '?': case '#':
        case '[': case ']': case '@': case '!': case '$': case '&': case '\'': case '(':
        case ')': case '*': case '+': case ',': case ';': case '=': case '%':
            return true;
        default:
            return false;
    }
}

bool email_local_char(char c) {
    return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

struct Span {
    int32_t begin, end;
    Script script;
};

// End of a URL that starts at @p b, with punctuation that usually ends a
// sentence rather than a URL trimmed off.
int32_t url_end(std::string_view s, int32_t b) {
    int32_t e = b;
    const int32_t n = static_cast<int32_t>(s.size());
    while (e < n && url_char(s[e])) ++e;
    for (;;) {
        const char last = s[e - 1];
        if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
            last == '\'' || last == '*') {
            --e;
            continue;
        }
        if (last == ')' || last == ']') {
            const char open = last == ')' ? '(' : '[';
            const auto body = s.substr(b, e - b);
            if (std::count(body.begin(), body.end(), open) < std::count(body.begin(), body.end(), last)) {
                --e;
                continue;
            }
        }
        break;
    }
    return e;
}

// Spans of URLs ("scheme://...", "www.x.y...") and e-mail addresses in @p s.
void find_urls_and_emails(std::string_view s, std::vector<Span>& out) {
    const int32_t n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n; ++i) {
        const char c = s[i];
        // scheme "://": the scheme is letters (then letters, digits, + - .)
        if (c == ':' && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') {
            int32_t b = i;
            while (b > 0 && (ascii_alnum(s[b - 1]) || s[b - 1] == '+' || s[b - 1] == '-' || s[b - 1] == '.'))
                --b;
            while (b < i && !ascii_alpha(s[b])) ++b;
            if (b == i || i + 3 >= n || !url_char(s[i + 3]) || s[i + 3] == '/') continue;
            // a URL glued to the end of a word is still a URL (见https://...)
            int32_t e = url_end(s, b);
            if (e <= i + 3) continue;
            if (!out.empty() && out.back().end > b) out.pop_back();
            out.push_back({b, e, Script::Url});
            i = e - 1;
            continue;
        }
        // "www." at the start of a word
        if ((c == 'w' || c == 'W') && i + 4 < n && (i == 0 || !url_char(s[i - 1])) &&
            (s[i + 1] | 0x20) == 'w' && (s[i + 2] | 0x20) == 'w' && s[i + 3] == '.' && ascii_alnum(s[i + 4])) {
            int32_t e = url_end(s, i);
            if (std::string_view(s.substr(i + 4, e - i - 4)).find('.') == std::string_view::npos) continue;
            out.push_back({i, e, Script::Url});
            i = e - 1;
            continue;
        }
        if (c == '@' && i > 0 && i + 1 < n) {
            if (!out.empty() && out.back().end > i) continue;  // part of a URL
            int32_t b = i;
            while (b > 0 && email_local_char(s[b - 1])) --b;
            while (b < i && (s[b] == '.' || s[b] == '-')) ++b;
            if (b == i) continue;
            int32_t e = i + 1, dots = 0, last_dot = -1;
            while (e < n && (ascii_alnum(s[e]) || s[e] == '-' || s[e] == '.')) {
                if (s[e] == '.') {
                    if (s[e - 1] == '.' || s[e - 1] == '@') break;
                    ++dots;
                    last_dot = e;
                }
                ++e;
            }
            while (e > i + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) {
                if (s[e - 1] == '.') --dots;
                --e;
            }
            last_dot = static_cast<int32_t>(s.substr(0, e).rfind('.'));
            if (dots < 1 || last_dot <= i) continue;
            // the top-level domain: two letters or more
            int32_t tld = e - last_dot - 1;
            if (tld < 2 || !ascii_alpha(s[last_dot + 1])) continue;
            out.push_back({b, e, Script::Email});
            i = e - 1;
        }
    }
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One piece between two boundaries.
struct Piece {
    int32_t begin, end;
    Script script;
    bool space;  // white space only
    bool fixed;  // a URL, e-mail address or user word: never merged
};

struct UserWord {
    std::string text;  // normalized (folded) form
    double weight;
};

}  // namespace

struct Segmenter::Impl {
    SegmenterOptions options;
    std::unique_ptr<icu::BreakIterator> words;
    UText* utext = nullptr;
    UText* wtext = nullptr;  // one word, for icu_cuts()
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
    };
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> icu_memo;
    std::unique_ptr<detail::Mecab> mecab;
    bool mecab_tried = false;
    std::unique_ptr<detail::ZhDict> zh;
    bool zh_tried = false;
    // User words by their first byte sequence (first character).
    std::unordered_map<std::string, std::vector<UserWord>> user;
    std::vector<uint8_t> cut;  // scratch: cut[i] != 0 when a boundary falls before byte i
    std::vector<Piece> pieces;
    std::vector<Span> spans;
    std::vector<int32_t> mcuts;
    std::string masked;  // scratch: the text ICU sees in Chinese paragraphs

    ~Impl() {
        utext_close(utext);
        utext_close(wtext);
    }

    void load_user_dict(const std::string& path);
    detail::Mecab* japanese();
    bool mask_japanese(const std::string& s);
    detail::ZhDict* chinese();
    // Set cut[at + k] for every word boundary ICU finds inside @p word.
    void icu_cuts(std::string_view word, int32_t at, std::vector<uint8_t>& cut);
    void user_words(std::string_view folded, std::vector<Span>& out) const;
};

void Segmenter::Impl::load_user_dict(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SegmentError(path + ": cannot read user dictionary");
    std::string line;
    unsigned lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lineno == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        if (line.empty() || line[0] == '#') continue;
        double weight = 1.0;
        if (std::size_t tab = line.find('\t'); tab != std::string::npos) {
            std::string w = line.substr(tab + 1);
            line.resize(tab);
            char* end = nullptr;
            weight = std::strtod(w.c_str(), &end);
            if (end == w.c_str())
                throw SegmentError(path + ":" + std::to_string(lineno) + ": weight is not a number");
        }
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        if (line.empty()) continue;
        {
            // Must be valid UTF-8 to be normalized.
            const auto* p = reinterpret_cast<const uint8_t*>(line.data());
            const int32_t len = static_cast<int32_t>(line.size());
            for (int32_t i = 0; i < len;) {
                UChar32 c;
                U8_NEXT(p, i, len, c);
                if (c < 0) throw SegmentError(path + ":" + std::to_string(lineno) + ": not UTF-8");
            }
        }
        std::string word = normalize(line).text;
        if (word.empty()) continue;
        const auto* p = reinterpret_cast<const uint8_t*>(word.data());
        int32_t first = 0;
        U8_FWD_1(p, first, static_cast<int32_t>(word.size()));
        user[word.substr(0, first)].push_back({word, weight});
    }
    if (in.bad()) throw SegmentError(path + ": cannot read user dictionary");
}

detail::Mecab* Segmenter::Impl::japanese() {
    if (!mecab_tried) {
        mecab_tried = true;
        if (options.mecab) mecab = detail::Mecab::open();
    }
    return mecab.get();
}

void Segmenter::Impl::icu_cuts(std::string_view word, int32_t at, std::vector<uint8_t>& cut) {
    // Words repeat (Zipf): remember ICU's answer for each, up to a bound.
    auto it = icu_memo.find(word);
    if (it == icu_memo.end()) {
        if (icu_memo.size() >= 200000) icu_memo.clear();
        std::string cuts;  // byte offsets inside the word, one byte each (words are short)
        UErrorCode status = U_ZERO_ERROR;
        wtext = utext_openUTF8(wtext, word.data(), static_cast<int64_t>(word.size()), &status);
        if (U_SUCCESS(status)) words->setText(wtext, status);
        if (U_SUCCESS(status))
            for (int32_t b = words->next(); b != icu::BreakIterator::DONE; b = words->next())
                if (b > 0 && b < static_cast<int32_t>(word.size()) && b < 256) cuts += static_cast<char>(b);
        it = icu_memo.emplace(std::string(word), std::move(cuts)).first;
    }
    for (char b : it->second) cut[at + static_cast<uint8_t>(b)] = 1;
}

detail::ZhDict* Segmenter::Impl::chinese() {
    if (!zh_tried) {
        zh_tried = true;
        if (options.zh_dictionary) zh = detail::ZhDict::open();
    }
    return zh.get();
}

// Occurrences of user words in @p folded: the heaviest, then longest, then
// leftmost wins where two overlap.
void Segmenter::Impl::user_words(std::string_view folded, std::vector<Span>& out) const {
    struct Hit {
        int32_t begin, end;
        double weight;
    };
    std::vector<Hit> hits;
    const auto* p = reinterpret_cast<const uint8_t*>(folded.data());
    const int32_t n = static_cast<int32_t>(folded.size());
    for (int32_t i = 0; i < n;) {
        int32_t j = i;
        U8_FWD_1(p, j, n);
        if (auto it = user.find(std::string(folded.substr(i, j - i))); it != user.end()) {
            for (const UserWord& w : it->second)
                if (folded.substr(i, w.text.size()) == w.text)
                    hits.push_back({i, i + static_cast<int32_t>(w.text.size()), w.weight});
        }
        i = j;
    }
    if (hits.empty()) return;
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.end - a.begin > b.end - b.begin;
    });
    std::vector<Span> taken;
    for (const Hit& h : hits) {
        bool overlaps = std::any_of(taken.begin(), taken.end(),
                                    [&](const Span& t) { return h.begin < t.end && t.begin < h.end; });
        if (!overlaps) taken.push_back({h.begin, h.end, Script::Han});
    }
    std::sort(taken.begin(), taken.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    out.insert(out.end(), taken.begin(), taken.end());
}

Segmenter::Segmenter(const SegmenterOptions& options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    UErrorCode status = U_ZERO_ERROR;
#ifdef HANIDX_WORD_RULES
    // ICU's own word rules, embedded at build time: no resource lookup.
    impl_->words = std::make_unique<icu::RuleBasedBreakIterator>(
        reinterpret_cast<const uint8_t*>(hanidx_word_rules_begin),
        static_cast<uint32_t>(hanidx_word_rules_end - hanidx_word_rules_begin), status);
    if (U_FAILURE(status)) {
        status = U_ZERO_ERROR;
        impl_->words.reset();
    }
#endif
    if (!impl_->words)
        impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break data is missing");
    if (!options.user_dict.empty()) impl_->load_user_dict(options.user_dict);
}

Segmenter::~Segmenter() = default;

bool Segmenter::mecab_loaded() const { return impl_->mecab != nullptr; }

namespace {

// Characters that MeCab segments in Japanese paragraphs: Han, kana, the
// marks used inside Japanese words, and digits (50周年 is 50 + 周年, where
// 周年 alone would be split).
bool japanese_char(UChar32 c) {
    return (c >= '0' && c <= '9') || is_han(c) || is_kana(c) || c == 0x30F6 || c == 0x30F5;
}

// CJK characters that follow a number as its unit in dates and times. A
// number and its unit are two words (2013 年), as in the UD treebanks and
// CityU; PKU and MSR join them. Measured with bench/eval_segment: joining
// gains 0.013 F1 on PKU and 0.006 on MSR but loses 0.031 on UD Chinese and
// 0.005 on CityU. Only Chinese numerals are joined with their unit (二○○一年).
bool date_unit(std::string_view u) {
    return u == "年" || u == "月" || u == "日" || u == "时" || u == "時" || u == "分" || u == "秒" ||
           u == "号" || u == "號";
}

// True when @p s is made of Chinese numeral characters only (一 二 ... 十 百
// 千 万 亿 两 零, U+3007 IDEOGRAPHIC NUMBER ZERO and U+25CB WHITE CIRCLE, which
// Chinese text often uses for zero: 二○○一).
bool han_numeral(std::string_view s) {
    static constexpr std::string_view digits[] = {"〇", "○", "零", "一", "二", "三", "四", "五", "六",
                                                  "七", "八", "九", "十", "百", "千", "万", "亿", "两"};
    if (s.empty() || s.size() % 3) return false;
    for (std::size_t i = 0; i < s.size(); i += 3)
        if (std::find(std::begin(digits), std::end(digits), s.substr(i, 3)) == std::end(digits)) return false;
    return true;
}

// Merge pieces that make one number, date or time; @p text is the
// segmentation form. Works in place on @p ps.
void merge_numbers(std::string_view text, std::vector<Piece>& ps, Lang lang) {
    auto str = [&](const Piece& p) { return text.substr(p.begin, p.end - p.begin); };
    auto glued = [&](std::size_t a, std::size_t b) { return ps[a].end == ps[b].begin; };
    std::vector<Piece> out;
    out.reserve(ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) {
        Piece p = ps[i];
        if (p.fixed || p.space) {
            out.push_back(p);
            continue;
        }
        if (p.script == Script::Number && all_digits(str(p))) {
            // Dates: 2013-08-07, 2013/8/7, 07/08/2013.
            if (i + 4 < ps.size() && glued(i, i + 1) && glued(i + 1, i + 2) && glued(i + 2, i + 3) &&
                glued(i + 3, i + 4)) {
                auto s1 = str(ps[i + 1]), s3 = str(ps[i + 3]);
                auto a = str(p), b = str(ps[i + 2]), c = str(ps[i + 4]);
                if ((s1 == "-" || s1 == "/") && s3 == s1 && all_digits(b) && all_digits(c) &&
                    b.size() <= 2 && ((a.size() == 4 && c.size() <= 2) || (a.size() <= 2 && c.size() == 4))) {
                    p.end = ps[i + 4].end;
                    i += 4;
                    out.push_back(p);
                    continue;
                }
            }
            // Times: 10:30, 10:30:15.
            if (i + 2 < ps.size() && glued(i, i + 1) && glued(i + 1, i + 2) && str(ps[i + 1]) == ":" &&
                str(p).size() <= 2 && all_digits(str(ps[i + 2])) && str(ps[i + 2]).size() == 2) {
                p.end = ps[i + 2].end;
                i += 2;
                if (i + 2 < ps.size() && glued(i, i + 1) && glued(i + 1, i + 2) && str(ps[i + 1]) == ":" &&
                    all_digits(str(ps[i + 2])) && str(ps[i + 2]).size() == 2) {
                    p.end = ps[i + 2].end;
                    i += 2;
                }
                out.push_back(p);
                continue;
            }
        }
        // Names of programming languages: C++, g++, Notepad++, C#, F#.
        if (p.script == Script::Latin && i + 1 < ps.size() && glued(i, i + 1) && !ps[i + 1].fixed) {
            // The symbol pieces: "++" (one piece, or two of "+"), or "#" after one letter.
            std::size_t last = 0;
            if (str(ps[i + 1]) == "++") last = i + 1;
            else if (str(ps[i + 1]) == "+" && i + 2 < ps.size() && glued(i + 1, i + 2) && str(ps[i + 2]) == "+")
                last = i + 2;
            else if (str(ps[i + 1]) == "#" && str(p).size() == 1) last = i + 1;
            if (last && (last + 1 >= ps.size() || !glued(last, last + 1) || ps[last + 1].space ||
                         ps[last + 1].script == Script::Punct)) {
                p.end = ps[last].end;
                i = last;
                out.push_back(p);
                continue;
            }
        }
        // A sign before a number that is not glued to a word before it: -5, +3.5.
        if (p.script == Script::Punct && (str(p) == "-" || str(p) == "+") && i + 1 < ps.size() &&
            glued(i, i + 1) && ps[i + 1].script == Script::Number && !ps[i + 1].fixed &&
            (out.empty() || out.back().space || out.back().end != p.begin ||
             out.back().script == Script::Punct)) {
            p.end = ps[i + 1].end;
            p.script = Script::Number;
            ++i;
            out.push_back(p);
            continue;
        }
        // A punctuation mark repeated: …… and —— are one mark each.
        if (p.script == Script::Punct && !out.empty() && out.back().end == p.begin &&
            out.back().script == Script::Punct && !out.back().fixed &&
            text.substr(out.back().begin, out.back().end - out.back().begin).starts_with(str(p))) {
            out.back().end = p.end;
            continue;
        }
        // A number and its percent sign.
        if (p.script == Script::Punct && str(p) == "%" && !out.empty() && out.back().end == p.begin &&
            out.back().script == Script::Number && !out.back().fixed) {
            out.back().end = p.end;
            continue;
        }
        // Chinese numerals written as several words (二 ○ ○ 一年, 三十 一日):
        // one number, with its date unit in Chinese.
        if ((p.script == Script::Han || p.script == Script::Punct) && !out.empty() &&
            out.back().end == p.begin && !out.back().fixed && han_numeral(str(out.back()))) {
            std::string_view cur = str(p);
            if (han_numeral(cur) && (out.back().script == Script::Han || p.script == Script::Han)) {
                out.back().end = p.end;
                out.back().script = Script::Han;
                continue;
            }
            if (lang != Lang::Ja) {
                // numerals + unit: 一年 after 二○○
                std::size_t k = 0;
                while (k < cur.size() && han_numeral(cur.substr(k, 3))) k += 3;
                if (k > 0 && k + 3 == cur.size() && date_unit(cur.substr(k))) {
                    out.back().end = p.end;
                    continue;
                }
                if (k == 0 && date_unit(cur)) {
                    out.back().end = p.end;
                    continue;
                }
            }
        }
        // 第 + a number is one ordinal (第6, 第93).
        if (p.script == Script::Number && !p.fixed && !out.empty() && out.back().end == p.begin &&
            !out.back().fixed && (str(out.back()) == "第" || str(out.back()).ends_with("第")) &&
            lang != Lang::Ja) {
            if (str(out.back()) == "第") {
                out.back().end = p.end;
                continue;
            }
        }
        // A number and its magnitude (20万, 4.05亿): one number.
        if (lang != Lang::Ja && p.script == Script::Han && !out.empty() && out.back().end == p.begin &&
            out.back().script == Script::Number && !out.back().fixed &&
            (str(p) == "万" || str(p) == "亿" || str(p) == "萬" || str(p) == "億")) {
            out.back().end = p.end;
            out.back().script = Script::Han;
            continue;
        }
        out.push_back(p);
    }
    ps.swap(out);
}

// Next to a masked run, a character that ICU's word rules could join to a
// kana or Han character (or whose own break depends on the character before
// it): Han, hiragana or katakana by script, Ideographic, Word_Break Katakana,
// ExtendNumLet, Extend, Format or ZWJ. Anything else breaks on either side of
// a kana or Han character as it does beside U+2605.
bool joins_kana_or_han(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(c, &status);
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA) return true;
    if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
    switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
        case U_WB_KATAKANA:
        case U_WB_EXTENDNUMLET:
        case U_WB_EXTEND:
        case U_WB_FORMAT:
        case U_WB_ZWJ:
            return true;
        default:
            return false;
    }
}

}  // namespace

// In a Japanese paragraph MeCab decides inside the runs of Japanese
// characters; ICU's boundaries there are thrown away, but its dictionary
// engine (whose set-up alone costs a search process ~1 ms) would still run
// over them. As in Chinese paragraphs, ICU sees U+2605 BLACK STAR in place of
// each kana and Han character of a run whose neighbours cannot join them
// (joins_kana_or_han()): the breaks at the run's edges are the same, and
// those inside are MeCab's. A run with a 4-byte character, or with a
// neighbour that could join, is left as it is. Fills m.masked; false when
// nothing was masked.
bool Segmenter::Impl::mask_japanese(const std::string& s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t n = static_cast<int32_t>(s.size());
    bool done = false;
    for (int32_t i = 0; i < n;) {
        const int32_t b = i;
        UChar32 c;
        U8_NEXT_UNSAFE(p, i, c);
        if (!japanese_char(c)) continue;
        int32_t e = i;
        bool maskable = i - b == 3 || c < 0x80;
        bool any = i - b == 3;
        while (e < n) {
            int32_t k = e;
            U8_NEXT_UNSAFE(p, k, c);
            if (!japanese_char(c)) break;
            if (k - e == 3) any = true;
            else if (c >= 0x80) maskable = false;
            e = k;
        }
        i = e;
        if (!maskable || !any) continue;
        if (b > 0) {
            int32_t k = b;
            U8_BACK_1_UNSAFE(p, k);
            UChar32 before;
            U8_GET_UNSAFE(p, k, before);
            if (joins_kana_or_han(before)) continue;
        }
        if (e < n) {
            int32_t k = e;
            UChar32 after;
            U8_NEXT_UNSAFE(p, k, after);
            if (joins_kana_or_han(after)) continue;
        }
        if (!japanese()) return done;  // no MeCab: ICU decides inside the runs too
        if (!done) masked.assign(s);
        done = true;
        auto* q = reinterpret_cast<uint8_t*>(masked.data());
        for (int32_t k = b; k < e;) {
            const int32_t at = k;
            U8_FWD_1_UNSAFE(q, k);
            if (k - at == 3) {  // kana or Han; digits stay
                q[at] = 0xE2;
                q[at + 1] = 0x98;
                q[at + 2] = 0x85;
            }
        }
    }
    return done;
}

void Segmenter::segment(const Normalized& text, Lang lang, std::vector<Token>& out, uint32_t base) {
    Impl& m = *impl_;
    // Boundaries are found in the unfolded text, where dictionaries see real
    // spellings; folding keeps byte offsets, so they hold for text.text too.
    const std::string& s = text.unfolded.empty() ? text.text : text.unfolded;
    if (s.empty()) return;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t n = static_cast<int32_t>(s.size());

    std::vector<uint8_t>& cut = m.cut;
    cut.assign(n + 1, 0);

    // In a Chinese paragraph the dictionary decides inside Han runs, so ICU
    // need not run its own (costly) dictionary over them: it sees U+2605
    // BLACK STAR, a symbol with breaks on both sides, in place of every
    // 3-byte Han character. Same byte offsets, same breaks at run edges.
    const bool chinese = (lang == Lang::ZhHans || lang == Lang::ZhHant) && m.options.zh_dictionary &&
                         m.chinese() != nullptr;
    std::string_view icu_input = s;
    if (chinese) {
        m.masked.assign(s);
        auto* q = reinterpret_cast<uint8_t*>(m.masked.data());
        for (int32_t i = 0; i < n;) {
            const int32_t b = i;
            UChar32 c;
            U8_NEXT_UNSAFE(q, i, c);
            if (i - b == 3 && is_han(c)) {
                q[b] = 0xE2;
                q[b + 1] = 0x98;
                q[b + 2] = 0x85;
            }
        }
        icu_input = m.masked;
    } else if (lang == Lang::Ja && m.options.mecab && m.mask_japanese(s)) {
        icu_input = m.masked;
    }
    UErrorCode status = U_ZERO_ERROR;
    m.utext = utext_openUTF8(m.utext, icu_input.data(), n, &status);
    if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
    icu::BreakIterator& bi = *m.words;
    bi.setText(m.utext, status);
    if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
    for (int32_t b = bi.first(); b != icu::BreakIterator::DONE; b = bi.next()) cut[b] = 1;
    cut[0] = cut[n] = 1;

    // Runs of Japanese in a Japanese paragraph: MeCab's boundaries instead.
    if (lang == Lang::Ja && m.options.mecab) {
        detail::Mecab* mecab = nullptr;
        for (int32_t i = 0; i < n;) {
            int32_t b = i;
            UChar32 c;
            U8_NEXT_UNSAFE(p, i, c);
            if (!japanese_char(c)) continue;
            int32_t e = i;
            while (e < n) {
                int32_t k = e;
                U8_NEXT_UNSAFE(p, k, c);
                if (!japanese_char(c)) break;
                e = k;
            }
            if (!mecab && !(mecab = m.japanese())) break;
            m.mcuts.clear();
            mecab->split(std::string_view(s).substr(b, e - b), m.mcuts);
            std::fill(cut.begin() + b + 1, cut.begin() + e, 0);
            for (int32_t c2 : m.mcuts) cut[b + c2] = 1;
            i = e;
        }
    }

    // Runs of Han in a Chinese paragraph: the most probable words by the
    // dictionary, looked up in the folded text (the dictionary is folded too).
    if (chinese) {
        const auto* f = reinterpret_cast<const uint8_t*>(text.text.data());
        detail::ZhDict* zh = m.chinese();
        for (int32_t i = 0; i < n;) {
            int32_t b = i;
            UChar32 c;
            U8_NEXT_UNSAFE(f, i, c);
            if (!is_han(c)) continue;
            int32_t e = i;
            while (e < n) {
                int32_t k = e;
                U8_NEXT_UNSAFE(f, k, c);
                if (!is_han(c)) break;
                e = k;
            }
            i = e;
            if (e - b <= 3) continue;  // one character
            m.mcuts.clear();
            zh->split(std::string_view(text.text).substr(b, e - b), m.mcuts);
            std::fill(cut.begin() + b + 1, cut.begin() + e, 0);
            for (int32_t c2 : m.mcuts) cut[b + c2] = 1;
            // A dictionary word of three characters or more is also cut
            // where ICU's own dictionary cuts it (博物馆 -> 博物 馆 stays
            // whole, 新年贺词 -> 新年 贺词): the two dictionaries agree on
            // short words, and jieba's long entries are often compounds.
            // Measured (bench/eval_segment): PKU 0.842 -> 0.850, MSR
            // 0.841 -> 0.836, CityU 0.814 -> 0.813, UD Chinese 0.795 -> 0.843.
            m.mcuts.push_back(e - b);
            int32_t wb = b;
            for (int32_t c2 : m.mcuts) {
                const int32_t we = b + c2;
                if (we - wb >= 9) {
                    // Spelled as in the dictionary (no variant folded): the
                    // table knows ICU's breaks, and ICU's dictionary engine
                    // (~1 ms to set up) is not needed (a search process).
                    const std::string_view word = std::string_view(s).substr(wb, we - wb);
                    uint32_t mask = 0;
                    if (word == std::string_view(text.text).substr(wb, we - wb) && zh->icu_breaks(word, mask)) {
                        const auto* w = reinterpret_cast<const uint8_t*>(word.data());
                        int32_t k = 0;
                        for (uint32_t ch = 0; k < we - wb; ++ch) {
                            if (ch > 0 && (mask >> (ch - 1) & 1)) cut[wb + k] = 1;
                            U8_FWD_1_UNSAFE(w, k);
                        }
                    } else {
                        m.icu_cuts(word, wb, cut);
                    }
                }
                wb = we;
            }
        }
    }

    // Spans that stay whole: URLs, e-mail addresses, user words.
    m.spans.clear();
    find_urls_and_emails(s, m.spans);
    if (!m.user.empty()) m.user_words(text.text, m.spans);
    std::sort(m.spans.begin(), m.spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    {
        // Drop spans that overlap an earlier one (a user word inside a URL).
        int32_t reach = 0;
        std::erase_if(m.spans, [&](const Span& sp) {
            if (sp.begin < reach) return true;
            reach = sp.end;
            return false;
        });
    }
    for (const Span& sp : m.spans) {
        std::fill(cut.begin() + sp.begin + 1, cut.begin() + sp.end, 0);
        cut[sp.begin] = cut[sp.end] = 1;
    }

    // Pieces between boundaries.
    std::vector<Piece>& ps = m.pieces;
    ps.clear();
    std::size_t next_span = 0;
    for (int32_t b = 0; b < n;) {
        int32_t e = b + 1;
        while (e < n && !cut[e]) ++e;
        Piece piece{b, e, Script::Other, false, false};
        while (next_span < m.spans.size() && m.spans[next_span].begin < b) ++next_span;
        if (next_span < m.spans.size() && m.spans[next_span].begin == b && m.spans[next_span].end == e) {
            piece.fixed = true;
            piece.script = m.spans[next_span].script;
            if (piece.script == Script::Han) piece.script = classify(p, b, e, piece.space);
        } else {
            piece.script = classify(p, b, e, piece.space);
        }
        if (piece.script == Script::Punct && !piece.fixed) {
            // Punctuation: one token per character, except that a character
            // repeated stays whole (…… and —— are one mark each).
            for (int32_t i = b; i < e;) {
                int32_t j = i;
                U8_FWD_1_UNSAFE(p, j);
                const std::string_view ch = std::string_view(s).substr(i, j - i);
                int32_t k = j;
                while (k < e && std::string_view(s).substr(k, ch.size()) == ch) k += static_cast<int32_t>(ch.size());
                Piece q = piece;
                q.begin = i;
                q.end = k;
                classify(p, i, k, q.space);
                ps.push_back(q);
                i = k;
            }
        } else {
            ps.push_back(piece);
        }
        b = e;
    }
    // A boundary inside what one source character became (U+2103 ℃ -> "°c"):
    // the pieces around it are one.
    {
        std::size_t k = 0;
        for (std::size_t i = 0; i < ps.size(); ++i) {
            if (k > 0 && !ps[i].space && !ps[k - 1].space && !ps[i].fixed && !ps[k - 1].fixed &&
                text.source_begin(ps[i].begin) == text.source_begin(ps[k - 1].begin)) {
                ps[k - 1].end = ps[i].end;
                if (ps[k - 1].script == Script::Punct) ps[k - 1].script = ps[i].script;
                continue;
            }
            ps[k++] = ps[i];
        }
        ps.resize(k);
    }
    merge_numbers(s, ps, lang);

    int32_t prev_end = -1;
    for (const Piece& pc : ps) {
        if (pc.space) continue;
        const uint32_t sb = base + static_cast<uint32_t>(text.source_begin(pc.begin));
        const uint32_t se = base + static_cast<uint32_t>(text.source_end(pc.end));
        if (pc.script == Script::Punct && !m.options.punctuation) continue;
        Token t;
        t.text.assign(text.text, pc.begin, pc.end - pc.begin);
        t.begin = sb;
        t.end = se;
        t.script = pc.script;
        t.glued = prev_end == pc.begin;
        out.push_back(std::move(t));
        prev_end = pc.end;
    }
}

}  // namespace hanidx
