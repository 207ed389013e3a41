// Term positions of a document body, kept as one compressed string per
// document (value slot schema::positions) instead of Xapian's position table.
//
// Xapian stores a position list per (term, document) pair: a B-tree item
// each, ~20 bytes for the one or two positions a Han bigram has in an
// article. That table was 54% of the index (198 of 368 MB on the benchmark
// corpus) and 29% of the CPU time of indexing. Here a document's positions are
// one string instead: position by position, the unigram (Han/kana character)
// or word found there. A phrase query matches documents that contain all of
// its terms (Xapian's posting lists) and is then checked against this string
// (PhraseCheck), which gives exactly what Xapian's OP_PHRASE gave on the
// positions that make_terms() assigns.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hanidx::detail {

/** The blob of a document's positions: @p entries are (position, term) for
 *  every positional unigram and word, positions from 1, in any order; a
 *  position may hold several terms (a glued token and its first part).
 */
std::string encode_positions(std::vector<std::pair<uint32_t, std::string>> entries);

/// One term of a phrase, at @p rel positions after the phrase's first.
struct PhraseTerm {
    std::string text;
    uint32_t rel = 0;
    bool bigram = false;  ///< two Han/kana characters, at rel and rel + 1
};

/// A phrase to look for in decoded positions.
struct PhraseCheck {
    std::vector<PhraseTerm> terms;
    bool exact = true;        ///< each term exactly at its rel
    uint32_t window = 0;      ///< otherwise: in order within this many positions
    /// When the phrase is Han/kana characters at consecutive positions
    /// (exact), those characters: the check is then a substring search.
    std::string run;

    /// What `run` is for @p terms (exact), or empty.
    static std::string characters(const std::vector<PhraseTerm>& terms);
};

/** Parts (phrases) that occur within @p distance positions of each other,
 *  in any order: occurrences of every part inside a window of the parts'
 *  lengths plus @p distance positions (for two parts: at most @p distance
 *  positions between them). One part alone: that phrase anywhere.
 */
struct NearCheck {
    std::vector<PhraseCheck> parts;
    uint32_t distance = 0;
};

/// Decoded positions of one document.
class Positions {
  public:
    /// Decode @p blob (from encode_positions()); false if it is not one.
    bool load(std::string_view blob);
    /// Does @p phrase occur?
    bool contains(const PhraseCheck& phrase) const;
    /// Do the parts of @p near occur near each other?
    bool contains(const NearCheck& near) const;
    /// The positions where @p phrase starts, in increasing order.
    std::vector<uint32_t> starts(const PhraseCheck& phrase) const;
    /// How many positions an occurrence of @p phrase covers.
    static uint32_t length(const PhraseCheck& phrase);
    /// Number of positions.
    uint32_t size() const;

  private:
    void index() const;  // fill starts_, on first need
    bool has(uint32_t pos, std::string_view term) const;
    bool occurs(const PhraseTerm& t, uint32_t pos) const;
    bool at(const PhraseCheck& phrase, uint32_t p) const;  // does phrase start at p (index() done)?

    std::string text_;                      // the items (see positions.cpp)
    mutable std::vector<uint32_t> starts_;  // offset of position p's item at starts_[p - 1]; the end last
};

}  // namespace hanidx::detail
