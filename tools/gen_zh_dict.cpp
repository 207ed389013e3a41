// gen_zh_dict: build-time generator of the Chinese word table (see
// lib/src/zh_dict.hpp) from jieba's dictionary (Debian python3-jieba).
// Run by lib/CMakeLists.txt:
//   gen_zh_dict DICT.txt OUTPUT.bin
// A DICT.txt that does not exist gives an empty table: hanidx then segments
// Chinese with ICU's dictionary alone. Prints a one-line summary to stderr.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "zh_dict.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: gen_zh_dict DICT.txt OUTPUT.bin\n";
        return 2;
    }
    std::string text;
    if (std::ifstream in(argv[1], std::ios::binary); in) {
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) {
            std::cerr << "gen_zh_dict: " << argv[1] << ": cannot read\n";
            return 2;
        }
    } else {
        std::cerr << "gen_zh_dict: " << argv[1] << ": not found; Chinese is segmented with ICU alone\n";
    }
    const std::string table = hanidx::detail::build_zh_table(text, true);
    const std::string tmp = std::string(argv[2]) + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(table.data(), static_cast<std::streamsize>(table.size()));
        if (!out.flush()) {
            std::cerr << "gen_zh_dict: " << tmp << ": cannot write\n";
            return 2;
        }
    }
    if (std::rename(tmp.c_str(), argv[2]) != 0) {
        std::cerr << "gen_zh_dict: " << argv[2] << ": cannot write\n";
        return 2;
    }
    std::cerr << "gen_zh_dict: " << table.size() << " bytes\n";
    return 0;
}
