// Fuzz target: HTML and plain-text extraction (extract.hpp). Valid UTF-8 in,
// valid UTF-8 text and title out, whatever the markup looks like.
#include "fuzz.hpp"
#include "hanidx/extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    const std::string text = fuzz::utf8(data, size);
    for (Format f : {Format::Auto, Format::Html}) {
        Extracted e = extract(text, f);
        fuzz::require(fuzz::valid_utf8(e.text), "extract() text is not valid UTF-8");
        fuzz::require(fuzz::valid_utf8(e.title), "extract() title is not valid UTF-8");
        fuzz::require(fuzz::valid_utf8(e.date), "extract() date is not valid UTF-8");
    }
    return 0;
}
