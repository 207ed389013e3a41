// Throughput of the text pipeline (decode + extract + language + normalize +
// segment: Analyzer::analyze on file bytes, the path `hanidx index` takes) on
// one core, over the SIGHAN 2005 raw test text, cut at line ends into
// documents of about 4 KB (a news article). CPU time of this process, so that
// other work on the machine counts less. Also the one-off cost of loading the
// Chinese dictionary and MeCab, which the first Chinese or Japanese paragraph
// pays.
//
// Usage: eval_throughput DATA_DIR
// Exit status: 0 when the floor (10 MB/s for UTF-8 input) holds, 1 otherwise,
// 2 on missing data.
#include <time.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "hanidx/analyze.hpp"

using namespace hanidx;

namespace {

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Cut @p text into pieces of about @p size bytes, at line ends.
std::vector<std::string> documents(const std::string& text, std::size_t size) {
    std::vector<std::string> docs;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = std::min(text.size(), at + size);
        if (end < text.size()) {
            std::size_t nl = text.find('\n', end);
            end = nl == std::string::npos ? text.size() : nl + 1;
        }
        docs.push_back(text.substr(at, end - at));
        at = end;
    }
    return docs;
}

// MB/s of Analyzer::analyze over @p docs, best of @p rounds.
double throughput(Analyzer& analyzer, const std::vector<std::string>& docs, int rounds, std::size_t& tokens) {
    std::size_t bytes = 0;
    for (const auto& d : docs) bytes += d.size();
    double best = 1e300;
    for (int r = 0; r < rounds; ++r) {
        tokens = 0;
        const double t0 = cpu_seconds();
        for (const auto& d : docs) tokens += analyzer.analyze(d).tokens.size();
        best = std::min(best, cpu_seconds() - t0);
    }
    return static_cast<double>(bytes) / 1e6 / best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: eval_throughput DATA_DIR\n");
        return 2;
    }
    const std::string dir = std::string(argv[1]) + "/sighan2005/testing/";
    const char* names[] = {"pku_test", "msr_test", "as_test", "cityu_test"};
    std::vector<std::string> utf8, legacy;
    try {
        for (const char* n : names) {
            for (auto& d : documents(read(dir + n + ".utf8"), 4096)) utf8.push_back(std::move(d));
            for (auto& d : documents(read(dir + n + ".txt"), 4096)) legacy.push_back(std::move(d));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "eval_throughput: %s\n", e.what());
        return 2;
    }
    std::size_t utf8_bytes = 0, legacy_bytes = 0;
    for (const auto& d : utf8) utf8_bytes += d.size();
    for (const auto& d : legacy) legacy_bytes += d.size();

    Analyzer analyzer;
    // One-off loads, paid by the first Chinese and the first Japanese paragraph.
    double t0 = cpu_seconds();
    analyzer.tokenize("人民医院", Lang::ZhHans);
    const double zh_load = cpu_seconds() - t0;
    t0 = cpu_seconds();
    analyzer.tokenize("病院に行きました", Lang::Ja);
    const double ja_load = cpu_seconds() - t0;

    std::size_t tokens = 0;
    const double mbs = throughput(analyzer, utf8, 3, tokens);
    std::size_t legacy_tokens = 0;
    const double legacy_mbs = throughput(analyzer, legacy, 3, legacy_tokens);
    const double floor = 10.0;
    std::printf("pipeline throughput, one core (CPU time), decode + extract + language + normalize + segment:\n");
    std::printf("  UTF-8:             %6.1f MB/s  (%zu documents, %.2f MB, %zu tokens)  floor %.0f MB/s  %s\n",
                mbs, utf8.size(), utf8_bytes / 1e6, tokens, floor, mbs >= floor ? "ok" : "BELOW FLOOR");
    std::printf("  GBK/Big5 (legacy): %6.1f MB/s  (%zu documents, %.2f MB, %zu tokens)  info\n", legacy_mbs,
                legacy.size(), legacy_bytes / 1e6, legacy_tokens);
    std::printf("one-off loads: Chinese dictionary %.0f ms, MeCab %.0f ms (CPU)\n", zh_load * 1e3, ja_load * 1e3);
    return mbs >= floor ? 0 : 1;
}
