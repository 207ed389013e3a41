// Fuzz target: paragraph splitting and language detection (language.hpp).
// Paragraphs are in order, do not overlap, lie inside the text and start and
// end on character boundaries.
#include "fuzz.hpp"
#include "hanidx/language.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    const std::string text = fuzz::utf8(data, size);
    for (Lang force : {Lang::Und, Lang::Ja}) {
        std::size_t prev_end = 0;
        for (const Paragraph& p : split_paragraphs(text, force)) {
            fuzz::require(p.begin < p.end, "empty or reversed paragraph");
            fuzz::require(p.end <= text.size(), "paragraph past the end of the text");
            fuzz::require(p.begin >= prev_end, "paragraphs overlap or are out of order");
            fuzz::require(fuzz::boundary(text, p.begin) && fuzz::boundary(text, p.end),
                          "paragraph splits a character");
            fuzz::require(force == Lang::Und || p.lang == force, "forced language ignored");
            fuzz::require(parse_lang(lang_tag(p.lang)) == p.lang, "lang_tag does not round-trip");
            prev_end = p.end;
        }
    }
    return 0;
}
