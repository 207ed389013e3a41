// Word segmentation F1 on the gold sets in ../shared/data, scored as the
// SIGHAN 2005 `score` script does: a word counts as right when its span of
// characters (whitespace removed) is exactly a gold word's span; precision and
// recall over word spans, F1 their harmonic mean.
//
// Usage: eval_segment DATA_DIR [--icu] [--dump DIR]
//   --icu       ICU's word break and the rules only: no Chinese dictionary, no MeCab
//   --dump DIR  also write each set's output (words separated by spaces) to
//               DIR/NAME.txt, for a look at the errors.
// Exit status: 0 when every floor holds, 1 otherwise, 2 on missing data.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hanidx/analyze.hpp"

using namespace hanidx;

namespace {

struct Set {
    const char* name;
    const char* raw;   // one sentence per line
    const char* gold;  // the same sentences, words separated by whitespace
    Lang lang;
    double floor;      // 0: information only
};

const Set sets[] = {
    {"pku", "sighan2005/testing/pku_test.utf8", "sighan2005/gold/pku_test_gold.utf8", Lang::ZhHans, 0.83},
    {"msr", "sighan2005/testing/msr_test.utf8", "sighan2005/gold/msr_test_gold.utf8", Lang::ZhHans, 0.83},
    {"cityu", "sighan2005/testing/cityu_test.utf8", "sighan2005/gold/cityu_test_gold.utf8", Lang::ZhHant, 0.80},
    {"as", "sighan2005/testing/as_test.utf8", "sighan2005/gold/as_testing_gold.utf8", Lang::ZhHant, 0.0},
    {"ud-zh", "ud/zh_gsdsimp-dev.raw.txt", "ud/zh_gsdsimp-dev.seg.txt", Lang::ZhHans, 0.83},
    {"ud-ja", "ud/ja_gsd-dev.raw.txt", "ud/ja_gsd-dev.seg.txt", Lang::Ja, 0.93},
};

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lines.empty() && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        lines.push_back(std::move(line));
    }
    return lines;
}

// Length of the UTF-8 sequence that starts with byte @p b.
std::size_t u8len(unsigned char b) { return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

// ASCII space, tab, U+3000 IDEOGRAPHIC SPACE (the AS gold separator), U+00A0.
std::size_t space_at(std::string_view s, std::size_t i) {
    if (s[i] == ' ' || s[i] == '\t') return 1;
    if (s.substr(i, 3) == "\xE3\x80\x80") return 3;
    if (s.substr(i, 2) == "\xC2\xA0") return 2;
    return 0;
}

using Spans = std::set<std::pair<uint32_t, uint32_t>>;

// Gold words as spans of non-space characters.
Spans gold_spans(std::string_view line, std::string& chars) {
    Spans spans;
    uint32_t n = 0, start = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < line.size();) {
        if (std::size_t sp = space_at(line, i)) {
            if (in_word) spans.insert({start, n});
            in_word = false;
            i += sp;
            continue;
        }
        if (!in_word) start = n, in_word = true;
        std::size_t l = u8len(static_cast<unsigned char>(line[i]));
        chars.append(line.substr(i, l));
        i += l;
        ++n;
    }
    if (in_word) spans.insert({start, n});
    return spans;
}

