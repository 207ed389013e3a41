// hanidx/language.hpp - stage 3: paragraphs and their languages.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hanidx {

/// The languages hanidx tells apart.
enum class Lang : uint8_t {
    Und,     ///< undetermined (numbers, symbols, other languages)
    ZhHans,  ///< Chinese, simplified script
    ZhHant,  ///< Chinese, traditional script
    Ja,      ///< Japanese
    En,      ///< English (and other Latin-script text)
};

/// BCP 47 tag: "und", "zh-Hans", "zh-Hant", "ja", "en".
std::string_view lang_tag(Lang lang);
/// The Lang for a tag as lang_tag() writes it (also "zh" = zh-Hans); nullopt if unknown.
std::optional<Lang> parse_lang(std::string_view tag);

/// A paragraph (or line, in line-interleaved text) and its language.
struct Paragraph {
    uint32_t begin = 0;  ///< byte offset of its first character
    uint32_t end = 0;    ///< byte offset past its last character (line break excluded)
    Lang lang = Lang::Und;
};

/** Split @p text into paragraphs and label each with its language.
 *
 *  A unit is a line (line-interleaved bulletins alternate languages line by
 *  line), cut into pieces of at most 64 KiB at character boundaries. Kana
 *  make a unit Japanese; Han characters vote by the script they belong to
 *  (simplified-only, traditional-only, Japanese-only forms); a kanji-only
 *  unit without such a vote (a heading such as 院長会議) takes the label of
 *  the nearest decided unit, so @p text should be a whole document.
 *  @param text   UTF-8 text (invalid sequences are skipped, never read past).
 *  @param force  label every paragraph with this language instead of detecting
 *                (Lang::Und: detect).
 *  @return the non-blank units in text order.
 */
std::vector<Paragraph> split_paragraphs(std::string_view text, Lang force = Lang::Und);

}  // namespace hanidx
