// Stage 2: extraction. Plain text is kept as is; issue #3 adds the HTML
// parser and date recognition.
#include "hanidx/extract.hpp"

#include <cctype>

namespace hanidx {

namespace {

std::string_view trim(std::string_view s) {
    // ASCII white space and U+3000 IDEOGRAPHIC SPACE (E3 80 80).
    for (;;) {
        if (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        else if (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
        else break;
    }
    for (;;) {
        if (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        else if (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
        else break;
    }
    return s;
}

std::string first_line_title(std::string_view text) {
    constexpr std::size_t max_title = 300;
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = trim(text.substr(0, nl));
        if (!line.empty()) {
            if (line.size() > max_title) {
                std::size_t cut = max_title;
                while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
                line = line.substr(0, cut);
            }
            return std::string(line);
        }
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return {};
}

}  // namespace

Format sniff_format(std::string_view text) {
    auto head = trim(text.substr(0, 1024));
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    auto lower = [](std::string_view s) {
        std::string r(s);
        for (auto& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return r;
    };
    std::string h = lower(head.substr(0, 512));
    if (h.starts_with("<!doctype html") || h.starts_with("<html") ||
        h.find("<html") != std::string::npos || h.find("<body") != std::string::npos)
        return Format::Html;
    return Format::Text;
}

Extracted extract(std::string_view text, Format format) {
    if (format == Format::Auto) format = sniff_format(text);
    Extracted e;
    e.text.assign(text);
    e.title = first_line_title(text);
    return e;
}

}  // namespace hanidx
