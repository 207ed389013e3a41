// Japanese word segmentation with MeCab and IPADIC (private to segment.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace hanidx::detail {

/** MeCab with the IPADIC dictionary, adjusted towards the short-unit words
 *  (UniDic SUW) that Japanese treebanks and readers expect:
 *  - IPADIC's multiword particles (連語: として, について, による ...) are
 *    split into their particle and verb parts;
 *  - the particles ので, でも, とも, かも are split in two, as in UniDic;
 *  - the volitional auxiliary う joins the word before it (でしょう, だろう).
 *  Not thread-safe: one per Segmenter.
 */
class Mecab {
  public:
    /// Load MeCab and IPADIC; nullptr if either is not installed.
    static std::unique_ptr<Mecab> open();
    ~Mecab();

    /** Append to @p cuts the byte offsets (relative to @p text, excluding 0
     *  and text.size()) where a word boundary falls in @p text.
     */
    void split(std::string_view text, std::vector<int32_t>& cuts);

    struct Impl;

  private:
    explicit Mecab(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// True when hanidx was built with MeCab support.
bool mecab_built_in();

}  // namespace hanidx::detail
