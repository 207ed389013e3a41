// hanidx/analyze.hpp - the whole text pipeline, for documents and for queries.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hanidx/decode.hpp"
#include "hanidx/extract.hpp"
#include "hanidx/language.hpp"
#include "hanidx/segment.hpp"

namespace hanidx {

/// How to read documents.
struct AnalyzerOptions {
    std::string encoding;         ///< force this encoding (empty: detect)
    Format format = Format::Auto; ///< force a format
    Lang lang = Lang::Und;        ///< force a language (Lang::Und: detect per paragraph)
    SegmenterOptions segmenter;
};

/// A document taken apart: its text, metadata, paragraphs and words.
struct Analysis {
    std::string text;                   ///< extracted UTF-8 text; every offset below points into it
    std::string title;
    std::string date;                   ///< ISO 8601 date or empty; "YYYY" or "YYYY-MM" when only that is known
    /// Where date came from: "field" (a dump's or --meta's date field), "meta"
    /// (HTML <meta>/<time>), "header" (a Date:/日期： or timestamp line at the
    /// top), "dateline", "url", "filename"; empty when there is no date.
    std::string date_source;
    /// Metadata fields beyond title and date (name -> value, names lower-case
    /// ASCII [a-z][a-z0-9_]*): "url", "source", "category", ... from a dump's
    /// own fields or from `index --meta`. Searchable as NAME:VALUE.
    std::vector<std::pair<std::string, std::string>> fields;
    std::string encoding;               ///< encoding the file was decoded from
    double confidence = 0.0;            ///< confidence of the encoding detection
    std::size_t invalid = 0;            ///< undecodable byte sequences replaced by U+FFFD
    std::vector<Paragraph> paragraphs;  ///< in text order
    std::vector<Token> tokens;          ///< in text order
    /// Index into tokens of the first token of each paragraph (parallel to paragraphs).
    std::vector<uint32_t> paragraph_tokens;
};

/** Runs decode -> extract -> language -> normalize -> segment.
 *  Not thread-safe: use one Analyzer per thread.
 */
class Analyzer {
  public:
    explicit Analyzer(const AnalyzerOptions& options = {});
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    /** Analyze the raw bytes of a file. Bad data never throws.
     *  @param source  the file's path or name, if any: a date in it dates the
     *                 document when nothing in the text does (date_source
     *                 "filename").
     */
    Analysis analyze(std::string_view bytes, std::string_view source = {});

    /// The first stages only: decode, extract and label paragraphs (what
    /// `hanidx detect` shows); Analysis::tokens stays empty. Bad data never throws.
    Analysis inspect(std::string_view bytes, std::string_view source = {}) const;

    /// Analyze text that is already UTF-8 and plain (e.g. a query or a title).
    std::vector<Token> tokenize(std::string_view text, Lang lang = Lang::Und);

    const AnalyzerOptions& options() const { return options_; }

  private:
    void segment_paragraphs(Analysis& a);
    AnalyzerOptions options_;
    Segmenter segmenter_;
};

}  // namespace hanidx
