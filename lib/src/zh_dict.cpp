// Chinese word segmentation by a word-frequency dictionary; see zh_dict.hpp.
#include "zh_dict.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "hanidx/normalize.hpp"

namespace hanidx::detail {

namespace {

// Where Debian's python3-jieba installs jieba's dictionary.
constexpr const char* dict_paths[] = {"/usr/lib/python3/dist-packages/jieba/dict.txt",
                                      "/usr/share/jieba/dict.txt"};

// CJK Unified Ideographs (with extensions and compatibility ideographs) and
// U+3007 IDEOGRAPHIC NUMBER ZERO: what a dictionary word here is made of.
bool han(UChar32 c) {
    return c == 0x3007 || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

}  // namespace

struct ZhDict::Impl {
    // An open-addressing hash table of words and of every proper prefix of a
    // word (frequency 0), so that a scan stops as soon as no word goes on.
    // Keys are ranges of one arena string: no allocation per word, so that
    // loading takes a fraction of a second.
    struct Slot {
        uint32_t off = 0, len = 0;  // len 0: empty
        uint32_t hash = 0;          // low bits of the key's hash: most misses skip the compare
        float freq = 0;             // frequency while loading, then its log; 0 / -inf: a prefix only
    };
    std::string arena;
    std::vector<Slot> slots;
    std::vector<float> single;
    std::size_t used = 0;
    double log_total = 0;
    std::size_t words = 0;

    // FNV-1a, which can be extended a character at a time (see split()).
    static constexpr uint64_t fnv_basis = 1469598103934665603ull;
    static uint64_t fnv(uint64_t h, std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        return h;
    }
    static std::size_t finish(uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 29)); }
    static std::size_t hash(std::string_view s) { return finish(fnv(fnv_basis, s)); }

    const Slot* find(std::string_view key, std::size_t h) const {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots[i];
            if (s.len == 0) return nullptr;
            if (s.hash == static_cast<uint32_t>(h >> 32) && s.len == key.size() &&
                std::equal(key.begin(), key.end(), arena.data() + s.off))
                return &s;
        }
    }

    // Insert arena[off, off+len) with frequency @p f (added to an existing word's).
    void insert(uint32_t off, uint32_t len, float f) {
        if ((used + 1) * 4 > slots.size() * 3) grow();  // load factor at most 3/4
        const std::string_view key = std::string_view(arena).substr(off, len);
        const std::size_t mask = slots.size() - 1;
        const std::size_t h = hash(key);
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& s = slots[i];
            if (s.len == 0) {
                s = {off, len, static_cast<uint32_t>(h >> 32), f};
                ++used;
                return;
            }
            if (s.len == len && std::string_view(arena).substr(s.off, s.len) == key) {
                s.freq += f;
                return;
            }
        }
    }

    void grow() {
        std::vector<Slot> old = std::move(slots);
        slots.assign(old.empty() ? 1 << 16 : old.size() * 2, Slot{});
        used = 0;
        for (const Slot& s : old)
            if (s.len) insert(s.off, s.len, s.freq);
    }

    bool load(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return false;
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        arena.reserve(data.size());
        slots.assign(1 << 20, Slot{});
        double total = 0;
        std::string_view rest = data;
        while (!rest.empty()) {
            std::size_t eol = rest.find('\n');
            std::string_view line = rest.substr(0, eol);
            rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
            const std::size_t sp = line.find(' ');
            if (sp == 0 || sp == std::string_view::npos) continue;
            double f = 0;
            for (std::size_t k = sp + 1; k < line.size() && line[k] >= '0' && line[k] <= '9'; ++k)
                f = f * 10 + (line[k] - '0');
            if (!(f > 0)) continue;
            // Fold Han variants so that traditional and Japanese forms in
            // the text find the (simplified) dictionary words.
            const uint32_t off = static_cast<uint32_t>(arena.size());
            const auto* p = reinterpret_cast<const uint8_t*>(line.data());
            const int32_t n = static_cast<int32_t>(sp);
            bool ok = true;
            std::vector<uint32_t>& ends = ends_;
            ends.clear();
            for (int32_t i = 0; i < n && ok;) {
                UChar32 c;
                U8_NEXT(p, i, n, c);
                if (c < 0 || !han(c)) {
                    ok = false;
                    break;
                }
                const char32_t folded = fold_han_variant(static_cast<char32_t>(c));
                char buf[4];
                int32_t k = 0;
                U8_APPEND_UNSAFE(buf, k, folded);
                arena.append(buf, k);
                ends.push_back(static_cast<uint32_t>(arena.size()) - off);
            }
            if (!ok || ends.empty()) {
                arena.resize(off);
                continue;
            }
            total += f;
            ++words;
            insert(off, ends.back(), static_cast<float>(f));
            for (std::size_t k = 0; k + 1 < ends.size(); ++k) insert(off, ends[k], 0.0f);
        }
        if (words == 0) return false;
        log_total = std::log(total);
        // Single BMP characters, the most frequent lookup, from a flat table
        // indexed by code point (NaN: no word starts with it).
        single.assign(0x10000, NAN);
        for (Slot& sl : slots) {
            if (!sl.len) continue;
            sl.freq = sl.freq > 0 ? static_cast<float>(std::log(sl.freq) - log_total) : -INFINITY;
            if (sl.len == 3) {
                const auto* k = reinterpret_cast<const uint8_t*>(arena.data() + sl.off);
                int32_t i = 0;
                UChar32 c;
                U8_NEXT_UNSAFE(k, i, c);
                if (c < 0x10000) single[c] = sl.freq;
            }
        }
        return true;
    }

  private:
    std::vector<uint32_t> ends_;
};

