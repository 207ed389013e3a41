// Stage 6: terms. Han/kana runs become unigrams + bigrams at character
// positions; other words are single terms.
#include "hanidx/terms.hpp"

#include <unicode/utf8.h>

namespace hanidx {

void make_terms(std::span<const Token> tokens, uint32_t& next_pos, std::vector<Term>& out,
                uint32_t first_token) {
    // The last Han/kana character emitted, while the run it belongs to goes on.
    std::string_view prev_char;
    uint32_t prev_begin = 0;  // its source offset
    bool prev_cjk = false;
    bool first = true;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const Token& t = tokens[k];
        const uint32_t index = first_token + static_cast<uint32_t>(k);
        const bool cjk = is_cjk(t.script);
        // Keep phrases from matching across punctuation or space next to Han/kana.
        if (!first && !t.glued && (cjk || prev_cjk)) ++next_pos;
        first = false;
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
