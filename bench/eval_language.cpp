// eval_language DATA_DIR: language-ID accuracy per paragraph on a labelled
// set built from ../shared/data, each unit judged in isolation and in context
// (the whole document, so neighbouring paragraphs count), plus throughput.
//
// Gold labels: the language of the source (UD ja and livedoor news: ja;
// SIGHAN pku, msr, UD zh and Sina/Sohu news: zh-Hans; SIGHAN as, cityu:
// zh-Hant; BBC/Reuters: en), except that a line with no Han or kana is en if
// it has Latin letters and und if it has no letters at all.
// The kana-free Japanese slice: UD ja sentences without kana, and every run
// of 4+ kanji cut from a Japanese sentence, set as its own line between the
// sentences before and after it (a heading, a name such as 亀田総合病院).
// Exit status 1 if the floor (99% in context, overall) is not met.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hanidx/language.hpp"

namespace fs = std::filesystem;
using hanidx::Lang;

namespace {

constexpr Lang kLangs[] = {Lang::ZhHans, Lang::ZhHant, Lang::Ja, Lang::En, Lang::Und};
constexpr int kNumLangs = 5;

int index_of(Lang l) {
    for (int i = 0; i < kNumLangs; ++i)
        if (kLangs[i] == l) return i;
    return kNumLangs - 1;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    std::ostringstream s;
    s << in.rdbuf();
    std::string t = s.str();
    if (t.starts_with("\xEF\xBB\xBF")) t.erase(0, 3);
    return t;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        out.push_back(l);
    }
    return out;
}

// Decode one code point (valid UTF-8 assumed; the data is valid).
char32_t next_cp(const std::string& s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) c = (c << 6) | (s[i + k] & 0x3F);
    i += n;
    return c;
}

bool is_han(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000; }
// Kana letters; ・ (U+30FB) and ー (U+30FC) alone do not make a line Japanese.
bool is_kana(char32_t c) {
    return (c >= 0x3041 && c <= 0x30FA) || (c >= 0x30FD && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9D);
}
bool is_letter(char32_t c) {
    return (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) || (c >= 0xC0 && c <= 0x24F) ||
           (c >= 0xFF21 && c <= 0xFF5A);
}

/// The gold label of a line from a source in language @p lang.
Lang gold_of(const std::string& line, Lang lang) {
    bool cjk = false, letter = false;
    for (std::size_t i = 0; i < line.size();) {
        char32_t c = next_cp(line, i);
        cjk |= is_han(c) || is_kana(c);
        letter |= is_letter(c);
    }
    if (cjk) return lang;
    return letter ? Lang::En : Lang::Und;
}

bool has_kana(const std::string& s) {
    for (std::size_t i = 0; i < s.size();)
        if (is_kana(next_cp(s, i))) return true;
    return false;
}

/// One labelled document: its lines and the gold label of each.
struct Doc {
    std::string source;
    std::vector<std::string> lines;
    std::vector<Lang> gold;
    std::vector<bool> kana_free_ja;  // in the kana-free Japanese slice
};

Doc make_doc(std::string source, const std::vector<std::string>& lines, Lang lang) {
    Doc d{std::move(source), {}, {}, {}};
    for (const std::string& l : lines) {
        if (l.find_first_not_of(" \t") == std::string::npos) continue;  // blank, as split_paragraphs sees it
        Lang g = gold_of(l, lang);
        d.lines.push_back(l);
        d.gold.push_back(g);
        d.kana_free_ja.push_back(g == Lang::Ja && !has_kana(l));
    }
    return d;
}

/// Runs of 4 or more Han characters (with 々) in @p s.
std::vector<std::string> kanji_runs(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0, n = 0;
    for (std::size_t i = 0; i <= s.size();) {
        std::size_t at = i;
        char32_t c = i < s.size() ? next_cp(s, i) : 0;
        if (c && (is_han(c) || c == 0x3005)) {
            if (n++ == 0) start = at;
        } else {
            if (n >= 4) out.push_back(s.substr(start, at - start));
            n = 0;
            if (!c) break;
        }
    }
    return out;
}

