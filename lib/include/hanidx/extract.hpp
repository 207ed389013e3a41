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
    /// The headline: for HTML the <title> (without the site's name when the
    /// <h1> or og:title shows which part is the headline), else og:title,
    /// <h1>; for text the first line that is not a URL, a date line, a menu
    /// or breadcrumb, or a byline. May be empty.
    std::string title;
    std::string date;   ///< publication date in ISO 8601 (YYYY-MM-DD; YYYY-MM or YYYY
                        ///< when the text gives no more), or empty
    /// Where date came from: "meta" (HTML <meta>, JSON-LD, <time>), "header"
    /// (a date line at the top, or one of its own at the foot), "dateline",
    /// "url" (the document's own URL), "filename"; empty when there is none.
    std::string date_source;
};

/** Extract plain text and metadata from decoded UTF-8 @p text; @p source is
 *  the file's name or path, if any (a date in it dates the document when
 *  nothing in the text does).
 *  For Format::Text the text is kept byte for byte, so offsets into
 *  Extracted::text are offsets into the decoded file. For Format::Html the
 *  document is parsed by libxml2's HTML parser (as browsers do, unclosed tags
 *  and all): script, style and other non-text elements are dropped, entities
 *  decoded, block elements (p, div, h1, li, tr, ...) become paragraphs
 *  separated by blank lines, and <br> a line break.
 */
Extracted extract(std::string_view text, Format format = Format::Auto, std::string_view source = {});

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

/** The date a metadata field's value gives, in ISO 8601 with its precision
 *  kept: "2012-05-09T10:00:00+0900" -> "2012-05-09", "2012-07" -> "2012-07",
 *  "2012" -> "2012", "20120706" -> "2012-07-06", or any form find_date()
 *  reads ("2012年7月6日", "July 6, 2012"); empty when it is not a date.
 */
std::string field_date(std::string_view value);

/** The encoding an HTML document declares in its first bytes
 *  (`<meta charset="...">` or `<meta http-equiv="Content-Type"
 *  content="text/html; charset=...">`), or empty. Reads raw bytes: any
 *  ASCII-compatible encoding.
 */
std::string declared_charset(std::string_view bytes);

}  // namespace hanidx
