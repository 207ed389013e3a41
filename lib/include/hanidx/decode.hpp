// hanidx/decode.hpp - stage 1: bytes of a file -> UTF-8 text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hanidx {

/// The text of a file converted to UTF-8, and how that was done.
struct Decoded {
    std::string text;          ///< valid UTF-8 without a BOM; undecodable input became U+FFFD
    std::string encoding;      ///< the encoding used: "UTF-8", "UTF-16LE", "UTF-16BE", "GBK",
                               ///< "GB18030", "Big5", "Big5-HKSCS", "Shift_JIS", "EUC-JP",
                               ///< "ISO-2022-JP", "windows-1252", or the name asked for
    double confidence = 0.0;   ///< 0..1, how sure the detector was (1 for a BOM or --encoding)
    std::size_t invalid = 0;   ///< byte sequences that could not be decoded (replaced by U+FFFD)
};

/** Convert @p bytes to UTF-8, detecting the encoding unless one is given.
 *
 *  Detection: a BOM decides (UTF-8, UTF-16LE/BE); then NUL bytes in a
 *  UTF-16 pattern; then text that is valid UTF-8 is UTF-8 (7-bit text with
 *  ISO-2022-JP escapes is ISO-2022-JP). Anything else is decoded as each
 *  legacy candidate (GB18030, Big5-HKSCS, Shift_JIS, EUC-JP, windows-1252) on a
 *  prefix sample and the decoding that looks most like real text wins:
 *  invalid sequences cost most, common hanzi/kanji, kana and CJK punctuation
 *  score, rare characters and private-use code points cost.
 *
 *  @param bytes     the raw content of a file.
 *  @param encoding  an encoding name to use instead of detecting one (any
 *                   name ICU's converters accept; GB2312/GBK/CP936 are read as
 *                   GB18030 and Big5/CP950 as Big5-HKSCS, their supersets);
 *                   empty to detect.
 *  @param declared  the encoding the document declares about itself (an HTML
 *                   `<meta charset>`), or empty. It is followed unless the bytes
 *                   clearly say otherwise: a BOM, valid non-ASCII UTF-8, or
 *                   invalid sequences in the declared encoding.
 *  @return          the text, the encoding used and a count of invalid sequences.
 *                   Never throws for bad data; throws std::invalid_argument for
 *                   an @p encoding name ICU does not know.
 */
Decoded decode(std::string_view bytes, std::string_view encoding = {},
               std::string_view declared = {});

/** Repair @p bytes as UTF-8: every ill-formed sequence becomes U+FFFD.
 *  @return the number of sequences replaced.
 */
std::size_t repair_utf8(std::string_view bytes, std::string& out);

/** The canonical name of an encoding label as decode() reports it ("gbk" ->
 *  "GBK", "sjis" -> "Shift_JIS", "utf8" -> "UTF-8"), or empty when the label
 *  is not one ICU knows.
 */
std::string canonical_encoding(std::string_view label);

/** Whether @p bytes are a binary file (an image, an archive, an executable)
 *  rather than text in some encoding, so that indexing skips it instead of
 *  storing garbage. Binary: a known magic number (PNG, JPEG, GIF, gzip, zip,
 *  bzip2, xz, zstd, 7z, PDF, ELF, ...), or NUL bytes in the first 8 KiB that
 *  do not follow the UTF-16 pattern, together with control characters making
 *  up more than 1/16 of them. Text with a few stray NULs is not binary.
 */
bool looks_binary(std::string_view bytes);

}  // namespace hanidx
