// Fuzz target: the per-document positions string (lib/src/positions.hpp).
// Any bytes as a stored value: load() refuses or decodes them, and a phrase
// check on what it decoded ends without crashing. Terms made from the input
// and encoded: each is found again at its own position, and a run of
// characters is found as a substring exactly where it is.
#include <string>
#include <utility>
#include <vector>

#include "fuzz.hpp"
#include "positions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx::detail;
    const std::string_view raw = hanidx::fuzz::bytes(data, size);

    // 1. Whatever is stored in the slot (a damaged index, another version).
    Positions any;
    std::string blob = "Z" + std::string(raw);
    if (any.load(raw) || any.load(blob)) {
        PhraseCheck p;
        p.terms = {{"\xe4\xb8\xad\xe5\x9b\xbd", 0, true}, {"x", 2, false}};  // 中国, then x
        p.exact = size % 2;
        p.window = 4;
        (void)any.contains(p);
        p.terms = {{"\xe4\xb8\xad\xe5\x9b\xbd", 0, true}, {"\xe5\x9b\xbd\xe4\xba\xba", 1, true}};
        p.exact = true;
        p.run = PhraseCheck::characters(p.terms);
        (void)any.contains(p);
    }

    // 2. Terms from the input (valid UTF-8, no control characters), one per
    // position; a position is skipped after a '|'.
    const std::string text = hanidx::fuzz::utf8(data, size);
    std::vector<std::pair<uint32_t, std::string>> entries;
    uint32_t pos = 1;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) entries.emplace_back(pos++, cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < text.size() && entries.size() < 200;) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        const std::string ch = text.substr(i, n);
        i += n;
        if (c < 0x20 || c == ' ') { flush(); continue; }
        if (c == '|') { flush(); ++pos; continue; }
        if (c >= 0xE0) { flush(); cur = ch; flush(); continue; }  // a character is a unigram
        cur += ch;
    }
    flush();
    Positions got;
    hanidx::fuzz::require(got.load(encode_positions(entries)), "encode_positions() output does not load");
    for (const auto& [p, term] : entries) {
        PhraseCheck one;
        one.terms = {{term, 0, false}, {term, 0, false}};  // the same term twice at rel 0
        hanidx::fuzz::require(got.contains(one), "a term is not found");
    }
    // Consecutive one-character entries: their run is a substring check that must succeed.
    for (std::size_t k = 0; k + 1 < entries.size(); ++k) {
        if (entries[k + 1].first != entries[k].first + 1) continue;
        PhraseCheck two;
        two.terms = {{entries[k].second, 0, false}, {entries[k + 1].second, 1, false}};
        two.run = PhraseCheck::characters(two.terms);
        hanidx::fuzz::require(got.contains(two), "two adjacent terms are not found");
    }
    return 0;
}