// Our words as spans of non-space characters. Characters no token covers
// (other than spaces) become one word per run, so the result is a full
// segmentation of the line, as the score script expects.
Spans test_spans(std::string_view line, const std::vector<Token>& tokens, std::string& chars,
                 std::string& words) {
    // Character index (spaces skipped) of every byte offset.
    std::vector<int32_t> index(line.size() + 1, -1);
    std::vector<bool> space(line.size() + 1, false);
    uint32_t n = 0;
    for (std::size_t i = 0; i < line.size();) {
        std::size_t sp = space_at(line, i);
        std::size_t l = sp ? sp : u8len(static_cast<unsigned char>(line[i]));
        index[i] = static_cast<int32_t>(n);
        space[i] = sp != 0;
        if (!sp) {
            chars.append(line.substr(i, l));
            ++n;
        }
        i += l;
    }
    index[line.size()] = static_cast<int32_t>(n);
    // Boundaries: token edges and spaces.
    std::vector<bool> cut(line.size() + 1, false);
    std::vector<bool> covered(line.size() + 1, false);
    for (const Token& t : tokens) {
        if (t.end > line.size() || t.begin >= t.end) continue;
        cut[t.begin] = cut[t.end] = true;
        for (uint32_t i = t.begin; i < t.end; ++i) covered[i] = true;
    }
    Spans spans;
    int32_t start = -1;
    bool prev_covered = true;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (index[i] < 0) continue;  // inside a character
        const bool end = i == line.size();
        const bool boundary = end || space[i] || cut[i] || (covered[i] != prev_covered);
        if (boundary && start >= 0 && index[i] > start) {
            spans.insert({static_cast<uint32_t>(start), static_cast<uint32_t>(index[i])});
            start = -1;
        }
        if (end) break;
        if (space[i]) {
            start = -1;
        } else if (start < 0) {
            start = index[i];
        }
        prev_covered = covered[i];
    }
    // The words, for --dump.
    std::string_view c = chars;
    std::size_t at = 0;
    uint32_t ci = 0;
    for (auto [b, e] : spans) {
        while (ci < b) at += u8len(static_cast<unsigned char>(c[at])), ++ci;
        std::size_t from = at;
        while (ci < e) at += u8len(static_cast<unsigned char>(c[at])), ++ci;
        if (!words.empty()) words += ' ';
        words.append(c.substr(from, at - from));
    }
    return spans;
}

struct Score {
    uint64_t right = 0, gold = 0, test = 0;
    std::size_t mismatched = 0;  // lines whose text differs between raw and gold
    double p() const { return test ? double(right) / double(test) : 0; }
    double r() const { return gold ? double(right) / double(gold) : 0; }
    double f() const { return p() + r() > 0 ? 2 * p() * r() / (p() + r()) : 0; }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: eval_segment DATA_DIR [--dump DIR]\n");
        return 2;
    }
    const std::string data = argv[1];
    std::string dump;
    bool icu = false;
    for (int i = 2; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--icu") icu = true;
        else if (std::string_view(argv[i]) == "--dump" && i + 1 < argc) dump = argv[++i];
    }

    AnalyzerOptions options;
    options.segmenter.punctuation = true;  // the gold sets count punctuation as words
    options.segmenter.zh_dictionary = !icu;
    options.segmenter.mecab = !icu;
    Analyzer analyzer(options);
    bool all = true;
    std::printf("%-6s %7s %7s %7s %7s  %s\n", "set", "P", "R", "F1", "floor", "");
    for (const Set& set : sets) {
        std::vector<std::string> raw, gold;
        try {
            raw = read_lines(data + "/" + set.raw);
            gold = read_lines(data + "/" + set.gold);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "eval_segment: %s\n", e.what());
            return 2;
        }
        if (raw.size() != gold.size()) {
            std::fprintf(stderr, "eval_segment: %s: %zu raw lines but %zu gold lines\n", set.name,
                         raw.size(), gold.size());
            return 2;
        }
        Score s;
        std::ofstream out;
        if (!dump.empty()) out.open(dump + "/" + set.name + ".txt");
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < raw.size(); ++i) {
            std::string gold_chars, test_chars, words;
            Spans g = gold_spans(gold[i], gold_chars);
            std::vector<Token> tokens = analyzer.tokenize(raw[i], set.lang);
            Spans t = test_spans(raw[i], tokens, test_chars, words);
            if (out.is_open()) out << words << '\n';
            if (gold_chars != test_chars) {
                ++s.mismatched;
                continue;
            }
            s.gold += g.size();
            s.test += t.size();
            for (const auto& span : t) s.right += g.count(span);
        }
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const bool ok = set.floor == 0 || s.f() >= set.floor;
        all = all && ok;
        char floor[16] = "info";
        if (set.floor > 0) std::snprintf(floor, sizeof floor, "%.2f", set.floor);
        std::printf("%-6s %7.4f %7.4f %7.4f %7s  %s", set.name, s.p(), s.r(), s.f(), floor,
                    set.floor == 0 ? "" : ok ? "ok" : "BELOW FLOOR");
        if (s.mismatched) std::printf(" (%zu lines skipped: text differs from gold)", s.mismatched);
        std::printf("  [%zu lines, %.2f s]\n", raw.size(), secs);
    }
    return all ? 0 : 1;
}
