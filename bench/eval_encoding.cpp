// Encoding accuracy: chunks of legacy-encoded text must decode to exactly
// their UTF-8 text.
//
// Sources, from DATA_DIR (argv[1]):
//   sighan2005/testing/{pku,msr}_test.txt  GBK/CP936     vs *.utf8
//   sighan2005/testing/as_test.txt         Big5 (CP950)  vs as_test.utf8
//   sighan2005/testing/cityu_test.txt      Big5-HKSCS    vs cityu_test.utf8 (BOM dropped)
//   ud/ja_gsd-dev.raw.txt converted line by line with iconv(3) to SHIFT_JIS,
//   EUC-JP and ISO-2022-JP (lines iconv cannot convert are left out).
// Each file is cut at line ends into chunks of at least N bytes (N = 200,
// 500, 2000, and the whole file). A chunk is right when hanidx::decode() with
// no encoding given returns exactly the UTF-8 text of the same lines.
// For comparison the same chunks go through ICU's charset detector (ucsdet)
// and, when built with it, uchardet, each followed by the same conversion.
#include <iconv.h>
#include <unicode/ucsdet.h>
#ifdef HANIDX_HAVE_UCHARDET
#include <uchardet/uchardet.h>
#endif

#include <ctime>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "hanidx/decode.hpp"

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> lines_of(std::string_view s) {
    std::vector<std::string> lines;
    while (!s.empty()) {
        auto nl = s.find('\n');
        std::size_t len = nl == std::string_view::npos ? s.size() : nl + 1;
        lines.emplace_back(s.substr(0, len));
        s.remove_prefix(len);
    }
    return lines;
}

// A legacy-encoded text and its UTF-8 text, line for line.
struct Source {
    std::string name;  // e.g. "GBK (pku)"
    std::vector<std::string> legacy, utf8;
    bool floor = true;  // one of the sources the floor is about
};

// Convert one line with iconv; false when iconv cannot.
bool iconv_line(const char* to, const std::string& in, std::string& out) {
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv: no ") + to);
    out.assign(in.size() * 4 + 16, '\0');
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    bool ok = iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1) &&
              iconv(cd, nullptr, nullptr, &dst, &dst_left) != static_cast<std::size_t>(-1);
    iconv_close(cd);
    out.resize(out.size() - dst_left);
    return ok;
}

Source sighan(const std::string& data, const std::string& corpus, const std::string& name) {
    const std::string dir = data + "/sighan2005/testing/" + corpus + "_test";
    std::string utf8 = read(dir + ".utf8");
    if (utf8.starts_with("\xEF\xBB\xBF")) utf8.erase(0, 3);
    Source s{name + " (" + corpus + ")", lines_of(read(dir + ".txt")), lines_of(utf8)};
    if (s.legacy.size() != s.utf8.size()) throw std::runtime_error(dir + ": line counts differ");
    return s;
}

// @p text converted line by line with iconv to @p iconv_name.
Source converted(const std::string& text, const char* iconv_name, const std::string& name) {
    Source s{name, {}, {}};
    std::string out;
    for (const std::string& line : lines_of(text)) {
        if (!iconv_line(iconv_name, line, out)) continue;
        s.legacy.push_back(out);
        s.utf8.push_back(line);
    }
    return s;
}

// Every file of news-sample/LANG, one after the other.
std::string news(const std::string& data, const std::string& lang) {
    std::string all;
    for (int i = 0; i < 1000000; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "/%06d.txt", i);
        std::ifstream in(data + "/news-sample/" + lang + name, std::ios::binary);
        if (!in) continue;
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!all.ends_with('\n')) all += '\n';
    }
    return all;
}

// @p s without hiragana and katakana (U+3040..U+30FF, UTF-8 E3 81 80 ..
// E3 83 BF): kana-free Japanese, the hard case for EUC-JP against GBK.
std::string without_kana(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\xE3' && i + 2 < s.size() && (s[i + 1] == '\x81' || s[i + 1] == '\x82' || s[i + 1] == '\x83')) {
            i += 2;
            continue;
        }
        out += s[i];
    }
    return out;
}

struct Chunk {
    std::string legacy, utf8;
};

// Consecutive lines of at least @p min bytes (0: the whole file).
std::vector<Chunk> chunks_of(const Source& s, std::size_t min) {
    std::vector<Chunk> chunks;
    Chunk c;
    for (std::size_t i = 0; i < s.legacy.size(); ++i) {
        c.legacy += s.legacy[i];
        c.utf8 += s.utf8[i];
        if (min && c.legacy.size() >= min) chunks.push_back(std::move(c)), c = {};
    }
    if (!c.legacy.empty()) chunks.push_back(std::move(c));
    return chunks;
}

using Detector = std::function<std::string(const std::string&)>;  // bytes -> UTF-8 text

std::string by_name(const std::string& bytes, const std::string& name) {
    try {
        std::string canon = hanidx::canonical_encoding(name);
        if (canon.empty()) return {};
        return hanidx::decode(bytes, canon).text;
    } catch (const std::exception&) {
        return {};
    }
}

std::string icu_ucsdet(const std::string& bytes) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&status);
    ucsdet_setText(det, bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    const UCharsetMatch* m = ucsdet_detect(det, &status);
    std::string name = m && U_SUCCESS(status) ? ucsdet_getName(m, &status) : "UTF-8";
    ucsdet_close(det);
    return by_name(bytes, name);
}

