// Stage 6: terms. Han/kana runs become unigrams + bigrams at character
// positions; other words are single terms.
#include "hanidx/terms.hpp"

#include <unicode/utf8.h>

#include <algorithm>

namespace hanidx {

namespace {

bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_alnum(char c) { return ascii_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

// A token the segmenter glued from several words (2013年, 2013-08-07, 10:30,
// -5, 50%, URLs, e-mail addresses) is indexed as its parts, exactly as if it
// had not been glued, so that a query for any part finds it ("2013" finds
// "2013年" and "2013-08-07"); a Number/URL/e-mail token is also indexed whole.
// Returns false when @p t is not such a token.
bool split_glued(const Token& t, std::vector<Token>& parts, bool& whole) {
    const std::string& s = t.text;
    parts.clear();
    whole = false;
    if (t.script == Script::Han || t.script == Script::Kana) {
        // Digits inside a CJK token: 2013年 -> "2013" + "年".
        if (std::none_of(s.begin(), s.end(), ascii_digit)) return false;
        const bool exact = t.end - t.begin == s.size();
        for (std::size_t i = 0; i < s.size();) {
            const bool digits = ascii_digit(s[i]);
            std::size_t j = i;
            while (j < s.size() && ascii_digit(s[j]) == digits) ++j;
            Token p;
            p.text = s.substr(i, j - i);
            p.begin = exact ? t.begin + static_cast<uint32_t>(i) : t.begin;
            p.end = exact ? t.begin + static_cast<uint32_t>(j) : t.end;
            p.script = digits ? Script::Number : t.script;
            p.glued = i == 0 ? t.glued : true;
            parts.push_back(std::move(p));
            i = j;
        }
        return true;
    }
    // An English possessive ("year's", "year’s" with U+2019 RIGHT SINGLE
    // QUOTATION MARK, which ICU keeps in the word) is the word and "s" at the
    // next position, as "QATAR"S" and "year s" are: "year" finds it, and the
    // phrase "year's" finds either spelling of the apostrophe.
    if (t.script == Script::Latin) {
        std::size_t mark = 0;
        if (s.size() >= 3 && s.ends_with("'s")) mark = 1;
        else if (s.size() >= 5 && s.ends_with("\u2019s")) mark = 3;
        if (mark && ascii_alnum(s[s.size() - mark - 2]) && s.size() - mark - 1 <= max_term_bytes) {
            const bool exact = t.end - t.begin == s.size();
            const std::size_t cut = s.size() - mark - 1;
            Token word = t;
            word.text = s.substr(0, cut);
            if (exact) word.end = t.begin + static_cast<uint32_t>(cut);
            Token ess = t;
            ess.text = "s";
            ess.glued = false;  // Latin words have no position gap between them anyway
            if (exact) ess.begin = t.begin + static_cast<uint32_t>(cut + mark);
            parts.push_back(std::move(word));
            parts.push_back(std::move(ess));
            return true;
        }
    }
    // A Latin word with a symbol in it ("@type": ICU keeps the '@') is cut
    // into its words too.
    const bool symbol_in_word =
        t.script == Script::Latin && std::any_of(s.begin(), s.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x80 && !ascii_alnum(c) && c != '\'' && c != '.' && c != '_';
        });
    if (t.script != Script::Number && t.script != Script::Url && t.script != Script::Email && !symbol_in_word)
        return false;
    // Parts: words as Unicode word boundaries (UAX #29) cut them: runs of
    // letters, digits and non-ASCII characters, joined by '_' (WB13), by '.'
    // between two letters (WB6/7: example.com) or two digits (WB11/12: 3.14),
    // and by ',' between two digits (1,000). So ynit580.com is "ynit580" and
    // "com", as a user reading it sees two words.
    auto letter = [](char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || static_cast<unsigned char>(c) >= 0x80; };
    auto inner = [&](std::size_t i) {
        const char c = s[i];
        if (ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) return true;
        if (i == 0 || i + 1 >= s.size()) return false;
        const char a = s[i - 1], b = s[i + 1];
        if (c == '_') return (ascii_alnum(a) || letter(a)) && (ascii_alnum(b) || letter(b));
        if (c == '.') return (letter(a) && letter(b)) || (ascii_digit(a) && ascii_digit(b));
        if (c == ',') return ascii_digit(a) && ascii_digit(b);
        return false;
    };
    const bool exact = t.end - t.begin == s.size();
    for (std::size_t i = 0; i < s.size();) {
        if (!inner(i)) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && inner(j)) ++j;
        Token p;
        p.text = s.substr(i, j - i);
        p.begin = exact ? t.begin + static_cast<uint32_t>(i) : t.begin;
        p.end = exact ? t.begin + static_cast<uint32_t>(j) : t.end;
        p.script = std::all_of(p.text.begin(), p.text.end(), [](char c) { return ascii_digit(c) || c == '.' || c == ','; })
                       ? Script::Number
                       : Script::Latin;
        p.glued = false;
        parts.push_back(std::move(p));
        i = j;
    }
    if (parts.size() == 1 && parts[0].text == s) return false;  // nothing glued
    whole = true;
    return true;
}

}  // namespace

