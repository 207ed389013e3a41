// hanidx/normalize.hpp - stage 4: text -> search form, with a map back to the source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hanidx/language.hpp"

namespace hanidx {

/** Text in the form that is indexed and searched, and the way back to the
 *  bytes it came from.
 *
 *  The search form is NFKC with case folding (ICU's NFKC_Casefold, which also
 *  folds full/half width and drops default-ignorable code points such as
 *  U+00AD SOFT HYPHEN), followed by Han variant folding (fold_han_variant()).
 */
class Normalized {
  public:
    std::string text;  ///< the normalized UTF-8 text
    /// text before Han variant folding (same length and byte offsets as text),
    /// or empty when folding changed nothing; the segmenter reads words from it.
    std::string unfolded;

    /// Byte offset in the source of the character that produced text[offset].
    std::size_t source_begin(std::size_t offset) const;
    /// Byte offset in the source just past what produced text[0, offset).
    std::size_t source_end(std::size_t offset) const;

    /// One span where source and normalized text differ in length.
    struct Change {
        uint32_t src, dst, src_len, dst_len;
    };
    std::vector<Change> changes;  ///< sorted by dst; spans of equal length are not listed
};

/** Normalize @p utf8 (valid UTF-8) for indexing or searching.
 *  Documents and queries must go through this same function.
 *  @param lang  the language of the text: in Japanese (Lang::Ja) the
 *               characters Japanese keeps apart (japanese_distinct()) are
 *               not folded; elsewhere every variant folds.
 */
Normalized normalize(std::string_view utf8, Lang lang = Lang::Und);

/// normalize(utf8).text, when no offsets are needed.
std::string normalize_text(std::string_view utf8);

/** The canonical form of a Han character among its simplified, traditional
 *  and Japanese shinjitai variants (醫 and 医 -> 医, 廣 and 広 -> 广);
 *  @p c itself if it has none. Idempotent. Only pairs whose UTF-8 lengths
 *  agree are folded, so folding never moves byte offsets.
 */
char32_t fold_han_variant(char32_t c);

/** True if @p c is one of the characters Japanese writes apart that
 *  fold_han_variant() folds together: 着 (wear, arrive) and 著 (author),
 *  which Taiwan also writes for the Chinese particle 着.
 */
bool japanese_distinct(char32_t c);

/** The characters Japanese writes, apart, for what @p c folds with: for 著
 *  just 著, for 着 just 着 (a character that is not itself one of them
 *  stands for them all); empty when Japanese does not split
 *  fold_han_variant(c)'s characters.
 */
std::u32string japanese_forms(char32_t c);

}  // namespace hanidx