std::unique_ptr<ZhDict> ZhDict::open() {
    auto impl = std::make_unique<Impl>();
    if (const char* env = std::getenv("HANIDX_ZH_DICT"); env && *env) {
        if (!impl->load(env)) return nullptr;
        return std::unique_ptr<ZhDict>(new ZhDict(std::move(impl)));
    }
    for (const char* path : dict_paths)
        if (impl->load(path)) return std::unique_ptr<ZhDict>(new ZhDict(std::move(impl)));
    return nullptr;
}

ZhDict::ZhDict(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZhDict::~ZhDict() = default;

std::size_t ZhDict::size() const { return impl_->words; }

void ZhDict::split(std::string_view run, std::vector<int32_t>& cuts) const {
    // Byte offset of every character, and one past the end.
    std::vector<int32_t> at;
    at.reserve(run.size() / 3 + 2);
    const auto* p = reinterpret_cast<const uint8_t*>(run.data());
    const int32_t n = static_cast<int32_t>(run.size());
    for (int32_t i = 0; i < n;) {
        at.push_back(i);
        U8_FWD_1_UNSAFE(p, i);
    }
    const std::size_t chars = at.size();
    at.push_back(n);
    // route[i]: best log probability of run[i..] and where its first word ends.
    std::vector<double> best(chars + 1, 0.0);
    std::vector<uint32_t> next(chars + 1, 0);
    const double unknown = -impl_->log_total;  // log(1 / total): a character no word has
    for (std::size_t i = chars; i-- > 0;) {
        double top = -INFINITY;
        uint32_t top_end = static_cast<uint32_t>(i + 1);
        bool any = false;
        uint64_t h = Impl::fnv_basis;
        for (std::size_t j = i + 1; j <= chars; ++j) {
            h = Impl::fnv(h, run.substr(at[j - 1], at[j] - at[j - 1]));
            float logp;
            if (j == i + 1 && at[j] - at[i] == 3) {
                int32_t k = at[i];
                UChar32 c;
                U8_NEXT_UNSAFE(p, k, c);
                logp = impl_->single[c];
                if (std::isnan(logp)) break;  // no word starts here
            } else {
                const Impl::Slot* w = impl_->find(run.substr(at[i], at[j] - at[i]), Impl::finish(h));
                if (!w) break;  // no word goes on
                logp = w->freq;
            }
            if (logp == -INFINITY) continue;  // a prefix only
            any = true;
            const double score = logp + best[j];  // log probability
            if (score > top) {
                top = score;
                top_end = static_cast<uint32_t>(j);
            }
        }
        if (!any) {
            top = unknown + best[i + 1];
            top_end = static_cast<uint32_t>(i + 1);
        }
        best[i] = top;
        next[i] = top_end;
    }
    for (std::size_t i = next[0]; i < chars; i = next[i]) cuts.push_back(at[i]);
}

}  // namespace hanidx::detail