void make_terms(std::span<const Token> tokens, uint32_t& next_pos, std::vector<Term>& out,
                uint32_t first_token) {
    // A token to make terms from: a token of the input or a part of one.
    struct Item {
        const Token* token;
        uint32_t index;           // index of the input token it comes from
        const Token* whole;       // the glued input token, on its first part only
    };
    std::vector<Token> parts_store;  // parts of glued tokens (kept alive)
    std::vector<std::pair<std::size_t, std::size_t>> ranges;  // per input token: its parts in parts_store
    std::vector<Token> parts;
    std::vector<uint8_t> has_whole(tokens.size(), 0);
    ranges.resize(tokens.size(), {0, 0});
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        bool whole = false;
        if (!split_glued(tokens[k], parts, whole)) continue;
        ranges[k] = {parts_store.size(), parts_store.size() + parts.size()};
        has_whole[k] = whole;
        for (Token& p : parts) parts_store.push_back(std::move(p));
    }
    std::vector<Item> items;
    items.reserve(tokens.size() + parts_store.size());
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const uint32_t index = first_token + static_cast<uint32_t>(k);
        auto [b, e] = ranges[k];
        if (b == e) {
            items.push_back({&tokens[k], index, nullptr});
            continue;
        }
        for (std::size_t i = b; i < e; ++i)
            items.push_back({&parts_store[i], index, i == b && has_whole[k] ? &tokens[k] : nullptr});
        // The first part takes the token's place: glued to what came before
        // exactly when the token was.
        parts_store[b].glued = tokens[k].glued;
    }

    // The last Han/kana character emitted, while the run it belongs to goes on.
    std::string_view prev_char;
    uint32_t prev_begin = 0;  // its source offset
    bool prev_cjk = false;
    bool first = true;
    for (const Item& item : items) {
        const Token& t = *item.token;
        const uint32_t index = item.index;
        const bool cjk = is_cjk(t.script);
        // Keep phrases from matching across punctuation or space next to Han/kana.
        if (!first && !t.glued && (cjk || prev_cjk)) ++next_pos;
        first = false;
        if (item.whole && item.whole->text.size() <= max_term_bytes)
            out.push_back({item.whole->text, next_pos, index, item.whole->begin, item.whole->end, Term::Word});
        if (!cjk) {
            if (t.text.size() <= max_term_bytes)
                out.push_back({t.text, next_pos, index, t.begin, t.end, Term::Word});
            ++next_pos;
            prev_cjk = false;
            prev_char = {};
            continue;
        }
        if (!t.glued) prev_char = {};
        // Source offsets of each character are exact when normalization kept
        // the token's length (the usual case); otherwise the whole token.
        const bool exact = t.end - t.begin == t.text.size();
        const auto* s = reinterpret_cast<const uint8_t*>(t.text.data());
        const int32_t n = static_cast<int32_t>(t.text.size());
        int32_t chars = 0;
        for (int32_t i = 0; i < n; ++chars) {
            int32_t b = i;
            U8_FWD_1(s, i, n);
            std::string_view ch(t.text.data() + b, i - b);
            const uint32_t cb = exact ? t.begin + b : t.begin;
            const uint32_t ce = exact ? t.begin + i : t.end;
            out.push_back({std::string(ch), next_pos, index, cb, ce, Term::Unigram});
            if (!prev_char.empty()) {
                std::string bigram;
                bigram.reserve(prev_char.size() + ch.size());
                bigram.append(prev_char).append(ch);
                out.push_back({std::move(bigram), next_pos - 1, index, prev_begin, ce, Term::Bigram});
            }
            prev_char = ch;
            prev_begin = cb;
            ++next_pos;
        }
        if (chars >= 2 && t.text.size() + 1 <= max_term_bytes)
            out.push_back({"W" + t.text, 0, index, t.begin, t.end, Term::WholeWord});
        prev_cjk = true;
    }
}

}  // namespace hanidx
