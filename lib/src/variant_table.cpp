// Han variant folding: lookups in the table generated from OpenCC.
#include "variant_table.hpp"

#include <algorithm>
#include <iterator>

namespace hanidx::detail {

namespace {

struct VariantPair {
    char32_t from, to;
};
struct ClassPair {
    char32_t c;
    uint8_t cls;
};

// kVariantPairs (sorted by .from), kClassTable (one byte per code point in
// kClassFirst..kClassLast) and kClassOther (sorted, the rest).
#include "variant_table.inc"

}  // namespace

uint8_t han_class(char32_t c) {
    if (c >= kClassFirst && c <= kClassLast) return kClassTable[c - kClassFirst];
    if (c < 0x3400) return 0;
    auto it = std::lower_bound(std::begin(kClassOther), std::end(kClassOther), c,
                               [](const ClassPair& p, char32_t x) { return p.c < x; });
    return it->c == c ? it->cls : 0;  // the table ends with a U+10FFFF sentinel
}

char32_t fold_variant(char32_t c) {
    if (!(han_class(c) & kFolds)) return c;
    auto it = std::lower_bound(std::begin(kVariantPairs), std::end(kVariantPairs), c,
                               [](const VariantPair& p, char32_t x) { return p.from < x; });
    return it != std::end(kVariantPairs) && it->from == c ? it->to : c;
}

}  // namespace hanidx::detail
