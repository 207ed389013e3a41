// Chinese word segmentation by a word-frequency dictionary (private to
// segment.cpp): the most probable path through the words of a Han run, as
// jieba does, with jieba's own dictionary as Debian ships it (python3-jieba,
// MIT licence).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hanidx::detail {

class ZhDict {
  public:
    /** Load the dictionary ("word freq [tag]" lines) from the first readable
     *  of the usual places, or from $HANIDX_ZH_DICT; nullptr if none is
     *  installed. Words are stored with Han variants folded
     *  (fold_han_variant()), so lookups work on folded text of any script form.
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
