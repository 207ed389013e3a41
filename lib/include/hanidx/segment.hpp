// hanidx/segment.hpp - stage 5: normalized text -> words with source offsets.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
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
    Punct,   ///< punctuation and symbols; only with SegmenterOptions::punctuation
    Url,     ///< a URL ("https://example.com/a?b=1", "www.example.com")
    Email,   ///< an e-mail address ("someone@example.org")
};

/// "other", "latin", "number", "han", "kana", "punct", "url", "email".
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
    /** Path of a user dictionary, or empty: UTF-8, one word per line,
     *  optionally followed by a TAB and a weight (a number; default 1).
     *  Lines that are empty or start with '#' are skipped. Each word is kept
     *  as one token wherever it occurs in Han/kana text; where two overlap,
     *  the heavier wins, then the longer, then the first. Words are
     *  normalized as the text is, so either script form of a name works.
     *  A file that cannot be read throws SegmentError.
     */
    std::string user_dict;
    /// Also return punctuation and symbols, as Script::Punct tokens (for
    /// `hanidx segment` and evaluation; the index does not want them).
    bool punctuation = false;
    /** Segment Japanese (Lang::Ja) paragraphs with MeCab and its IPADIC
     *  dictionary when both are installed (else ICU). MeCab is loaded the
     *  first time a Japanese paragraph is segmented, not before.
     */
    bool mecab = true;
    /** Segment Han runs in Chinese paragraphs by the most probable path
     *  through a word-frequency dictionary (jieba's, from Debian's
     *  python3-jieba) when hanidx was built with it (else ICU's dictionary
     *  alone). The dictionary is a table embedded in the binary at build
     *  time: nothing to load, one copy shared by every thread.
     */
    bool zh_dictionary = true;
};

/// A segmenter could not be set up (e.g. the user dictionary is unreadable).
struct SegmentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** Splits normalized text into words.
 *
 *  Han and kana: ICU's dictionary-based word breaking, or MeCab (IPADIC)
 *  for Japanese paragraphs; elsewhere Unicode word boundaries (UAX #29).
 *  Then rules that keep numbers ("3.14", "1,000", "-5"), dates and times
 *  ("2013-08-07", "10:30"), numbers with their CJK date unit ("2013年"),
 *  URLs and e-mail addresses as single tokens, and the user dictionary.
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
     *  Words are found in the text before Han variant folding
     *  (Normalized::unfolded) so that dictionaries see real spellings;
     *  Token::text is the folded form.
     *  @param text  normalized text (see normalize()).
     *  @param lang  language of the paragraph (selects the segmentation rules).
     *  @param base  added to every source offset (where the paragraph starts).
     */
    void segment(const Normalized& text, Lang lang, std::vector<Token>& out, uint32_t base = 0);

    /// True once MeCab has been loaded (it is loaded on first use).
    bool mecab_loaded() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx
