// Stage 1, before decoding: is this a file of text at all?
#include <array>
#include <string_view>

#include "hanidx/decode.hpp"

namespace hanidx {

namespace {

struct Magic {
    std::size_t at;
    std::string_view bytes;
};

using namespace std::string_view_literals;

// Signatures of the binary formats a scraper leaves behind.
constexpr std::array magics{
    Magic{0, "\x89PNG\r\n\x1A\n"sv},     Magic{0, "\xFF\xD8\xFF"sv},          // PNG, JPEG
    Magic{0, "GIF87a"sv},                Magic{0, "GIF89a"sv},                // GIF
    Magic{0, "\x1F\x8B"sv},              Magic{0, "PK\x03\x04"sv},            // gzip, zip (docx, epub, jar)
    Magic{0, "BZh91AY&SY"sv},            Magic{0, "\xFD" "7zXZ\x00"sv},       // bzip2 (-9), xz
    Magic{0, "\x28\xB5\x2F\xFD"sv},      Magic{0, "7z\xBC\xAF\x27\x1C"sv},    // zstd, 7z
    Magic{0, "%PDF-"sv},                 Magic{0, "\x7F" "ELF"sv},            // PDF, ELF
    Magic{0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv},                           // MS Office (OLE2)
    Magic{0, "OggS"sv},                  Magic{0, "\x1A\x45\xDF\xA3"sv},      // Ogg, Matroska/WebM
    Magic{4, "ftyp"sv},                  Magic{0, "RIFF"sv},                  // MP4/MOV, WAV/AVI/WebP
    Magic{0, "SQLite format 3\x00"sv},   Magic{0, "\xCA\xFE\xBA\xBE"sv},      // SQLite, Mach-O/class
};

}  // namespace

bool looks_binary(std::string_view bytes) {
    for (const Magic& m : magics)
        if (bytes.size() >= m.at + m.bytes.size() && bytes.substr(m.at, m.bytes.size()) == m.bytes) return true;
    const std::string_view sample = bytes.substr(0, 8192);
    std::size_t nul[2] = {0, 0}, control = 0;
    for (std::size_t i = 0; i < sample.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(sample[i]);
        if (c == 0) ++nul[i & 1];
        // Controls other than TAB LF VT FF CR and ESC (ISO-2022-JP shifts with ESC).
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B) || c == 0x7F)
            ++control;
    }
    const std::size_t nuls = nul[0] + nul[1];
    if (nuls == 0) return false;
    // UTF-16 without a BOM: NULs (the high bytes of ASCII, or U+xx00) sit
    // almost all at even or almost all at odd offsets.
    const std::size_t most = nul[0] > nul[1] ? nul[0] : nul[1];
    if (most * 10 >= nuls * 9) return false;
    return control * 16 > sample.size();
}

}  // namespace hanidx
