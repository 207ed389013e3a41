// hanidx/terms.hpp - stage 6: words -> index terms with positions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hanidx/segment.hpp"

namespace hanidx {

/** One term of a document or query.
 *
 *  Han and kana words become every character (unigram) and every pair of
 *  adjacent characters (bigram, also across word boundaries within a run
 *  of Han/kana), each at the position of its first character, so that any
 *  substring of a run is found as a phrase of bigrams. Other words are one
 *  term each. Dictionary words of two or more Han/kana characters are also
 *  emitted whole, with prefix "W" and no position, to rank whole-word
 *  matches above n-gram-only ones.
 */
struct Term {
    std::string name;    ///< the term, prefix included
    uint32_t pos = 0;    ///< term position, or 0 for a term without position
    uint32_t token = 0;  ///< index of the token it came from
    uint32_t begin = 0;  ///< source byte range of the characters it stands for
    uint32_t end = 0;
    enum Kind : uint8_t { Word, Unigram, Bigram, WholeWord } kind = Word;
};

/** Append the terms of @p tokens to @p out.
 *  @param next_pos  position of the next term; advanced past the terms made.
 *                   A gap of one position is left where a Han/kana token is
 *                   not directly adjacent to its neighbour, so that phrases do
 *                   not match across punctuation or space.
 *  @param first_token  index of tokens[0] in the caller's token list (for Term::token).
 */
void make_terms(std::span<const Token> tokens, uint32_t& next_pos, std::vector<Term>& out,
                uint32_t first_token = 0);

/// Longest term (in bytes) that is indexed; longer words are skipped.
inline constexpr std::size_t max_term_bytes = 64;

}  // namespace hanidx
