// hanidx/segment.hpp - stage 5: normalized text -> words with source offsets.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hanidx/language.hpp"
#include "hanidx/normalize.hpp"

namespace hanidx {

/// The kind of characters a token is made of.
enum class Script : uint8_t {
    Other,   ///< symbols, other scripts
    Latin,   ///< letters of alphabetic scripts (and letter+digit mixes such as "h1n1")
    Number,  ///< digits, with their separators ("3.14", "2013")
    Han,     ///< contains a Han character (kanji/hanzi), possibly mixed with kana
    Kana,    ///< hiragana/katakana only
};

/// "other", "latin", "number", "han", "kana".
const char* script_name(Script s);

/// True for Script::Han and Script::Kana: tokens indexed as character n-grams.
inline bool is_cjk(Script s) { return s == Script::Han || s == Script::Kana; }

/// One word of a text.
struct Token {
    std::string text;     ///< normalized form (what is indexed)
    uint32_t begin = 0;   ///< byte offset of the word in the source text
    uint32_t end = 0;     ///< byte offset just past it
    Script script = Script::Other;
    bool glued = false;   ///< nothing (not even a space) separates it from the previous token
};

/// Options for a Segmenter.
struct SegmenterOptions {
    std::string user_dict;  ///< path of a user dictionary (one word per line), or empty
};

/** Splits normalized text into words: ICU dictionary-based word breaking
 *  for Han and kana, Unicode word boundaries elsewhere.
 *
 *  Holds ICU break iterators: use one Segmenter per thread.
 */
class Segmenter {
  public:
    explicit Segmenter(const SegmenterOptions& options = {});
    ~Segmenter();
    Segmenter(const Segmenter&) = delete;
    Segmenter& operator=(const Segmenter&) = delete;

    /** Append the words of @p text to @p out.
     *  @param text  normalized text (see normalize()).
     *  @param lang  language of the paragraph (selects the segmentation rules).
     *  @param base  added to every source offset (where the paragraph starts).
     */
    void segment(const Normalized& text, Lang lang, std::vector<Token>& out, uint32_t base = 0);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx
