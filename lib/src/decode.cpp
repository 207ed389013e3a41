// Stage 1: decoding. Issue #3 adds legacy-encoding detection; this file
// handles BOMs, UTF-8 (repaired) and explicit encodings through ICU.
#include "hanidx/decode.hpp"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>

namespace hanidx {

std::size_t repair_utf8(std::string_view bytes, std::string& out) {
    out.clear();
    out.reserve(bytes.size());
    std::size_t invalid = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t n = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < n) {
        // Fast path for runs of ASCII.
        int32_t j = i;
        while (j < n && s[j] < 0x80) ++j;
        out.append(bytes.data() + i, j - i);
        i = j;
        if (i >= n) break;
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
            ++invalid;
        } else {
            out.append(bytes.data() + start, i - start);
        }
    }
    return invalid;
}

namespace {

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

// Convert with an ICU converter, counting substituted sequences through the
// callback context.
Decoded convert_with(std::string_view bytes, const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(name, &status));
    if (U_FAILURE(status)) throw std::invalid_argument(std::string("unknown encoding: ") + name);

    struct Counter {
        std::size_t n = 0;
    } counter;
    auto callback = [](const void* ctx, UConverterToUnicodeArgs* args, const char* codeUnits,
                       int32_t length, UConverterCallbackReason reason, UErrorCode* err) {
        if (reason <= UCNV_IRREGULAR) ++const_cast<Counter*>(static_cast<const Counter*>(ctx))->n;
        UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, codeUnits, length, reason, err);
    };
    ucnv_setToUCallBack(conv.get(), callback, &counter, nullptr, nullptr, &status);

    std::u16string u16(bytes.size() + 1, u'\0');
    const char* src = bytes.data();
    const char* src_end = src + bytes.size();
    std::size_t done = 0;
    for (;;) {
        UChar* dst = reinterpret_cast<UChar*>(u16.data()) + done;
        UChar* dst_end = reinterpret_cast<UChar*>(u16.data()) + u16.size();
        status = U_ZERO_ERROR;
        ucnv_toUnicode(conv.get(), &dst, dst_end, &src, src_end, nullptr, true, &status);
        done = dst - reinterpret_cast<UChar*>(u16.data());
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            u16.resize(u16.size() * 2);
            continue;
        }
        break;
    }
    u16.resize(done);

    Decoded d;
    d.encoding = ucnv_getName(conv.get(), &status);
    d.confidence = 1.0;
    d.invalid = counter.n;
    // UTF-16 -> UTF-8; lone surrogates were already substituted by the converter.
    d.text.reserve(u16.size() * 3 / 2);
    for (std::size_t i = 0; i < u16.size();) {
        UChar32 c;
        U16_NEXT(u16.data(), i, u16.size(), c);
        if (U_IS_SURROGATE(c)) c = 0xFFFD;
        char buf[4];
        int32_t k = 0;
        U8_APPEND_UNSAFE(buf, k, c);
        d.text.append(buf, k);
    }
    return d;
}

}  // namespace

Decoded decode(std::string_view bytes, std::string_view encoding) {
    if (!encoding.empty()) {
        std::string name(encoding);
        auto d = convert_with(bytes, name.c_str());
        if (d.text.starts_with("\xEF\xBB\xBF")) d.text.erase(0, 3);  // U+FEFF BOM
        return d;
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        Decoded d;
        d.invalid = repair_utf8(bytes.substr(3), d.text);
        d.encoding = "UTF-8";
        d.confidence = 1.0;
        return d;
    }
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        auto d = convert_with(bytes.substr(2), bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE");
        return d;
    }
    Decoded d;
    d.invalid = repair_utf8(bytes, d.text);
    d.encoding = "UTF-8";
    d.confidence = d.invalid == 0 ? 1.0 : 0.5;
    return d;
}

}  // namespace hanidx
