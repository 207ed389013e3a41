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
    std::string date;   ///< publication date in ISO 8601 (YYYY-MM-DD), or empty
};

/** Extract plain text and metadata from decoded UTF-8 @p text.
 *  For Format::Text the text is kept byte for byte, so offsets into
 *  Extracted::text are offsets into the decoded file.
 */
Extracted extract(std::string_view text, Format format = Format::Auto);

/// The format @p text looks like (Html when it starts with markup).
Format sniff_format(std::string_view text);

}  // namespace hanidx
