// Versions of hanidx and of what it is built from (hanidx/version.hpp).
//
// Xapian's header is included here as well as in index and search: it is the
// one way to ask the linked library its version.
#include "hanidx/version.hpp"

#include <unicode/uversion.h>
#include <xapian.h>

#include "schema.hpp"

// Debian package versions, passed in by lib/CMakeLists.txt (dpkg-query at
// configure time); empty where a package was not installed.
#ifndef HANIDX_PKG_MECAB
#define HANIDX_PKG_MECAB ""
#endif
#ifndef HANIDX_PKG_IPADIC
#define HANIDX_PKG_IPADIC ""
#endif
#ifndef HANIDX_PKG_JIEBA
#define HANIDX_PKG_JIEBA ""
#endif
#ifndef HANIDX_PKG_OPENCC
#define HANIDX_PKG_OPENCC ""
#endif
#ifndef HANIDX_VERSION
#define HANIDX_VERSION "0.0.0"
#endif

namespace hanidx {

const char* version() { return HANIDX_VERSION; }

const char* index_format() { return schema::schema_version; }

std::vector<Component> components() {
    std::vector<Component> c;
    c.push_back({"Xapian", Xapian::version_string(), "index and search"});
#ifdef HANIDX_STATIC_ICU_BUILD
    c.push_back({"ICU", U_ICU_VERSION, "linked statically"});
#else
    c.push_back({"ICU", U_ICU_VERSION, ""});
#endif
#ifdef HANIDX_HAVE_MECAB
    c.push_back({"MeCab", HANIDX_PKG_MECAB, "Japanese words"});
    c.push_back({"IPADIC", HANIDX_PKG_IPADIC, "MeCab's dictionary, read from /var/lib/mecab/dic/ipadic-utf8"});
#else
    c.push_back({"MeCab", "", "not built in: Japanese is segmented with ICU"});
#endif
    c.push_back({"jieba dictionary", HANIDX_PKG_JIEBA, "Chinese words, embedded"});
    c.push_back({"OpenCC tables", HANIDX_PKG_OPENCC, "Han variant folding, embedded"});
    return c;
}

}  // namespace hanidx
