// eval_variants DATA_DIR: how well Han variant folding makes simplified,
// traditional and Japanese forms meet, for hanidx's table (generated from
// OpenCC) and for ICU's Hant-Hans transliterator applied per character.
//
//  - the word groups of issue 3 (医院/醫院, 広/廣/广, ...): do all forms meet?
//  - traditional text (SIGHAN as, cityu) and Japanese text (UD ja): of the
//    Han characters outside GB 2312 (forms simplified Chinese does not write:
//    醫 廣 / 広 歴 薬), how many fold to a GB 2312 character, i.e. meet the
//    form a simplified document has; distinct characters and occurrences;
//  - simplified text (SIGHAN pku, msr): how many characters folding changes;
//  - start-up cost: first fold, first normalize, ICU transliterator creation.
#include <iconv.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "hanidx/normalize.hpp"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<char32_t> code_points(const std::string& s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k) c = (c << 6) | (s[i + k] & 0x3F);
        out.push_back(c);
        i += n;
    }
    return out;
}

bool is_han(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || c >= 0x20000; }

class Gb2312 {
  public:
    Gb2312() : cd_(iconv_open("GB2312", "UTF-32LE")) {
        if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv: no GB2312");
    }
    ~Gb2312() { iconv_close(cd_); }
    bool has(char32_t c) const {
        char32_t in[1] = {c};
        char buf[8];
        char* ip = reinterpret_cast<char*>(in);
        char* op = buf;
        std::size_t il = sizeof in, ol = sizeof buf;
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        return iconv(cd_, &ip, &il, &op, &ol) != static_cast<std::size_t>(-1);
    }

  private:
    iconv_t cd_;
};

using Fold = std::function<char32_t(char32_t)>;

struct Meet {
    long chars = 0, chars_met = 0, occ = 0, occ_met = 0;
};

// Of the Han characters of @p text outside GB 2312, those that fold into it.
Meet meet_rate(const std::vector<char32_t>& text, const Fold& fold, const Gb2312& gb) {
    Meet m;
    std::set<char32_t> seen;
    for (char32_t c : text) {
        if (!is_han(c) || gb.has(c)) continue;
        bool met = gb.has(fold(c));
        ++m.occ;
        m.occ_met += met;
        if (seen.insert(c).second) {
            ++m.chars;
            m.chars_met += met;
        }
    }
    return m;
}

double pct(long a, long b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; }

