// Term positions of a document as one compressed string; see positions.hpp.
//
// The string, before compression, has one item per position from 1 on:
//   - a Han/kana character (a unigram, alone at its position): the character
//     itself, so that a run of text is stored as the run;
//   - anything else (a word; a glued token and its first part): '\x1d', the
//     terms separated by '\x1f', then '\x1e';
//   - a position without a term: '\x1e'.
// A phrase of Han/kana characters is then a plain substring of it.
#include "positions.hpp"

#include <unicode/utf8.h>
#include <zstd.h>

#include <memory>

#include <algorithm>
#include <cstring>

namespace hanidx::detail {

namespace {

constexpr char word_start = '\x1d';
constexpr char end_of_item = '\x1e';
constexpr char alternative = '\x1f';
constexpr char format_v1 = 'Z';  // first byte of a blob; a zstd frame (with its content size) follows

// A unigram: one Han/kana character, never ASCII.
bool one_character(std::string_view t) {
    if (t.empty() || static_cast<unsigned char>(t[0]) < 0xC0) return false;
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(t.data());
    U8_FWD_1(s, i, static_cast<int32_t>(t.size()));
    return static_cast<std::size_t>(i) == t.size();
}

}  // namespace

std::string encode_positions(std::vector<std::pair<uint32_t, std::string>> entries) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::erase_if(entries, [](const auto& e) { return e.first == 0 || e.second.empty(); });
    std::string plain;
    uint32_t next = 1;  // the position the next item stands for
    for (std::size_t i = 0; i < entries.size();) {
        const uint32_t pos = entries[i].first;
        std::size_t j = i + 1;
        while (j < entries.size() && entries[j].first == pos) ++j;
        for (; next < pos; ++next) plain += end_of_item;
        if (j == i + 1 && one_character(entries[i].second)) {
            plain += entries[i].second;
        } else {
            plain += word_start;
            for (std::size_t k = i; k < j; ++k) {
                if (k > i) plain += alternative;
                plain += entries[k].second;
            }
            plain += end_of_item;
        }
        ++next;
        i = j;
    }
    // zstd level 1: 28.0 MB of strings on the benchmark corpus (LZ4: 36.4 MB,
    // which kept the index above Groonga's size); a check decompresses one
    // in ~5 us (LZ4: 0.8 us). Contexts are reused: making one costs more.
    thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
    std::string out(1 + ZSTD_compressBound(plain.size()), '\0');
    out[0] = format_v1;
    const std::size_t n = ZSTD_compressCCtx(cctx.get(), out.data() + 1, out.size() - 1, plain.data(), plain.size(), 1);
    if (ZSTD_isError(n)) return {};
    out.resize(1 + n);
    return out;
}

bool Positions::load(std::string_view blob) {
    text_.clear();
    starts_.clear();
    if (blob.size() < 2 || blob[0] != format_v1) return false;
    thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
    const unsigned long long plain = ZSTD_getFrameContentSize(blob.data() + 1, blob.size() - 1);
    if (plain == ZSTD_CONTENTSIZE_UNKNOWN || plain == ZSTD_CONTENTSIZE_ERROR || plain > (1u << 30)) return false;
    text_.resize(plain);
    const std::size_t n = ZSTD_decompressDCtx(dctx.get(), text_.data(), text_.size(), blob.data() + 1, blob.size() - 1);
    if (ZSTD_isError(n) || n != plain) {
        text_.clear();
        return false;
    }
    return true;
}

void Positions::index() const {
    if (!starts_.empty() || text_.empty()) return;
    starts_.reserve(text_.size() / 3 + 2);
    const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
    const int32_t n = static_cast<int32_t>(text_.size());
    for (int32_t i = 0; i < n;) {
        starts_.push_back(static_cast<uint32_t>(i));
        if (text_[i] == word_start) {
            const void* e = std::memchr(text_.data() + i, end_of_item, n - i);
            i = e ? static_cast<int32_t>(static_cast<const char*>(e) - text_.data()) + 1 : n;
        } else if (text_[i] == end_of_item) {
            ++i;
        } else {
            U8_FWD_1(s, i, n);
        }
    }
    starts_.push_back(static_cast<uint32_t>(n));
}

uint32_t Positions::size() const {
    index();
    return starts_.empty() ? 0 : static_cast<uint32_t>(starts_.size() - 1);
}

