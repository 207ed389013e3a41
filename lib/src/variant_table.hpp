// Han variant folding table (private). Issue #3 generates it from OpenCC.
#pragma once

namespace hanidx::detail {

/// Canonical variant of @p c, or @p c itself.
char32_t fold_variant(char32_t c);

}  // namespace hanidx::detail
