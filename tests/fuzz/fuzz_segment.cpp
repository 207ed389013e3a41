// Fuzz target: normalization plus segmentation (normalize.hpp, segment.hpp).
// Normalization is idempotent; every token's source offsets lie inside the
// input, in order; the offset map stays inside the source.
#include <memory>

#include "fuzz.hpp"
#include "hanidx/normalize.hpp"
#include "hanidx/segment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    static Segmenter segmenter;
    const std::string text = fuzz::utf8(data, size);

    Normalized n = normalize(text);
    fuzz::require(fuzz::valid_utf8(n.text), "normalize() output is not valid UTF-8");
    fuzz::require(normalize_text(n.text) == n.text, "normalize_text is not idempotent");
    for (std::size_t i = 0; i <= n.text.size(); ++i) {
        fuzz::require(n.source_begin(i) <= text.size(), "source_begin() past the source");
        fuzz::require(n.source_end(i) <= text.size(), "source_end() past the source");
    }

    const Lang langs[] = {Lang::Und, Lang::ZhHans, Lang::ZhHant, Lang::Ja, Lang::En};
    const Lang lang = langs[size % 5];
    std::vector<Token> tokens;
    segmenter.segment(n, lang, tokens);
    uint32_t prev_begin = 0;
    for (const Token& t : tokens) {
        fuzz::require(t.begin <= t.end, "token ends before it begins");
        fuzz::require(t.end <= text.size(), "token offset past the end of the input");
        fuzz::require(t.begin >= prev_begin, "tokens out of order");
        fuzz::require(!t.text.empty(), "empty token");
        fuzz::require(fuzz::valid_utf8(t.text), "token is not valid UTF-8");
        prev_begin = t.begin;
    }
    return 0;
}
