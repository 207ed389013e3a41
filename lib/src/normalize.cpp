// Stage 4: normalization (NFKC_Casefold + Han variant folding) with offsets.
#include "hanidx/normalize.hpp"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <stdexcept>

#include "variant_table.hpp"

namespace hanidx {

std::size_t Normalized::source_begin(std::size_t offset) const {
    // The last change starting at or before offset.
    auto it = std::upper_bound(changes.begin(), changes.end(), offset,
                               [](std::size_t x, const Change& c) { return x < c.dst; });
    if (it == changes.begin()) return offset;
    const Change& c = *--it;
    if (offset < c.dst + c.dst_len) return c.src;
    return c.src + c.src_len + (offset - c.dst - c.dst_len);
}

std::size_t Normalized::source_end(std::size_t offset) const {
    // The last change starting before offset: an end inside it maps to its end.
    auto it = std::lower_bound(changes.begin(), changes.end(), offset,
                               [](const Change& c, std::size_t x) { return c.dst < x; });
    if (it == changes.begin()) return offset;
    const Change& c = *--it;
    if (offset <= c.dst + c.dst_len) return c.src + c.src_len;
    return c.src + c.src_len + (offset - c.dst - c.dst_len);
}

char32_t fold_han_variant(char32_t c) { return detail::fold_variant(c); }

namespace {

// Characters that the variant table folds together but Japanese writes as
// different characters with different meanings, one group per folded form:
// the folded form, then the Japanese characters. 着 (arrive, wear) and 著
// (author, notable) are both standard simplified Chinese too; the table folds
// them because Taiwan writes 著 for the particle 着.
//
// Chinese simplification merged more characters that Japanese keeps apart
// (後 and 后, 機 and 机, 歴 and 暦 as 历, 発 and 髪 as 发, 製 and 制, ...). They
// are not listed yet: a Chinese query in the merged form (后) must then
// expand to every Japanese form, and bench/recall's truth (OpenCC's t2s,
// which folds them) counts the Japanese 后 (empress) as a hit for 後; both
// want a Japanese-aware truth first. Adding a group here is all it takes.
constexpr std::u32string_view japanese_groups[] = {
    U"着着著",
};

}  // namespace

bool japanese_distinct(char32_t c) {
    for (std::u32string_view g : japanese_groups)
        if (g.substr(1).find(c) != std::u32string_view::npos) return true;
    return false;
}

std::u32string japanese_forms(char32_t c) {
    const char32_t f = detail::fold_variant(c);
    for (std::u32string_view g : japanese_groups)
        if (g[0] == f) return japanese_distinct(c) ? std::u32string(1, c) : std::u32string(g.substr(1));
    return {};
}

namespace {

const icu::Normalizer2& nfkc_cf() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold data is missing");
    return *n;
}

// Fold Han variants in place; the table only holds same-length pairs.
// In Japanese text the characters Japanese keeps apart stay.
void fold_variants_in_place(std::string& s, bool japanese) {
    auto* p = reinterpret_cast<uint8_t*>(s.data());
    const int32_t n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        if (p[i] < 0xE3) {  // below U+3000 nothing folds
            ++i;
            continue;
        }
        int32_t start = i;
        UChar32 c;
        U8_NEXT_UNSAFE(p, i, c);
        char32_t f = detail::fold_variant(static_cast<char32_t>(c));
        if (f != static_cast<char32_t>(c) && !(japanese && japanese_distinct(static_cast<char32_t>(c)))) {
            int32_t k = start;
            U8_APPEND_UNSAFE(p, k, f);
        }
    }
}

// Append the normalization of @p piece (which starts at byte @p base of the
// source) to @p out, with its offset changes.
void normalize_piece(const icu::Normalizer2& norm, std::string_view piece, uint32_t base, Normalized& out) {
    const uint32_t dst_base = static_cast<uint32_t>(out.text.size());
    icu::StringByteSink<std::string> sink(&out.text);
    icu::Edits edits;
    UErrorCode status = U_ZERO_ERROR;
    norm.normalizeUTF8(0, icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())), sink,
                       &edits, status);
    if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
    if (edits.hasChanges()) {
        // Fine changes: one per character (or combining sequence), so that
        // offsets inside a run of changed characters map to that character.
        auto it = edits.getFineChangesIterator();
        while (it.next(status)) {
            if (!it.hasChange()) continue;
            // An equal-length change leaves offsets alone, unless it makes
            // several characters of one (U+2103 DEGREE CELSIUS -> "°c"):
            // then a word boundary may fall inside it.
            if (it.oldLength() == it.newLength()) {
                const auto* d =
                    reinterpret_cast<const uint8_t*>(out.text.data()) + dst_base + it.destinationIndex();
                int32_t first = 0;
                U8_FWD_1_UNSAFE(d, first);
                if (first == it.newLength()) continue;
            }
            out.changes.push_back({base + static_cast<uint32_t>(it.sourceIndex()),
                                   dst_base + static_cast<uint32_t>(it.destinationIndex()),
                                   static_cast<uint32_t>(it.oldLength()),
                                   static_cast<uint32_t>(it.newLength())});
        }
    }
}