/// Labels of @p doc's lines, the document judged as a whole.
std::vector<Lang> label_in_context(const Doc& doc) {
    std::string text;
    for (const std::string& l : doc.lines) text += l + "\n";
    auto paragraphs = hanidx::split_paragraphs(text);
    std::vector<Lang> out;
    for (const auto& p : paragraphs) out.push_back(p.lang);
    if (out.size() != doc.lines.size()) throw std::runtime_error(doc.source + ": paragraph count differs");
    return out;
}

/// Labels of @p doc's lines, each judged alone.
std::vector<Lang> label_isolated(const Doc& doc) {
    std::vector<Lang> out;
    for (const std::string& l : doc.lines) {
        auto p = hanidx::split_paragraphs(l);
        out.push_back(p.empty() ? Lang::Und : p.front().lang);
    }
    return out;
}

struct Tally {
    long n = 0, right = 0;
    void add(bool ok) {
        ++n;
        right += ok;
    }
    double pct() const { return n ? 100.0 * static_cast<double>(right) / static_cast<double>(n) : 0.0; }
};

std::string tag(Lang l) { return std::string(hanidx::lang_tag(l)); }

}  // namespace

int main(int argc, char** argv) try {
    if (argc != 2) {
        std::cerr << "usage: eval_language DATA_DIR\n";
        return 2;
    }
    const fs::path data = argv[1];
    std::vector<Doc> docs;

    // Line-per-sentence files: the whole file is one document.
    struct LineFile {
        const char* path;
        Lang lang;
    };
    for (const LineFile& f : {LineFile{"ud/ja_gsd-dev.raw.txt", Lang::Ja},
                              LineFile{"ud/zh_gsdsimp-dev.raw.txt", Lang::ZhHans},
                              LineFile{"sighan2005/testing/pku_test.utf8", Lang::ZhHans},
                              LineFile{"sighan2005/testing/msr_test.utf8", Lang::ZhHans},
                              LineFile{"sighan2005/testing/as_test.utf8", Lang::ZhHant},
                              LineFile{"sighan2005/testing/cityu_test.utf8", Lang::ZhHant}})
        docs.push_back(make_doc(f.path, lines_of(read_file(data / f.path)), f.lang));

    // News articles: one document each.
    for (auto [dir, lang] : {std::pair{"ja", Lang::Ja}, std::pair{"zh", Lang::ZhHans}, std::pair{"en", Lang::En}}) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(data / "news-sample" / dir))
            if (e.path().extension() == ".txt") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& p : files)
            docs.push_back(make_doc(std::string("news-sample/") + dir, lines_of(read_file(p)), lang));
    }

    // The kana-free slice: kanji runs of UD ja sentences as headings between
    // the sentence before and the sentence after.
    {
        const std::vector<std::string> ja = lines_of(read_file(data / "ud/ja_gsd-dev.raw.txt"));
        for (std::size_t i = 0; i < ja.size(); ++i)
            for (const std::string& run : kanji_runs(ja[i])) {
                std::vector<std::string> lines;
                if (i > 0) lines.push_back(ja[i - 1]);
                lines.push_back(run);
                if (i + 1 < ja.size()) lines.push_back(ja[i + 1]);
                Doc d = make_doc("ud/ja kanji runs", lines, Lang::Ja);
                for (std::size_t k = 0; k < d.lines.size(); ++k) d.kana_free_ja[k] = d.lines[k] == run;
                // Only the run is scored; mark its neighbours as not scored.
                d.source = "ud/ja kanji runs";
                docs.push_back(std::move(d));
            }
    }

    std::map<std::string, std::pair<Tally, Tally>> by_source;  // isolated, in context
    Tally iso_all, ctx_all, iso_slice, ctx_slice;
    Tally iso_class[kNumLangs], ctx_class[kNumLangs];
    long confusion[2][kNumLangs][kNumLangs] = {};
    std::vector<std::string> errors;
    for (const Doc& d : docs) {
        auto iso = label_isolated(d), ctx = label_in_context(d);
        const bool runs_only = d.source == "ud/ja kanji runs";
        for (std::size_t k = 0; k < d.lines.size(); ++k) {
            if (runs_only && !d.kana_free_ja[k]) continue;  // neighbours of a run are scored elsewhere
            Lang g = d.gold[k];
            bool ok_i = iso[k] == g, ok_c = ctx[k] == g;
            by_source[d.source].first.add(ok_i);
            by_source[d.source].second.add(ok_c);
            iso_all.add(ok_i);
            ctx_all.add(ok_c);
            iso_class[index_of(g)].add(ok_i);
            ctx_class[index_of(g)].add(ok_c);
            ++confusion[0][index_of(g)][index_of(iso[k])];
            ++confusion[1][index_of(g)][index_of(ctx[k])];
            if (d.kana_free_ja[k]) {
                iso_slice.add(ok_i);
                ctx_slice.add(ok_c);
            }
            if (!ok_c && errors.size() < 40)
                errors.push_back(d.source + ": gold " + tag(g) + ", got " + tag(ctx[k]) + ": " +
                                 d.lines[k].substr(0, 90));
        }
    }

    std::printf("language identification, per paragraph (line), %ld units\n", ctx_all.n);
    std::printf("%-28s %7s %10s %11s\n", "source", "units", "isolated", "in context");
    for (const auto& [src, t] : by_source)
        std::printf("%-28s %7ld %9.2f%% %10.2f%%\n", src.c_str(), t.first.n, t.first.pct(), t.second.pct());
    std::printf("%-28s %7ld %9.2f%% %10.2f%%\n", "kana-free Japanese slice", iso_slice.n, iso_slice.pct(),
                ctx_slice.pct());
    std::printf("%-28s %7ld %9.2f%% %10.2f%%\n", "overall", ctx_all.n, iso_all.pct(), ctx_all.pct());
    std::printf("\nper class (gold)             units   isolated  in context\n");
    for (int i = 0; i < kNumLangs; ++i)
        if (ctx_class[i].n)
            std::printf("%-28s %7ld %9.2f%% %10.2f%%\n", tag(kLangs[i]).c_str(), ctx_class[i].n,
                        iso_class[i].pct(), ctx_class[i].pct());
    for (int m = 0; m < 2; ++m) {
        std::printf("\nconfusion, %s (rows gold, columns labelled)\n%-9s", m ? "in context" : "isolated", "");
        for (Lang l : kLangs) std::printf(" %8s", tag(l).c_str());
        std::printf("\n");
        for (int i = 0; i < kNumLangs; ++i) {
            std::printf("%-9s", tag(kLangs[i]).c_str());
            for (int j = 0; j < kNumLangs; ++j) std::printf(" %8ld", confusion[m][i][j]);
            std::printf("\n");
        }
    }
    if (!errors.empty()) {
        std::printf("\nfirst errors in context:\n");
        for (const auto& e : errors) std::printf("  %s\n", e.c_str());
    }

    // Throughput of split_paragraphs on every document at once.
    std::string all;
    for (const Doc& d : docs)
        for (const std::string& l : d.lines) all += l + "\n";
    const int rounds = 5;
    std::size_t units = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) units += hanidx::split_paragraphs(all).size();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("\nthroughput: %.1f MB/s (%zu bytes x %d, %zu units)\n",
                static_cast<double>(all.size()) * rounds / secs / 1e6, all.size(), rounds, units / rounds);

    const bool floor = ctx_all.pct() >= 99.0;
    std::printf("floor: >= 99%% of paragraphs right in context: %s (%.2f%%)\n", floor ? "met" : "NOT MET",
                ctx_all.pct());
    return floor ? 0 : 1;
} catch (const std::exception& e) {
    std::cerr << "eval_language: " << e.what() << "\n";
    return 2;
}
