// Libraries loaded on first use; see dynlib.hpp.
#include "dynlib.hpp"

#include <map>
#include <mutex>

namespace hanidx::detail {

void* load_library(const char* soname, std::string* error) {
    static std::mutex lock;
    static std::map<std::string, std::pair<void*, std::string>> loaded;  // soname -> handle, dlerror()
    std::lock_guard<std::mutex> hold(lock);
    auto it = loaded.find(soname);
    if (it == loaded.end()) {
        // RTLD_LOCAL: the library's symbols serve only the calls made through it.
        void* h = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        const char* why = h ? nullptr : ::dlerror();
        it = loaded.emplace(soname, std::make_pair(h, std::string(why ? why : ""))).first;
    }
    if (!it->second.first && error) *error = it->second.second;
    return it->second.first;
}

}  // namespace hanidx::detail
