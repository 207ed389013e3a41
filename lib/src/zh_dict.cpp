// Chinese word segmentation by a word-frequency dictionary; see zh_dict.hpp.
#include "zh_dict.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

// The table generated from jieba's dictionary at build time
// (lib/CMakeLists.txt), embedded as read-only data: .incbin includes the file
// as it is, where a C++ array literal of megabytes would take g++ minutes.
#ifdef HANIDX_ZH_TABLE
asm(".section .rodata.hanidx_zh_table,\"a\"\n"
    ".balign 16\n"
    ".hidden hanidx_zh_table_begin\n"
    ".hidden hanidx_zh_table_end\n"
    "hanidx_zh_table_begin:\n"
    ".incbin \"" HANIDX_ZH_TABLE "\"\n"
    "hanidx_zh_table_end:\n"
    ".previous\n");
extern "C" const char hanidx_zh_table_begin[];
extern "C" const char hanidx_zh_table_end[];
#endif

namespace hanidx::detail {

namespace {

std::string_view embedded_table() {
#ifdef HANIDX_ZH_TABLE
    return std::string_view(hanidx_zh_table_begin, static_cast<std::size_t>(hanidx_zh_table_end - hanidx_zh_table_begin));
#else
    return {};
#endif
}

}  // namespace

struct ZhDict::Impl {
    std::string own;  // the table when built at run time ($HANIDX_ZH_DICT)
    uint32_t nodes = 0;
    uint32_t words = 0;
    double log_total = 0;
    const uint32_t* root = nullptr;
    const uint32_t* first = nullptr;
    const uint32_t* cp = nullptr;
    const float* logp = nullptr;
    const uint32_t* icu = nullptr;
    std::vector<int32_t> at;  // scratch for split()
    std::vector<double> best;
    std::vector<uint32_t> next;

    // Point into @p t; false unless it is a whole table.
    bool attach(std::string_view t) {
        if (t.size() < ZhTable::header_size || reinterpret_cast<uintptr_t>(t.data()) % 8) return false;
        uint32_t head[4];
        std::memcpy(head, t.data(), sizeof head);
        if (head[0] != ZhTable::magic) return false;
        nodes = head[1];
        words = head[2];
        std::memcpy(&log_total, t.data() + 16, sizeof log_total);
        if (t.size() != ZhTable::header_size + 4 * (std::size_t{ZhTable::root_size} + 4 * std::size_t{nodes} + 1))
            return false;
        root = reinterpret_cast<const uint32_t*>(t.data() + ZhTable::header_size);
        first = root + ZhTable::root_size;
        cp = first + nodes + 1;
        logp = reinterpret_cast<const float*>(cp + nodes);
        icu = reinterpret_cast<const uint32_t*>(logp + nodes);
        return words > 0;
    }

    // The child of @p node reached by @p c, or 0.
    uint32_t child(uint32_t node, uint32_t c) const {
        if (node == 0) return c < ZhTable::root_size ? root[c] : 0;
        const uint32_t* b = cp + first[node];
        const uint32_t* e = cp + first[node + 1];
        const uint32_t* it = std::lower_bound(b, e, c);
        return it != e && *it == c ? static_cast<uint32_t>(it - cp) : 0;
    }
};

std::unique_ptr<ZhDict> ZhDict::open() {
    auto impl = std::make_unique<Impl>();
    if (const char* env = std::getenv("HANIDX_ZH_DICT"); env && *env) {
        std::ifstream in(env, std::ios::binary);
        if (!in) return nullptr;
        impl->own = build_zh_table(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
        if (!impl->attach(impl->own)) return nullptr;
    } else if (!impl->attach(embedded_table())) {
        return nullptr;
    }
    return std::unique_ptr<ZhDict>(new ZhDict(std::move(impl)));
}

ZhDict::ZhDict(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZhDict::~ZhDict() = default;

std::size_t ZhDict::size() const { return impl_->words; }

bool ZhDict::icu_breaks(std::string_view word, uint32_t& mask) const {
    const Impl& d = *impl_;
    const auto* p = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t n = static_cast<int32_t>(word.size());
    uint32_t node = 0;
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT_UNSAFE(p, i, c);
        node = d.child(node, static_cast<uint32_t>(c));
        if (node == 0) return false;
    }
    if (node == 0 || d.icu[node] == ZhTable::no_breaks_known) return false;
    mask = d.icu[node];
    return true;
}

void ZhDict::split(std::string_view run, std::vector<int32_t>& cuts) {
    const Impl& d = *impl_;
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
    const double unknown = -d.log_total;  // log(1 / total): a character no word has
    for (std::size_t i = chars; i-- > 0;) {
        double top = -INFINITY;
        uint32_t top_end = static_cast<uint32_t>(i + 1);
        bool any = false;
        uint32_t node = 0;
        for (std::size_t j = i + 1; j <= chars; ++j) {
            int32_t k = at[j - 1];
            UChar32 c;
            U8_NEXT_UNSAFE(p, k, c);
            node = d.child(node, static_cast<uint32_t>(c));
            if (node == 0) break;  // no word goes on
            const float logp = d.logp[node];
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