// Longest run of non-starters (combining marks, ccc != 0) kept in the
// normalized text. ICU orders a combining sequence by insertion sort, so a
// line of a million alternating marks (U+0301 ccc 230, U+0316 ccc 220) took
// minutes; Unicode's Stream-Safe Text Format (UAX #15) bounds runs at 30.
constexpr int max_nonstarters = 30;

// The combining marks (non-starters) that @p c's mapping holds before its
// first starter and after its last one.
struct MarkWeight {
    bool starter = false;  // the mapping holds a starter (ccc 0)
    int leading = 0;       // non-starters before the first starter (all, if none)
    int trailing = 0;      // non-starters after the last starter
};

MarkWeight mark_weight(const icu::Normalizer2& norm, UChar32 c) {
    icu::UnicodeString d;
    if (!norm.getDecomposition(c, d)) d.setTo(c);
    MarkWeight w;
    for (int32_t i = 0; i < d.length();) {
        const UChar32 x = d.char32At(i);
        i += U16_LENGTH(x);
        if (u_getCombiningClass(x) == 0) {
            w.starter = true;
            w.trailing = 0;
        } else if (w.starter) {
            ++w.trailing;
        } else {
            ++w.leading;
        }
    }
    return w;
}

}  // namespace

Normalized normalize(std::string_view utf8, Lang lang) {
    static const icu::Normalizer2& norm = nfkc_cf();
    Normalized out;
    out.text.reserve(utf8.size());
    const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
    const int32_t n = static_cast<int32_t>(utf8.size());

    // Fast check: no run of more than a few characters that may combine
    // backwards, so no run of non-starters can reach the limit.
    bool long_run = false;
    for (int32_t i = 0, run = 0; i < n && !long_run;) {
        if (p[i] < 0x80) {
            run = 0;
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        run = norm.hasBoundaryBefore(c) ? 0 : run + 1;
        long_run = run > 6;
    }
    if (!long_run) {
        normalize_piece(norm, utf8, 0, out);
    } else {
        // Drop every character that would extend a run of non-starters past
        // max_nonstarters, and the rest of that run, normalizing the kept
        // pieces one by one: a kept piece after a drop starts with a starter
        // that follows a non-starter, so nothing reorders or composes across.
        int run = 0;
        bool dropping = false;
        int32_t piece = 0;
        for (int32_t i = 0; i < n;) {
            const int32_t start = i;
            UChar32 c;
            U8_NEXT(p, i, n, c);
            const MarkWeight w = mark_weight(norm, c < 0 ? 0xFFFD : c);
            if (dropping && w.starter && w.leading == 0) dropping = false;
            if (!dropping && run + w.leading > max_nonstarters) dropping = true;
            if (dropping) {
                if (start > piece)
                    normalize_piece(norm, utf8.substr(piece, start - piece), static_cast<uint32_t>(piece), out);
                // The dropped bytes map to nothing (merged with a drop just before).
                if (!out.changes.empty() && out.changes.back().dst_len == 0 &&
                    out.changes.back().src + out.changes.back().src_len == static_cast<uint32_t>(start) &&
                    out.changes.back().dst == out.text.size())
                    out.changes.back().src_len += static_cast<uint32_t>(i - start);
                else
                    out.changes.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(out.text.size()),
                                           static_cast<uint32_t>(i - start), 0});
                piece = i;
                continue;
            }
            run = w.starter ? w.trailing : run + w.leading;
        }
        if (n > piece) normalize_piece(norm, utf8.substr(piece, n - piece), static_cast<uint32_t>(piece), out);
    }
    out.unfolded = out.text;
    fold_variants_in_place(out.text, lang == Lang::Ja);
    if (out.unfolded == out.text) out.unfolded.clear();
    return out;
}

std::string normalize_text(std::string_view utf8) { return normalize(utf8).text; }

}  // namespace hanidx
