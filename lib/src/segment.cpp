// Stage 5: word segmentation with ICU's dictionary-based word break iterator.
#include "hanidx/segment.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace hanidx {

const char* script_name(Script s) {
    switch (s) {
        case Script::Latin: return "latin";
        case Script::Number: return "number";
        case Script::Han: return "han";
        case Script::Kana: return "kana";
        case Script::Other: break;
    }
    return "other";
}

namespace {

bool is_kana(UChar32 c) {
    // U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK is script Common but kana by use.
    if (c == 0x30FC) return true;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    return sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA;
}

bool is_han(UChar32 c) {
    // U+3005 IDEOGRAPHIC ITERATION MARK and U+3007 IDEOGRAPHIC NUMBER ZERO
    // behave as Han characters in words (人々, 〇〇).
    if (c == 0x3005 || c == 0x3007) return true;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_HAN;
}

// Classify a word: any Han makes it Han; else any kana makes it Kana; else
// letters make it Latin, digits only Number.
Script classify(const uint8_t* s, int32_t begin, int32_t end, bool& any_word_char) {
    bool han = false, kana = false, letter = false, digit = false;
    for (int32_t i = begin; i < end;) {
        UChar32 c;
        U8_NEXT(s, i, end, c);
        if (c < 0) continue;
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') letter = true;
            else if (c >= '0' && c <= '9') digit = true;
            continue;
        }
        if (is_han(c)) han = true;
        else if (is_kana(c)) kana = true;
        else if (u_isalpha(c)) letter = true;
        else if (u_isdigit(c)) digit = true;
    }
    any_word_char = han || kana || letter || digit;
    if (han) return Script::Han;
    if (kana) return Script::Kana;
    if (letter) return Script::Latin;
    if (digit) return Script::Number;
    return Script::Other;
}

}  // namespace

struct Segmenter::Impl {
    std::unique_ptr<icu::BreakIterator> words;
    UText* text = nullptr;
    ~Impl() { utext_close(text); }
};

Segmenter::Segmenter(const SegmenterOptions& /*options*/) : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break data is missing");
}

Segmenter::~Segmenter() = default;

void Segmenter::segment(const Normalized& text, Lang /*lang*/, std::vector<Token>& out, uint32_t base) {
    const std::string& s = text.text;
    if (s.empty()) return;
    UErrorCode status = U_ZERO_ERROR;
    impl_->text = utext_openUTF8(impl_->text, s.data(), static_cast<int64_t>(s.size()), &status);
    if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
    icu::BreakIterator& bi = *impl_->words;
    bi.setText(impl_->text, status);
    if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));

    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t start = bi.first();
    int32_t prev_end = -1;
    for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; start = end, end = bi.next()) {
        bool word = false;
        Script script = classify(p, start, end, word);
        if (!word) continue;
        Token t;
        t.text.assign(s, start, end - start);
        t.begin = base + static_cast<uint32_t>(text.source_begin(start));
        t.end = base + static_cast<uint32_t>(text.source_end(end));
        t.script = script;
        t.glued = prev_end == start;
        out.push_back(std::move(t));
        prev_end = end;
    }
}

}  // namespace hanidx
