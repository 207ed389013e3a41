// Term positions of a document as one compressed string; see positions.hpp.
#include "positions.hpp"

#include <unicode/utf8.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace hanidx::detail {

namespace {

constexpr char end_of_position = '\x1e';
constexpr char alternative = '\x1f';
constexpr char format_v1 = 'P';  // first byte of a blob; the zlib stream follows

}  // namespace

std::string encode_positions(std::vector<std::pair<uint32_t, std::string>> entries) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string plain;
    uint32_t cur = 0;  // the position whose entry is open; 0: none yet
    for (auto& [pos, term] : entries) {
        if (pos == 0 || term.empty()) continue;
        if (pos == cur) {
            plain += alternative;
        } else {
            if (cur) plain += end_of_position;
            for (++cur; cur < pos; ++cur) plain += end_of_position;  // positions without a term
        }
        plain += term;
    }
    if (cur) plain += end_of_position;

    uLongf size = compressBound(plain.size());
    std::string out(1 + size, '\0');
    out[0] = format_v1;
    // Level 1: the check reads a few kilobytes per candidate document, and
    // indexing writes every one; stronger levels save little on this text.
    if (compress2(reinterpret_cast<Bytef*>(out.data() + 1), &size,
                  reinterpret_cast<const Bytef*>(plain.data()), plain.size(), 1) != Z_OK)
        return {};
    out.resize(1 + size);
    // The plain size, so that decoding allocates once.
    for (int i = 0; i < 4; ++i) out += static_cast<char>((plain.size() >> (8 * i)) & 0xff);
    return out;
}

bool Positions::load(std::string_view blob) {
    text_.clear();
    starts_.clear();
    if (blob.size() < 5 || blob[0] != format_v1) return false;
    uLongf plain = 0;
    for (int i = 0; i < 4; ++i)
        plain |= static_cast<uLongf>(static_cast<unsigned char>(blob[blob.size() - 4 + i])) << (8 * i);
    text_.resize(plain);
    uLongf got = plain;
    if (uncompress(reinterpret_cast<Bytef*>(text_.data()), &got,
                   reinterpret_cast<const Bytef*>(blob.data() + 1), blob.size() - 5) != Z_OK ||
        got != plain) {
        text_.clear();
        return false;
    }
    starts_.reserve(plain / 3 + 2);
    starts_.push_back(0);
    for (const char* p = text_.data(); (p = static_cast<const char*>(
                                            std::memchr(p, end_of_position, text_.data() + text_.size() - p)));
         ++p)
        starts_.push_back(static_cast<uint32_t>(p - text_.data()) + 1);
    return true;
}

bool Positions::has(uint32_t pos, std::string_view term) const {
    if (pos == 0 || pos >= starts_.size()) return false;
    std::string_view entry(text_.data() + starts_[pos - 1], starts_[pos] - starts_[pos - 1] - 1);
    // Usually one term; a glued token's whole and first part share a position.
    for (;;) {
        const std::size_t cut = entry.find(alternative);
        if (entry.substr(0, cut) == term) return true;
        if (cut == std::string_view::npos) return false;
        entry.remove_prefix(cut + 1);
    }
}

bool Positions::occurs(const PhraseTerm& t, uint32_t pos) const {
    if (!t.bigram) return has(pos, t.text);
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(t.text.data());
    U8_FWD_1(s, i, static_cast<int32_t>(t.text.size()));
    const std::string_view text(t.text);
    return has(pos, text.substr(0, i)) && has(pos + 1, text.substr(i));
}

bool Positions::contains(const PhraseCheck& phrase) const {
    if (phrase.terms.empty()) return false;
    const PhraseTerm& first = phrase.terms.front();
    for (uint32_t p = 1; p < starts_.size(); ++p) {
        if (!occurs(first, p)) continue;
        bool all = true;
        if (phrase.exact) {
            for (std::size_t k = 1; all && k < phrase.terms.size(); ++k)
                all = occurs(phrase.terms[k], p + phrase.terms[k].rel);
        } else {
            // Xapian's OP_PHRASE with a window: in order, all within the window.
            const uint32_t last = p + std::max<uint32_t>(phrase.window, 1) - 1;
            uint32_t at = p;
            for (std::size_t k = 1; all && k < phrase.terms.size(); ++k) {
                uint32_t q = at + 1;
                while (q <= last && !occurs(phrase.terms[k], q)) ++q;
                all = q <= last;
                at = q;
            }
        }
        if (all) return true;
    }
    return false;
}

}  // namespace hanidx::detail
