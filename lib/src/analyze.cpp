#include "hanidx/analyze.hpp"

#include "hanidx/normalize.hpp"

namespace hanidx {

Analyzer::Analyzer(const AnalyzerOptions& options)
    : options_(options), segmenter_(options.segmenter) {}

Analyzer::~Analyzer() = default;

void Analyzer::segment_paragraphs(Analysis& a) {
    a.paragraph_tokens.reserve(a.paragraphs.size());
    for (const Paragraph& p : a.paragraphs) {
        a.paragraph_tokens.push_back(static_cast<uint32_t>(a.tokens.size()));
        Normalized n = normalize(std::string_view(a.text).substr(p.begin, p.end - p.begin));
        segmenter_.segment(n, p.lang, a.tokens, p.begin);
    }
}

Analysis Analyzer::inspect(std::string_view bytes, std::string_view source) const {
    // An HTML page may declare its encoding; decode() follows the declaration
    // unless the bytes contradict it.
    std::string declared;
    if (options_.encoding.empty() && options_.format != Format::Text && sniff_format(bytes) == Format::Html)
        declared = declared_charset(bytes);
    Decoded d = decode(bytes, options_.encoding, declared);
    Extracted e = extract(d.text, options_.format, source);
    Analysis a;
    a.text = std::move(e.text);
    a.title = std::move(e.title);
    a.date = std::move(e.date);
    a.date_source = std::move(e.date_source);
    a.encoding = std::move(d.encoding);
    a.confidence = d.confidence;
    a.invalid = d.invalid;
    a.paragraphs = split_paragraphs(a.text, options_.lang);
    return a;
}

Analysis Analyzer::analyze(std::string_view bytes, std::string_view source) {
    Analysis a = inspect(bytes, source);
    segment_paragraphs(a);
    return a;
}

std::vector<Token> Analyzer::tokenize(std::string_view text, Lang lang) {
    std::vector<Token> tokens;
    for (const Paragraph& p : split_paragraphs(text, lang)) {
        Normalized n = normalize(text.substr(p.begin, p.end - p.begin));
        segmenter_.segment(n, p.lang, tokens, p.begin);
    }
    return tokens;
}

}  // namespace hanidx
