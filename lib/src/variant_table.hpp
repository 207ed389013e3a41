// Han variant folding table and per-character script classes (private).
// The data is generated at build time from OpenCC by tools/gen_variants.cpp;
// nothing is loaded at run time.
#pragma once

#include <cstdint>

namespace hanidx::detail {

/// Canonical variant of @p c (simplified form where one exists), or @p c itself.
/// Idempotent; source and result always have the same UTF-8 length.
char32_t fold_variant(char32_t c);

/// Script classes of a Han character (OR-able bits), from OpenCC's tables.
enum HanClass : uint8_t {
    kFolds = 1,      ///< fold_variant() changes it
    kHansOnly = 2,   ///< simplified form not used in Japanese (这 们 东 车)
    kHantOnly = 4,   ///< traditional form that Japanese replaced (醫 國 廣 學)
    kJaOnly = 8,     ///< Japanese shinjitai form unknown to Chinese (広 歴 薬 総 亀)
    kHansJa = 16,    ///< simplified form also written in Japanese (国 医 学 会)
    kHantJa = 32,    ///< traditional form also written in Japanese (東 語 車 場)
};

/// The HanClass bits of @p c (0 for characters with no variants and non-Han).
uint8_t han_class(char32_t c);

}  // namespace hanidx::detail
