#include "variant_table.hpp"

namespace hanidx::detail {

// Placeholder until the OpenCC-generated table lands (issue #3): no folding.
char32_t fold_variant(char32_t c) { return c; }

}  // namespace hanidx::detail
