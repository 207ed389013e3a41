// Fuzz target: encoding detection and decoding (decode.hpp). Any bytes must
// decode to well-formed UTF-8 without throwing, detected or forced.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    auto in = fuzz::bytes(data, size);
    Decoded d = decode(in);
    fuzz::require(fuzz::valid_utf8(d.text), "decode() output is not valid UTF-8");
    fuzz::require(!d.encoding.empty(), "decode() reports no encoding");
    fuzz::require(d.confidence >= 0.0 && d.confidence <= 1.0, "confidence outside 0..1");

    // The first byte picks an encoding to force, the rest is decoded with it.
    static const char* const forced[] = {"UTF-8",     "UTF-16LE", "UTF-16BE", "GB18030", "Big5",
                                         "Shift_JIS", "EUC-JP",   "ISO-2022-JP", "windows-1252"};
    if (size > 0) {
        const char* name = forced[data[0] % (sizeof forced / sizeof *forced)];
        Decoded f = decode(in.substr(1), name);
        fuzz::require(fuzz::valid_utf8(f.text), "decode(forced) output is not valid UTF-8");
    }
    return 0;
}
