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
 *  Node 0 is the root.
 */
struct ZhTable {
    static constexpr uint32_t magic = 0x3144'5A48;  // "HZD1"
    static constexpr std::size_t header_size = 24;
    static constexpr uint32_t root_size = 0x10000;
};

/** Build the table from a dictionary's text ("word freq [tag]" lines); empty
 *  if it holds no word.
 */
std::string build_zh_table(std::string_view text);

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

    /// Number of words loaded.
    std::size_t size() const;

    struct Impl;

  private:
    explicit ZhDict(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace hanidx::detail
