// The word table of ZhDict, built from jieba's dictionary text (see
// zh_dict.hpp). Compiled into hanidx (for $HANIDX_ZH_DICT) and into the
// build-time generator tools/gen_zh_dict.cpp, so both build the same bytes.
#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "variant_table.hpp"
#include "zh_dict.hpp"

namespace hanidx::detail {

namespace {

// CJK Unified Ideographs (with extensions and compatibility ideographs) and
// U+3007 IDEOGRAPHIC NUMBER ZERO: what a dictionary word here is made of.
bool han(UChar32 c) {
    return c == 0x3007 || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

// The word and frequency of a "word freq [tag]" line; false if it is no
// all-Han word with a positive frequency.
bool parse(std::string_view line, std::string_view& word, double& f) {
    const std::size_t sp = line.find(' ');
    if (sp == 0 || sp == std::string_view::npos) return false;
    f = 0;
    for (std::size_t k = sp + 1; k < line.size() && line[k] >= '0' && line[k] <= '9'; ++k)
        f = f * 10 + (line[k] - '0');
    word = line.substr(0, sp);
    if (!(f > 0)) return false;
    const auto* p = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t n = static_cast<int32_t>(word.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0 || !han(c)) return false;
    }
    return true;
}

template <class T>
void put(std::string& out, const T& v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(b, sizeof(T));
}

}  // namespace

std::string build_zh_table(std::string_view text, bool icu_breaks) {
    // Every word and every proper prefix of a word is a key (a prefix only:
    // frequency 0), its characters folded (fold_variant) so that lookups
    // work on folded text of any script form. Frequencies of words that fold
    // alike add up, in file order and in float, as they always have.
    std::unordered_map<std::u32string, float> freq;
    double total = 0;
    uint32_t words = 0;
    std::u32string folded;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t eol = text.find('\n', at);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view word;
        double f = 0;
        const bool ok = parse(text.substr(at, eol - at), word, f);
        at = eol + 1;
        if (!ok) continue;
        folded.clear();
        const auto* p = reinterpret_cast<const uint8_t*>(word.data());
        const int32_t n = static_cast<int32_t>(word.size());
        for (int32_t i = 0; i < n;) {
            UChar32 c;
            U8_NEXT_UNSAFE(p, i, c);
            folded += fold_variant(static_cast<char32_t>(c));
        }
        // Lookups go a BMP character at a time from the first (split()).
        if (folded[0] >= 0x10000) continue;
        total += f;
        ++words;
        for (std::size_t k = 1; k <= folded.size(); ++k)
            freq[folded.substr(0, k)] += k == folded.size() ? static_cast<float>(f) : 0.0f;
    }
    if (words == 0) return {};
    const double log_total = std::log(total);

    // Trie nodes in breadth-first order (by length, then code points): the
    // children of a node are consecutive and sorted, and follow the children
    // of the nodes before it.
    std::vector<std::pair<const std::u32string*, float>> keys;
    keys.reserve(freq.size());
    for (const auto& [k, v] : freq) keys.emplace_back(&k, v);
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
        if (a.first->size() != b.first->size()) return a.first->size() < b.first->size();
        return *a.first < *b.first;
    });
    const uint32_t nodes = static_cast<uint32_t>(keys.size()) + 1;  // node 0: the root
    std::unordered_map<std::u32string_view, uint32_t> id;
    id.reserve(nodes);
    id.emplace(std::u32string_view(), 0);
    std::vector<uint32_t> children(nodes, 0), root(ZhTable::root_size, 0), cp(nodes, 0);
    std::vector<float> logp(nodes, -INFINITY);
    std::vector<uint32_t> icu(nodes, ZhTable::no_breaks_known);
    std::unique_ptr<icu::BreakIterator> words_bi;
    UText* ut = nullptr;
    if (icu_breaks) {
        UErrorCode status = U_ZERO_ERROR;
        words_bi.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) throw std::runtime_error("ICU word break data is missing");
    }
    std::string utf8;
    for (uint32_t i = 0; i < keys.size(); ++i) {
        const std::u32string& k = *keys[i].first;
        const uint32_t node = i + 1;
        id.emplace(k, node);
        ++children[id.at(std::u32string_view(k).substr(0, k.size() - 1))];
        cp[node] = k.back();
        if (k.size() == 1) root[k[0]] = node;
        const float sum = keys[i].second;
        // std::log of a float is a float: the rounding hanidx has always had.
        if (sum > 0) logp[node] = static_cast<float>(std::log(sum) - log_total);
        // As Segmenter cuts a long dictionary word where ICU cuts it (on the
        // word alone, as here), a word whose text needs no folding need not
        // wait for ICU's dictionary at run time.
        if (words_bi && sum > 0 && k.size() >= ZhTable::icu_min_chars && k.size() <= 32) {
            utf8.clear();
            std::vector<int32_t> starts;  // byte offset of each character
            for (char32_t c : k) {
                starts.push_back(static_cast<int32_t>(utf8.size()));
                char b[4];
                int32_t len = 0;
                U8_APPEND_UNSAFE(b, len, c);
                utf8.append(b, len);
            }
            UErrorCode status = U_ZERO_ERROR;
            ut = utext_openUTF8(ut, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
            if (U_SUCCESS(status)) words_bi->setText(ut, status);
            if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
            uint32_t mask = 0;
            for (int32_t b = words_bi->next(); b != icu::BreakIterator::DONE; b = words_bi->next()) {
                if (b <= 0 || b >= static_cast<int32_t>(utf8.size())) continue;
                const auto at = std::lower_bound(starts.begin(), starts.end(), b);
                if (at == starts.end() || *at != b) continue;  // not on a character boundary
                mask |= 1u << (at - starts.begin() - 1);
            }
            icu[node] = mask;
        }
    }
    utext_close(ut);
    std::vector<uint32_t> first(nodes + 1);
    first[0] = 1;
    for (uint32_t n = 0; n < nodes; ++n) first[n + 1] = first[n] + children[n];

    std::string out;
    out.reserve(ZhTable::header_size + 4 * (ZhTable::root_size + 4 * nodes + 1));
    put(out, ZhTable::magic);
    put(out, nodes);
    put(out, words);
    put(out, uint32_t{0});
    put(out, log_total);
    for (uint32_t v : root) put(out, v);
    for (uint32_t v : first) put(out, v);
    for (uint32_t v : cp) put(out, v);
    for (float v : logp) put(out, v);
    for (uint32_t v : icu) put(out, v);
    return out;
}

}  // namespace hanidx::detail
