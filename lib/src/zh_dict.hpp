// Chinese word segmentation by a word-frequency dictionary (private to
// segment.cpp): the most probable path through the words of a Han run, as
// jieba does, with jieba's own dictionary as Debian ships it (python3-jieba,
// MIT licence).
//
// The dictionary is turned into a table at build time (tools/gen_zh_dict.cpp)
// and embedded in the binary: opening it costs nothing, and every thread and
// every hanidx process share its read-only pages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hanidx::detail {

/** The word table: a trie of the words and of their prefixes, characters
 *  folded (fold_variant()). Little-endian, 4-byte aligned:
 *    header    magic, nodes, words, 0 (uint32 each), log of the total frequency (double)
 *    root      uint32[root_size]: the node of each first character (BMP), 0 for none
 *    first     uint32[nodes + 1]: children of node n are nodes [first[n], first[n + 1])
 *    cp        uint32[nodes]: the character leading to node n (children sorted by it)
 *    logp      float[nodes]: log probability of the word ending at node n, -inf for a prefix only
 *    icu       uint32[nodes]: where ICU's word break iterator cuts the word ending at node n
 *              (bit k - 1: before its character k), or no_breaks_known
 *  Node 0 is the root.
 */
struct ZhTable {
    static constexpr uint32_t magic = 0x3244'5A48;  // "HZD2"
    static constexpr std::size_t header_size = 24;
    static constexpr uint32_t root_size = 0x10000;
    static constexpr uint32_t no_breaks_known = 0xFFFF'FFFF;
    /// Words of this many characters or more have their ICU breaks in the table (up to 32).
    static constexpr std::size_t icu_min_chars = 3;
};

/** Build the table from a dictionary's text ("word freq [tag]" lines); empty
 *  if it holds no word. With @p icu_breaks, the breaks ICU's word break
 *  iterator (root locale) finds in each word of 3 to 32 characters are
 *  stored too (costly: for the build-time generator).
 */
std::string build_zh_table(std::string_view text, bool icu_breaks = false);

class ZhDict {
  public:
    /** The dictionary embedded at build time, or the one in the file named
     *  by $HANIDX_ZH_DICT (built into a table now); nullptr if there is none
     *  (hanidx was built without python3-jieba) or the file has no words.
     */
    static std::unique_ptr<ZhDict> open();
    ~ZhDict();

    /** Append to @p cuts the byte offsets (relative to @p run, excluding 0 and
     *  run.size()) of word boundaries inside @p run, a run of Han characters
     *  in folded form.
     */
    void split(std::string_view run, std::vector<int32_t>& cuts);

    /** Where ICU's word break iterator cuts @p word (folded, as in split()):
     *  bit k - 1 set when it cuts before character k; false if the table does
     *  not know (not a word, or fewer than 3 or more than 32 characters, or a
     *  table built at run time).
     */
    bool icu_breaks(std::string_view word, uint32_t& mask) const;

    /// Number of words loaded.
    std::size_t size() const;

    struct Impl;

  private:
    explicit ZhDict(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx::detail
