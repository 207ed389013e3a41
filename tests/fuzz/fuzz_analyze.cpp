// Fuzz target: the whole document pipeline (analyze.hpp) on raw bytes, as
// `hanidx index` runs it. Every paragraph and token offset points into the
// extracted text.
#include "fuzz.hpp"
#include "hanidx/analyze.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    static Analyzer analyzer;
    Analysis a = analyzer.analyze(fuzz::bytes(data, size));
    fuzz::require(fuzz::valid_utf8(a.text), "analysis text is not valid UTF-8");
    fuzz::require(fuzz::valid_utf8(a.title), "title is not valid UTF-8");
    fuzz::require(a.paragraph_tokens.size() == a.paragraphs.size(), "paragraph_tokens size");
    for (const Paragraph& p : a.paragraphs)
        fuzz::require(p.begin <= p.end && p.end <= a.text.size(), "paragraph outside the text");
    for (const Token& t : a.tokens)
        fuzz::require(t.begin <= t.end && t.end <= a.text.size(), "token outside the text");
    return 0;
}
