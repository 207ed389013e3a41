// The parts of the database layout that are code, not constants.
#include "schema.hpp"

#include "hanidx/normalize.hpp"

namespace hanidx::schema {

std::string field_term(std::string_view name, std::string_view value) {
    std::string t(field_prefix);
    t.append(name).append(":");
    // Values are normalized as text is, so `source:XINHUA` finds "Xinhua"
    // and 新華社 finds 新华社; the input is valid UTF-8 (normalize() needs it:
    // callers pass analysed or validated text).
    const std::string v = normalize_text(value);
    // Xapian terms are at most 245 bytes; cut at a character boundary.
    std::size_t room = t.size() < 240 ? 240 - t.size() : 0;
    std::size_t cut = std::min(v.size(), room);
    while (cut > 0 && cut < v.size() && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
    return t.append(v, 0, cut);
}

}  // namespace hanidx::schema
