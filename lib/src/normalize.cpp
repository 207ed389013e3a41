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

const icu::Normalizer2& nfkc_cf() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold data is missing");
    return *n;
}

// Fold Han variants in place; the table only holds same-length pairs.
void fold_variants_in_place(std::string& s) {
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
        if (f != static_cast<char32_t>(c)) {
            int32_t k = start;
            U8_APPEND_UNSAFE(p, k, f);
        }
    }
}

}  // namespace

Normalized normalize(std::string_view utf8) {
    static const icu::Normalizer2& norm = nfkc_cf();
    Normalized out;
    out.text.reserve(utf8.size());
    icu::StringByteSink<std::string> sink(&out.text);
    icu::Edits edits;
    UErrorCode status = U_ZERO_ERROR;
    norm.normalizeUTF8(0, icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())), sink,
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
                const auto* d = reinterpret_cast<const uint8_t*>(out.text.data()) + it.destinationIndex();
                int32_t first = 0;
                U8_FWD_1_UNSAFE(d, first);
                if (first == it.newLength()) continue;
            }
            out.changes.push_back({static_cast<uint32_t>(it.sourceIndex()),
                                   static_cast<uint32_t>(it.destinationIndex()),
                                   static_cast<uint32_t>(it.oldLength()),
                                   static_cast<uint32_t>(it.newLength())});
        }
    }
    out.unfolded = out.text;
    fold_variants_in_place(out.text);
    if (out.unfolded == out.text) out.unfolded.clear();
    return out;
}

std::string normalize_text(std::string_view utf8) { return normalize(utf8).text; }

}  // namespace hanidx