bool Positions::has(uint32_t pos, std::string_view term) const {
    if (pos == 0 || pos >= starts_.size()) return false;
    std::string_view item(text_.data() + starts_[pos - 1], starts_[pos] - starts_[pos - 1]);
    if (item[0] != word_start) return item == term;  // a character, or '\x1e' (never a term)
    item = item.substr(1, item.size() - 2);
    for (;;) {
        const std::size_t cut = item.find(alternative);
        if (item.substr(0, cut) == term) return true;
        if (cut == std::string_view::npos) return false;
        item.remove_prefix(cut + 1);
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
    if (phrase.terms.empty() || text_.empty()) return false;
    if (phrase.exact && !phrase.run.empty()) {
        // Characters only: a substring of the text, not inside a word item.
        for (std::size_t at = text_.find(phrase.run); at != std::string::npos;
             at = text_.find(phrase.run, at + 1)) {
            std::size_t b = at;
            while (b > 0 && text_[b - 1] != end_of_item && text_[b - 1] != word_start) --b;
            if (b == 0 || text_[b - 1] == end_of_item) return true;
        }
        return false;
    }
    index();
    for (uint32_t p = 1; p < starts_.size(); ++p)
        if (at(phrase, p)) return true;
    return false;
}

bool Positions::at(const PhraseCheck& phrase, uint32_t p) const {
    if (!occurs(phrase.terms.front(), p)) return false;
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
    return all;
}

std::vector<uint32_t> Positions::starts(const PhraseCheck& phrase) const {
    std::vector<uint32_t> out;
    if (phrase.terms.empty() || text_.empty()) return out;
    index();
    if (phrase.exact && !phrase.run.empty()) {
        // Characters only: where the run occurs as a substring outside word items.
        for (std::size_t at = text_.find(phrase.run); at != std::string::npos; at = text_.find(phrase.run, at + 1)) {
            auto it = std::lower_bound(starts_.begin(), starts_.end(), static_cast<uint32_t>(at));
            if (it == starts_.end() || *it != at) continue;  // inside a character or a word item
            if (text_[at] == word_start || text_[at] == end_of_item) continue;
            out.push_back(static_cast<uint32_t>(it - starts_.begin()) + 1);
        }
        return out;
    }
    for (uint32_t p = 1; p < starts_.size(); ++p)
        if (at(phrase, p)) out.push_back(p);
    return out;
}

uint32_t Positions::length(const PhraseCheck& phrase) {
    if (phrase.terms.empty()) return 0;
    if (!phrase.exact) return std::max<uint32_t>(phrase.window, 1);
    const PhraseTerm& last = phrase.terms.back();
    return last.rel + (last.bigram ? 2 : 1);
}

bool Positions::contains(const NearCheck& near) const {
    if (near.parts.empty()) return false;
    if (near.parts.size() == 1) return contains(near.parts[0]);
    std::vector<std::vector<uint32_t>> at;
    std::vector<uint32_t> len;
    uint32_t total = near.distance;
    for (const PhraseCheck& p : near.parts) {
        at.push_back(starts(p));
        if (at.back().empty()) return false;
        len.push_back(length(p));
        total += len.back();
    }
    // Each occurrence in turn as the first of the window: every other part's
    // first occurrence at or after it ends the window earliest.
    for (std::size_t i = 0; i < at.size(); ++i)
        for (uint32_t first : at[i]) {
            uint32_t end = first + len[i];
            bool all = true;
            for (std::size_t j = 0; all && j < at.size(); ++j) {
                if (j == i) continue;
                auto it = std::lower_bound(at[j].begin(), at[j].end(), first);
                all = it != at[j].end();
                if (all) end = std::max(end, *it + len[j]);
            }
            if (all && end - first <= total) return true;
        }
    return false;
}

std::string PhraseCheck::characters(const std::vector<PhraseTerm>& terms) {
    // Consecutive positions 0..n-1, each a character: the run they spell.
    std::string run;
    uint32_t next = 0;
    for (const PhraseTerm& t : terms) {
        const std::string_view text(t.text);
        if (t.rel > next) return {};
        int32_t i = 0;
        const auto* s = reinterpret_cast<const uint8_t*>(text.data());
        U8_FWD_1(s, i, static_cast<int32_t>(text.size()));
        if (t.bigram) {
            if (t.rel == next) run.append(text.substr(0, i));
            else if (t.rel + 1 != next) return {};
            run.append(text.substr(i));
            next = t.rel + 2;
        } else {
            if (!one_character(text) || t.rel != next) return {};
            run.append(text);
            next = t.rel + 1;
        }
    }
    return run;
}

}  // namespace hanidx::detail
