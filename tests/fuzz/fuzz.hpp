// Helpers shared by the libFuzzer targets: invariant checks that abort with
// a message (libFuzzer then saves the input as a crash artifact).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hanidx/decode.hpp"

namespace hanidx::fuzz {

/// Abort with @p what when @p ok is false.
inline void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

/// The fuzzer's bytes as a string_view.
inline std::string_view bytes(const uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// True when @p s is well-formed UTF-8.
inline bool valid_utf8(std::string_view s) {
    std::string repaired;
    return repair_utf8(s, repaired) == 0 && repaired == s;
}

/// The fuzzer's bytes made valid UTF-8 (ill-formed sequences become U+FFFD),
/// for stages whose contract starts at UTF-8 text.
inline std::string utf8(const uint8_t* data, std::size_t size) {
    std::string out;
    repair_utf8(bytes(data, size), out);
    return out;
}

/// True when @p offset is a character boundary in UTF-8 @p s.
inline bool boundary(std::string_view s, std::size_t offset) {
    return offset == s.size() || (offset < s.size() && (static_cast<unsigned char>(s[offset]) & 0xC0) != 0x80);
}

}  // namespace hanidx::fuzz
