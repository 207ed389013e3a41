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
    // word (a prefix only: -inf), so that a scan stops as soon as no word
    // goes on. Keys are ranges of one arena string: no allocation per word.
    //
    // Loading only files each line under the (folded) character its word
    // starts with; the words starting with a character go into the table the
    // first time text holds that character. A short query pays for the few
    // characters it has, not for the whole dictionary.
    struct Slot {
        uint32_t off = 0, len = 0;  // len 0: empty
        uint32_t hash = 0;          // high bits of the key's hash: most misses skip the compare
        float logp = 0;             // frequency while a bucket is built, then its log probability
    };
    std::string data;   // the dictionary file
    std::string arena;  // folded words
    std::vector<Slot> slots;
    std::size_t used = 0;
    std::vector<std::vector<uint32_t>> lines;  // by folded first character (BMP): line offsets in data
    std::vector<uint8_t> built;                // by first character: its words are in the table
    std::vector<float> single;                 // by character: log probability of the 1-character word
    double log_total = 0;
    std::size_t words = 0;
    std::vector<int32_t> at;       // scratch for split()
    std::vector<double> best;
    std::vector<uint32_t> next;

    // FNV-1a, which can be extended a character at a time (see split()).
    static constexpr uint64_t fnv_basis = 1469598103934665603ull;
    static uint64_t fnv(uint64_t h, std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        return h;
    }
    static std::size_t finish(uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 29)); }
    static std::size_t hash(std::string_view s) { return finish(fnv(fnv_basis, s)); }

    // Keys are short: compare 8 bytes at a time, inline (a memcmp call costs more).
    static bool same(const char* a, const char* b, std::size_t n) {
        for (; n >= 8; a += 8, b += 8, n -= 8) {
            uint64_t x, y;
            std::memcpy(&x, a, 8);
            std::memcpy(&y, b, 8);
            if (x != y) return false;
        }
        for (; n > 0; --n)
            if (*a++ != *b++) return false;
        return true;
    }

    std::string_view key(const Slot& s) const { return std::string_view(arena).substr(s.off, s.len); }

    Slot* find(std::string_view k, std::size_t h) {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& s = slots[i];
            if (s.len == 0) return nullptr;
            if (s.hash == static_cast<uint32_t>(h >> 32) && s.len == k.size() &&
                same(k.data(), arena.data() + s.off, k.size()))
                return &s;
        }
    }

    // Add @p f to the frequency of arena[off, off+len), inserting it if new.
    void insert(uint32_t off, uint32_t len, float f) {
        if ((used + 1) * 4 > slots.size() * 3) grow();  // load factor at most 3/4
        const std::string_view k = std::string_view(arena).substr(off, len);
        const std::size_t h = hash(k);
        if (Slot* s = find(k, h)) {
            s->logp += f;
            return;
        }
        place({off, len, static_cast<uint32_t>(h >> 32), f}, h);
        ++used;
    }

    void place(const Slot& slot, std::size_t h) {
        const std::size_t mask = slots.size() - 1;
        std::size_t i = h & mask;
        while (slots[i].len) i = (i + 1) & mask;
        slots[i] = slot;
    }

    void grow() {
        std::vector<Slot> old = std::move(slots);
        slots.assign(old.size() * 2, Slot{});
        for (const Slot& s : old)
            if (s.len) place(s, hash(key(s)));
    }

    // The word and frequency of the line at @p at; false if it is no
    // all-Han word with a positive frequency.
    bool parse(uint32_t at, std::string_view& word, double& f) const {
        std::string_view line = std::string_view(data).substr(at);
        line = line.substr(0, line.find('\n'));
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

    bool load(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return false;
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        lines.assign(0x10000, {});
        built.assign(0x10000, 0);
        single.assign(0x10000, NAN);
        slots.assign(1 << 16, Slot{});
        double total = 0;
        for (std::size_t at = 0; at < data.size();) {
            std::size_t eol = data.find('\n', at);
            if (eol == std::string::npos) eol = data.size();
            std::string_view word;
            double f = 0;
            if (parse(static_cast<uint32_t>(at), word, f)) {
                const auto* p = reinterpret_cast<const uint8_t*>(word.data());
                int32_t i = 0;
                UChar32 c;
                U8_NEXT_UNSAFE(p, i, c);
                const char32_t first = fold_han_variant(static_cast<char32_t>(c));
                if (first < 0x10000) {
                    lines[first].push_back(static_cast<uint32_t>(at));
                    total += f;
                    ++words;
                }
            }
            at = eol + 1;
        }
        if (words == 0) return false;
        log_total = std::log(total);
        return true;
    }

    // Put the words that start with @p first into the table.
    void build(char32_t first) {
        built[first] = 1;
        std::vector<std::pair<uint32_t, uint32_t>> added;
        for (uint32_t at : lines[first]) {
            std::string_view word;
            double f = 0;
            if (!parse(at, word, f)) continue;
            // Fold Han variants so that traditional and Japanese forms in
            // the text find the (simplified) dictionary words.
            const uint32_t off = static_cast<uint32_t>(arena.size());
            const auto* p = reinterpret_cast<const uint8_t*>(word.data());
            const int32_t n = static_cast<int32_t>(word.size());
            for (int32_t i = 0; i < n;) {
                UChar32 c;
                U8_NEXT_UNSAFE(p, i, c);
                const char32_t folded = fold_han_variant(static_cast<char32_t>(c));
                char buf[4];
                int32_t k = 0;
                U8_APPEND_UNSAFE(buf, k, folded);
                arena.append(buf, k);
                const uint32_t len = static_cast<uint32_t>(arena.size()) - off;
                const bool whole = i >= n;
                insert(off, len, whole ? static_cast<float>(f) : 0.0f);
                added.emplace_back(off, len);
            }
        }
        // Every key starting with this character came from its lines: the
        // frequencies are final, turn them into log probabilities.
        for (auto [off, len] : added) {
            const std::string_view k = std::string_view(arena).substr(off, len);
            Slot* s = find(k, hash(k));
            if (!s || s->off != off) continue;  // converted through its first copy
            s->logp = s->logp > 0 ? static_cast<float>(std::log(s->logp) - log_total) : -INFINITY;
            if (len == 3 && first < 0x10000) single[first] = s->logp;
        }
        if (std::isnan(single[first])) single[first] = -INFINITY;  // only longer words start here
    }
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

void ZhDict::split(std::string_view run, std::vector<int32_t>& cuts) {
    // Byte offset of every character, and one past the end.
    std::vector<int32_t>& at = impl_->at;
    at.clear();
    const auto* p = reinterpret_cast<const uint8_t*>(run.data());
    const int32_t n = static_cast<int32_t>(run.size());
    for (int32_t i = 0; i < n;) {
        at.push_back(i);
        U8_FWD_1_UNSAFE(p, i);
    }
    const std::size_t chars = at.size();
    at.push_back(n);
    // route[i]: best log probability of run[i..] and where its first word ends.
    std::vector<double>& best = impl_->best;
    std::vector<uint32_t>& next = impl_->next;
    best.assign(chars + 1, 0.0);
    next.assign(chars + 1, 0);
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
                if (!impl_->built[c]) {
                    if (impl_->lines[c].empty()) break;  // no word starts here
                    impl_->build(static_cast<char32_t>(c));
                }
                logp = impl_->single[c];
            } else {
                const Impl::Slot* w = impl_->find(run.substr(at[i], at[j] - at[i]), Impl::finish(h));
                if (!w) break;  // no word goes on
                logp = w->logp;
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
