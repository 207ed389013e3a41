// hanidx/extract.hpp - stage 2: decoded text -> plain text and metadata.
#pragma once

#include <string>
#include <string_view>

namespace hanidx {

/// What a file holds.
enum class Format {
    Auto,  ///< decide from the content (markup sniffing)
    Text,  ///< plain text
    Html,  ///< HTML or XHTML
};

/// The text of a document as a reader sees it, and what it says about itself.
struct Extracted {
    std::string text;   ///< plain UTF-8 text, paragraphs separated by blank lines
    std::string title;  ///< HTML <title>, else the first non-empty line; may be empty
    std::string date;   ///< publication date in ISO 8601 (YYYY-MM-DD; YYYY-MM or YYYY
                        ///< when the text gives no more), or empty
};

/** Extract plain text and metadata from decoded UTF-8 @p text.
 *  For Format::Text the text is kept byte for byte, so offsets into
 *  Extracted::text are offsets into the decoded file. For Format::Html the
 *  document is parsed by libxml2's HTML parser (as browsers do, unclosed tags
 *  and all): script, style and other non-text elements are dropped, entities
 *  decoded, block elements (p, div, h1, li, tr, ...) become paragraphs
 *  separated by blank lines, and <br> a line break.
 */
Extracted extract(std::string_view text, Format format = Format::Auto);

/// The format @p text looks like (Html when it starts with markup).
Format sniff_format(std::string_view text);

/** The publication date @p text states, in ISO 8601, or empty.
 *  Understands 2013-08-07 (also with / or .), 2013年8月7日, 二〇一三年八月七日,
 *  Japanese era years (令和2年4月1日 -> 2020-04-01, 平成元年, ...), Minguo years
 *  (民國110年 -> 2021), "July 14, 2020" and "14 July 2020". A date after a
 *  label (日期:, 发布时间, Date:, 掲載日 ...) wins over one that is not; else
 *  a complete date wins over a partial one; else the first.
 */
std::string find_date(std::string_view text);

/** The encoding an HTML document declares in its first bytes
 *  (`<meta charset="...">` or `<meta http-equiv="Content-Type"
 *  content="text/html; charset=...">`), or empty. Reads raw bytes: any
 *  ASCII-compatible encoding.
 */
std::string declared_charset(std::string_view bytes);

}  // namespace hanidx
