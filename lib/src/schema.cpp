// The layout of a hanidx database: the terms that depend on text folding.
#include "schema.hpp"

#include "hanidx/normalize.hpp"

namespace hanidx {

std::string schema::field_term(std::string_view name, std::string_view value) {
    // Xapian refuses terms longer than 245 bytes; a longer value keeps its
    // start, cut at a character boundary (a search for it is cut the same way).
    constexpr std::size_t max_term = 245;
    std::string term = std::string(field_prefix) + std::string(name) + ":" + normalize_text(value);
    if (term.size() > max_term) {
        std::size_t cut = max_term;
        while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
        term.resize(cut);
    }
    return term;
}

}  // namespace hanidx
