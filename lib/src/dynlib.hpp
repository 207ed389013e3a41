// Libraries loaded on first use (private). A search process never parses
// HTML and seldom segments Japanese; linking libxml2 (with liblzma) and
// MeCab made every process map them and resolve ~1,100 of their symbols at
// start-up, a third of the dynamic linker's work.
#pragma once

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace hanidx::detail {

/** The library with soname @p soname, loaded on the first call and kept for
 *  the life of the process (thread-safe); nullptr if it cannot be loaded,
 *  with the reason in @p error when given.
 */
void* load_library(const char* soname, std::string* error = nullptr);

/// Symbol @p name of @p lib, cast to @p F; throws std::runtime_error if missing.
template <class F>
F library_symbol(void* lib, const char* soname, const char* name) {
    void* p = ::dlsym(lib, name);
    if (!p) throw std::runtime_error(std::string(soname) + ": no symbol " + name);
    return reinterpret_cast<F>(p);
}

}  // namespace hanidx::detail