#ifdef HANIDX_HAVE_UCHARDET
std::string uchardet_detect(const std::string& bytes) {
    uchardet_t ud = uchardet_new();
    uchardet_handle_data(ud, bytes.data(), bytes.size());
    uchardet_data_end(ud);
    std::string name = uchardet_get_charset(ud);
    uchardet_delete(ud);
    if (name.empty() || name == "ASCII") name = "UTF-8";
    return by_name(bytes, name);
}
#endif

struct Tally {
    std::size_t right = 0, total = 0;
    void add(bool ok) { right += ok, ++total; }
    double pct() const { return total ? 100.0 * static_cast<double>(right) / static_cast<double>(total) : 0; }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: eval_encoding DATA_DIR\n");
        return 2;
    }
    const std::string data = argv[1];
    std::vector<Source> sources;
    try {
        sources.push_back(sighan(data, "pku", "GBK"));
        sources.push_back(sighan(data, "msr", "GBK"));
        sources.push_back(sighan(data, "as", "Big5"));
        sources.push_back(sighan(data, "cityu", "Big5-HKSCS"));
        const std::string ja = read(data + "/ud/ja_gsd-dev.raw.txt");
        sources.push_back(converted(ja, "SHIFT_JIS", "Shift_JIS (ja_gsd)"));
        sources.push_back(converted(ja, "EUC-JP", "EUC-JP (ja_gsd)"));
        sources.push_back(converted(ja, "ISO-2022-JP", "ISO-2022-JP (ja_gsd)"));
        // Beyond the floor: the news sample, re-encoded the same way.
        const std::string ja_news = news(data, "ja"), zh_news = news(data, "zh");
        sources.push_back(converted(ja_news, "CP932", "CP932 (news ja)"));
        sources.push_back(converted(ja_news, "EUC-JP", "EUC-JP (news ja)"));
        sources.push_back(converted(without_kana(ja_news), "EUC-JP", "EUC-JP (news ja, no kana)"));
        sources.push_back(converted(zh_news, "GBK", "GBK (news zh)"));
        for (std::size_t i = sources.size() - 4; i < sources.size(); ++i) sources[i].floor = false;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "eval_encoding: %s\n", e.what());
        return 2;
    }

    const std::size_t sizes[] = {80, 200, 500, 2000, 0};
    std::vector<std::pair<std::string, Detector>> detectors = {
        {"hanidx", [](const std::string& b) { return hanidx::decode(b).text; }},
        {"ICU ucsdet", icu_ucsdet},
#ifdef HANIDX_HAVE_UCHARDET
        {"uchardet", uchardet_detect},
#endif
    };

    std::printf("Encoding accuracy: chunks cut at line ends that decode to exactly the UTF-8 text\n");
    bool floor_ok = true;
    for (std::size_t d = 0; d < detectors.size(); ++d) {
        const auto& [dname, detect] = detectors[d];
        std::printf("\n%s\n%-26s", dname.c_str(), "source");
        for (std::size_t size : sizes) {
            if (size) std::printf(" %15s", (">=" + std::to_string(size) + " B").c_str());
            else std::printf(" %15s", "whole file");
        }
        std::printf("\n");
        std::vector<Tally> by_size(std::size(sizes));
        Tally floor_200, floor_all;  // the floor's sources, >= 200 B
        for (const Source& s : sources) {
            std::printf("%-26s", s.name.c_str());
            for (std::size_t k = 0; k < std::size(sizes); ++k) {
                Tally t;
                for (const Chunk& c : chunks_of(s, sizes[k])) t.add(detect(c.legacy) == c.utf8);
                by_size[k].right += t.right, by_size[k].total += t.total;
                if (s.floor && (sizes[k] == 0 || sizes[k] >= 200)) {
                    floor_all.right += t.right, floor_all.total += t.total;
                    if (sizes[k] == 200) floor_200.right += t.right, floor_200.total += t.total;
                }
                char cell[64];
                std::snprintf(cell, sizeof cell, "%.2f%% of %zu", t.pct(), t.total);
                std::printf(" %15s", cell);
            }
            std::printf("\n");
        }
        std::printf("%-26s", "all sources");
        for (const Tally& t : by_size) {
            char cell[64];
            std::snprintf(cell, sizeof cell, "%.2f%% of %zu", t.pct(), t.total);
            std::printf(" %15s", cell);
        }
        std::printf("\n");
        if (d == 0) {
            const bool ok = floor_200.pct() >= 99.5 && floor_all.pct() >= 99.5;
            floor_ok = ok;
            std::printf("floor 99.5%% on SIGHAN + ja_gsd: >=200 B %.2f%%, all sizes >=200 B %.2f%%: %s\n",
                        floor_200.pct(), floor_all.pct(), ok ? "met" : "NOT MET");
        }
    }

    // Throughput of detection + conversion, CPU time of this process (the
    // machine may be shared), on documents of about 5 KB as a nightly batch
    // sees them: the legacy files cut into chunks, and the same text in UTF-8.
    auto throughput = [&](bool legacy) {
        std::vector<std::string> docs;
        for (const Source& s : sources)
            if (s.floor)
                for (const Chunk& c : chunks_of(s, 5000)) docs.push_back(legacy ? c.legacy : c.utf8);
        std::size_t bytes = 0;
        const std::clock_t t0 = std::clock();
        for (int rep = 0; rep < 3; ++rep)
            for (const std::string& d : docs) bytes += d.size(), (void)hanidx::decode(d);
        const double secs = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
        return bytes / 1e6 / secs;
    };
    std::printf("\ndecode throughput (detect + convert, 5 KB documents, CPU time): legacy %.0f MB/s, UTF-8 %.0f MB/s\n",
                throughput(true), throughput(false));
    return floor_ok ? 0 : 1;
}