std::string utf8(char32_t c) {
    icu::UnicodeString u(static_cast<UChar32>(c));
    std::string s;
    u.toUTF8String(s);
    return s;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc != 2) {
        std::cerr << "usage: eval_variants DATA_DIR\n";
        return 2;
    }
    const fs::path data = argv[1];

    // Start-up costs, each the first call in this process.
    auto t0 = Clock::now();
    volatile char32_t sink = hanidx::fold_han_variant(U'廣');
    const double first_fold_ms = ms_since(t0);
    t0 = Clock::now();
    std::string warm = hanidx::normalize_text("醫院");
    const double first_normalize_ms = ms_since(t0);
    (void)sink;
    t0 = Clock::now();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> icu_t(
        icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU Hant-Hans transliterator is missing");
    const double icu_create_ms = ms_since(t0);

    const Fold ours = [](char32_t c) { return hanidx::fold_han_variant(c); };
    const Fold icu = [&](char32_t c) {
        icu::UnicodeString u(static_cast<UChar32>(c));
        icu_t->transliterate(u);
        return u.countChar32() == 1 ? static_cast<char32_t>(u.char32At(0)) : c;
    };
    const Gb2312 gb;

    std::printf("Han variant folding: hanidx (OpenCC tables, generated at build time) vs ICU Hant-Hans per character\n\n");

    // 1. The word groups of issue 3.
    const std::vector<std::vector<std::string>> groups = {
        {"医院", "醫院"}, {"広", "廣", "广"}, {"歴史", "歷史", "历史"}, {"国立", "國立"},
        {"薬剤", "藥劑", "药剂"}, {"発表", "發表", "发表"}, {"亀田", "龜田", "龟田"}, {"総数", "總數", "总数"},
    };
    int met_ours = 0, met_icu = 0;
    for (const auto& g : groups) {
        auto folded = [&](const Fold& f, const std::string& w) {
            std::u32string out;
            for (char32_t c : code_points(w)) out += f(c);
            return out;
        };
        bool all_ours = true, all_icu = true;
        for (const auto& w : g) {
            all_ours &= folded(ours, w) == folded(ours, g.front());
            all_icu &= folded(icu, w) == folded(icu, g.front());
        }
        met_ours += all_ours;
        met_icu += all_icu;
        std::printf("  %-40s hanidx %-4s ICU %s\n",
                    (g[0] + " / " + g[1] + (g.size() > 2 ? " / " + g[2] : "")).c_str(), all_ours ? "yes" : "NO",
                    all_icu ? "yes" : "NO");
    }
    std::printf("word groups meeting: hanidx %d/%zu, ICU %d/%zu\n\n", met_ours, groups.size(), met_icu,
                groups.size());

    // 2. Traditional and Japanese text: forms outside GB 2312 that reach it.
    struct Source {
        const char* name;
        std::vector<const char*> files;
    };
    const Source sources[] = {
        {"traditional (SIGHAN as + cityu)",
         {"sighan2005/testing/as_test.utf8", "sighan2005/testing/cityu_test.utf8"}},
        {"Japanese (UD ja dev + news ja)", {"ud/ja_gsd-dev.raw.txt"}},
    };
    std::printf("%-34s %-7s %18s %22s\n", "characters outside GB 2312", "", "distinct met",
                "occurrences met");
    for (const Source& s : sources) {
        std::vector<char32_t> text;
        for (const char* f : s.files) {
            auto cps = code_points(read_file(data / f));
            text.insert(text.end(), cps.begin(), cps.end());
        }
        if (std::string(s.name).starts_with("Japanese"))
            for (const auto& e : fs::directory_iterator(data / "news-sample/ja")) {
                auto cps = code_points(read_file(e.path()));
                text.insert(text.end(), cps.begin(), cps.end());
            }
        for (auto [label, f] : {std::pair{"hanidx", &ours}, std::pair{"ICU", &icu}}) {
            Meet m = meet_rate(text, *f, gb);
            std::printf("%-34s %-7s %6ld/%-6ld %6.2f%% %8ld/%-8ld %6.2f%%\n", s.name, label, m.chars_met,
                        m.chars, pct(m.chars_met, m.chars), m.occ_met, m.occ, pct(m.occ_met, m.occ));
        }
        // Characters where the two disagree, for the record.
        std::set<char32_t> shown;
        std::string diff;
        for (char32_t c : text)
            if (is_han(c) && !gb.has(c) && ours(c) != icu(c) && shown.insert(c).second && shown.size() <= 12)
                diff += " " + utf8(c) + "->" + utf8(ours(c)) + "/" + utf8(icu(c));
        std::printf("  disagreements (hanidx/ICU):%s\n", diff.c_str());
        shown.clear();
        std::string unmet;
        for (char32_t c : text)
            if (is_han(c) && !gb.has(c) && !gb.has(ours(c)) && shown.insert(c).second && shown.size() <= 30)
                unmet += utf8(c);
        std::printf("  not met by hanidx: %s\n", unmet.c_str());
    }

    // 3. Simplified text: what folding changes.
    std::printf("\nsimplified text (SIGHAN pku + msr): characters changed by folding\n");
    std::vector<char32_t> simp;
    for (const char* f : {"sighan2005/testing/pku_test.utf8", "sighan2005/testing/msr_test.utf8"}) {
        auto cps = code_points(read_file(data / f));
        simp.insert(simp.end(), cps.begin(), cps.end());
    }
    for (auto [label, f] : {std::pair{"hanidx", &ours}, std::pair{"ICU", &icu}}) {
        long han = 0, changed = 0;
        std::set<char32_t> which;
        for (char32_t c : simp)
            if (is_han(c)) {
                ++han;
                if ((*f)(c) != c) {
                    ++changed;
                    which.insert(c);
                }
            }
        std::string list;
        for (char32_t c : which) list += utf8(c) + utf8((*f)(c)) + " ";
        std::printf("  %-7s %ld of %ld (%.3f%%): %s\n", label, changed, han, pct(changed, han), list.c_str());
    }

    std::printf("\nstart-up: first fold %.3f ms, first normalize %.3f ms (ICU NFKC data), "
                "ICU Hant-Hans creation %.1f ms\n",
                first_fold_ms, first_normalize_ms, icu_create_ms);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "eval_variants: " << e.what() << "\n";
    return 2;
}
