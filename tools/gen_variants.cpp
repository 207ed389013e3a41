// gen_variants: build-time generator of the Han variant folding table and
// the per-character script classes used by language identification.
//
// Reads OpenCC's character dictionaries (Debian libopencc-data, *.ocd2) and
// writes a C++ fragment with compile-time tables, so hanidx itself never
// loads OpenCC at run time. Run by lib/CMakeLists.txt:
//   gen_variants OPENCC_DATA_DIR OUTPUT.inc
// Prints a one-line summary (and every one-to-many decision) to stderr.
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>

#include <iconv.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// One code point from a UTF-8 string holding exactly one; 0 otherwise.
char32_t single(const std::string& s) {
    if (s.empty()) return 0;
    auto b = static_cast<unsigned char>(s[0]);
    std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (s.size() != n) return 0;
    char32_t c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (std::size_t i = 1; i < n; ++i) c = (c << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return c;
}

std::size_t utf8_len(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

// key -> values (single characters only), in OpenCC's order (first = default).
using CharDict = std::map<char32_t, std::vector<char32_t>>;

CharDict load(const std::string& dir, const char* name) {
    std::string path = dir + "/" + name;
    FILE* fp = std::fopen(path.c_str(), "rb");
    if (!fp) throw std::runtime_error(path + ": cannot open");
    auto dict = opencc::MarisaDict::NewFromFile(fp);
    std::fclose(fp);
    CharDict out;
    for (const auto& e : *dict->GetLexicon()) {
        char32_t k = single(e->Key());
        if (!k) continue;
        auto& vs = out[k];
        for (const auto& v : e->Values())
            if (char32_t c = single(v)) vs.push_back(c);
        if (vs.empty()) out.erase(k);
    }
    return out;
}

std::string hex(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%X", static_cast<unsigned>(c));
    return buf;
}

std::string utf8(char32_t c) {
    std::string s;
    if (c < 0x80) s += static_cast<char>(c);
    else if (c < 0x800) { s += static_cast<char>(0xC0 | (c >> 6)); s += static_cast<char>(0x80 | (c & 0x3F)); }
    else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12)); s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (c >> 18)); s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc != 3) {
        std::cerr << "usage: gen_variants OPENCC_DATA_DIR OUTPUT.inc\n";
        return 2;
    }
    const std::string dir = argv[1];
    const CharDict ts = load(dir, "TSCharacters.ocd2");     // traditional -> simplified
    const CharDict st = load(dir, "STCharacters.ocd2");     // simplified -> traditional
    const CharDict tw_rev = load(dir, "TWVariantsRev.ocd2");  // Taiwan form -> OpenCC traditional
    const CharDict hk_rev = load(dir, "HKVariantsRev.ocd2");  // Hong Kong form -> OpenCC traditional
    const CharDict jp_rev = load(dir, "JPVariantsRev.ocd2");  // shinjitai -> kyujitai
    const CharDict jp_shin = load(dir, "JPShinjitaiCharacters.ocd2");  // shinjitai -> kyujitai (1:n)
    const CharDict jp_var = load(dir, "JPVariants.ocd2");   // kyujitai -> shinjitai

    // Every character the Chinese tables know as a character in its own right.
    std::set<char32_t> chinese;
    for (const CharDict* d : {&ts, &st, &tw_rev, &hk_rev})
        for (const auto& [k, vs] : *d) {
            chinese.insert(k);
            chinese.insert(vs.begin(), vs.end());
        }
    // Characters whose Chinese identity wins over their Japanese reading.
    std::set<char32_t> zh_identity = {U'予', U'欠', U'疏', U'醋', U'弁', U'沪'};
    for (const auto& [k, vs] : ts)
        if (std::find(vs.begin(), vs.end(), k) == vs.end()) zh_identity.insert(k);

    auto charset = [](const char* name, auto&& keep) {
        std::set<char32_t> out;
        iconv_t cd = iconv_open(name, "UTF-32LE");
        if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv: no ") + name);
        for (char32_t c = 0x3400; c <= 0x9FFF; ++c) {
            char32_t in[1] = {c};
            unsigned char buf[16];
            char* ip = reinterpret_cast<char*>(in);
            char* op = reinterpret_cast<char*>(buf);
            std::size_t il = sizeof in, ol = sizeof buf;
            iconv(cd, nullptr, nullptr, nullptr, nullptr);
            if (iconv(cd, &ip, &il, &op, &ol) != static_cast<std::size_t>(-1) &&
                keep(buf, sizeof buf - ol))
                out.insert(c);
        }
        iconv_close(cd);
        return out;
    };
    auto any = [](const unsigned char*, std::size_t) { return true; };
    const std::set<char32_t> gb = charset("GB2312", any), big5 = charset("BIG5", any);
    const std::set<char32_t> jis = charset("EUC-JP", [](const unsigned char* b, std::size_t n) {
        return n == 2 && b[0] >= 0xB0;  // rows 16-84: kanji of JIS X 0208
    });
    auto first = [](const CharDict& d, char32_t c) -> char32_t {
        auto it = d.find(c);
        return it == d.end() ? 0 : it->second.front();
    };
    // Chinese: regional form -> OpenCC traditional -> its default simplified
    // form. TS's default is the form simplified text merges all readings
    // into (乾 幹 -> 干, 後 -> 后, 髮 發 -> 发, 餘 -> 余), so mapping to it
    // keeps every form findable from every other.
    // The Taiwan / Hong Kong step is skipped for characters of GB 2312: they
    // are already the simplified standard (才 床 群 吃 stay; their old forms
    // 纔 牀 羣 喫 come to them through TS), and 么 must not become 幺. The
    // exception is 著, which Taiwan writes for the particle 着 (看著 = 看着).
    auto zh = [&](char32_t c) {
        if (!gb.count(c) || c == U'著') {
            if (char32_t r = first(tw_rev, c)) c = r;
            else if (char32_t h = first(hk_rev, c)) c = h;
        }
        if (char32_t s = first(ts, c)) c = s;
        return c;
    };
    // Japanese: a shinjitai form goes to its kyujitai first (広 -> 廣 -> 广),
    // except when the character is also a Chinese character with another
    // meaning: one OpenCC converts in its own right (連 -> 连, not 聯; 煙 ->
    // 烟, not 菸; 沪 is Shanghai, not 濾), or a common Chinese character whose
    // Japanese use is another word (予 give / 豫, 欠 owe / 缺, 疏 / 疎,
    // 醋 / 酢, 弁 / 辨 辯 辦 瓣). Rare Chinese characters that are everyday
    // Japanese forms do fold: 芸 -> 艺, 浜 -> 滨, 豊 -> 丰, 伝 -> 传, 缶 -> 罐.
    std::vector<std::pair<std::string, std::string>> kept;
    // A simplified-only character is Chinese in its own right when OpenCC
    // converts it both ways consistently and it is no Japanese form; 戯 (ST:
    // -> 戱) and 麺 (-> 麪) are Japanese forms and follow their kyujitai
    // (戲 -> 戏, 麪 -> 面).
    std::set<char32_t> jp_keys;
    for (const CharDict* d : {&jp_rev, &jp_shin}) for (const auto& [k, vs] : *d) jp_keys.insert(k);
    for (const auto& [k, vs] : st)
        if (std::find(vs.begin(), vs.end(), k) == vs.end() && zh(vs.front()) == k && !jp_keys.count(k))
            zh_identity.insert(k);
    auto step = [&](char32_t c) {
        if (!zh_identity.count(c)) {
            char32_t k = first(jp_shin, c);
            if (!k) k = first(jp_rev, c);
            if (k) return zh(k);
        } else {
            char32_t k = first(jp_shin, c);
            if (!k) k = first(jp_rev, c);
            if (k && zh(k) != zh(c)) kept.emplace_back(utf8(c), utf8(zh(k)));
        }
        return zh(c);
    };

    std::set<char32_t> domain;
    for (const CharDict* d : {&ts, &st, &tw_rev, &hk_rev, &jp_rev, &jp_shin, &jp_var})
        for (const auto& [k, vs] : *d) {
            domain.insert(k);
            domain.insert(vs.begin(), vs.end());
        }

    // Iterate to a fixed point so that fold(fold(c)) == fold(c).
    std::map<char32_t, char32_t> fold;
    std::size_t cycles = 0, length_mismatch = 0;
    for (char32_t c : domain) {
        char32_t f = c;
        std::set<char32_t> seen{f};
        for (;;) {
            char32_t g = step(f);
            if (g == f) break;
            if (!seen.insert(g).second) {  // a cycle: take its smallest member
                f = *std::min_element(seen.begin(), seen.end());
                ++cycles;
                break;
            }
            f = g;
        }
        if (f == c) continue;
        if (utf8_len(f) != utf8_len(c)) {  // would move byte offsets
            ++length_mismatch;
            continue;
        }
        fold[c] = f;
    }
    // Close the map: a target must be a fixed point.
    for (auto& [c, f] : fold) {
        auto it = fold.find(f);
        while (it != fold.end() && it->second != f) {
            f = it->second;
            it = fold.find(f);
        }
    }
    for (auto it = fold.begin(); it != fold.end();)
        it = it->second == it->first ? fold.erase(it) : std::next(it);
    for (const auto& [c, f] : fold)
        if (fold.count(f)) throw std::runtime_error("fold is not idempotent at " + utf8(c));

    // Script classes for language identification, from OpenCC's tables and
    // the national character sets (GB 2312, Big5, JIS X 0208 via iconv):
    //  HansOnly: simplified-only form that is no common Japanese kanji (这 们 东 车).
    //  HantOnly: traditional-only form that is a kyujitai (醫 國 發) or not
    //            in JIS X 0208 at all (灣 們).
    //  JaOnly:   kanji in JIS X 0208 or a shinjitai form, but in none of GB 2312,
    //            Big5 and OpenCC's Chinese tables (広 歴 薬 総 亀 働 込).
    //  HansJa:   simplified-only form that is also common Japanese (国 医 学 会).
    //  HantJa:   traditional-only form that Japanese also writes (東 語 車 場 膠).
    // For simplified forms, "common Japanese" = JIS X 0208 level 1 (rows
    // 16-47) or a shinjitai form.
    const std::set<char32_t> jis1 = charset("EUC-JP", [](const unsigned char* b, std::size_t n) {
        return n == 2 && b[0] >= 0xB0 && b[0] <= 0xCF;  // rows 16-47: level 1
    });
    std::set<char32_t> jp_forms;
    for (const CharDict* d : {&jp_rev, &jp_shin}) for (const auto& [k, vs] : *d) jp_forms.insert(k);
    std::set<char32_t> kyujitai;  // old forms that Japanese replaced (醫 藥 國 發)
    for (const auto& [k, vs] : jp_var) {
        jp_forms.insert(vs.begin(), vs.end());
        kyujitai.insert(k);
    }
    for (const CharDict* d : {&jp_rev, &jp_shin})
        for (const auto& [k, vs] : *d)
            for (char32_t v : vs)
                if (v != k) kyujitai.insert(v);
    auto common_ja = [&](char32_t c) { return jis.count(c) || jp_forms.count(c); };

    std::map<char32_t, unsigned> cls;
    enum : unsigned { Fold = 1, HansOnly = 2, HantOnly = 4, JaOnly = 8, HansJa = 16, HantJa = 32 };
    // OpenCC's traditional standard prefers old forms (羣 牀 癡) to the ones
    // Taiwan and Hong Kong write (群 床 痴): those are traditional too.
    std::set<char32_t> regional;
    for (const CharDict* d : {&tw_rev, &hk_rev}) for (const auto& [k, vs] : *d) regional.insert(k);
    for (const auto& [k, vs] : st)
        if (std::find(vs.begin(), vs.end(), k) == vs.end() && !regional.count(k))
            cls[k] |= common_ja(k) ? HansJa : HansOnly;
    std::set<char32_t> trad;
    for (const auto& [k, vs] : ts)
        if (std::find(vs.begin(), vs.end(), k) == vs.end()) trad.insert(k);
    for (const CharDict* d : {&tw_rev, &hk_rev}) for (const auto& [k, vs] : *d) {
        (void)vs;
        if (!ts.count(k) && !st.count(k)) trad.insert(k);  // regional traditional forms (裡 為)
    }
    for (char32_t k : trad)
        if (!(cls[k] & (HansOnly | HansJa)))
            cls[k] |= (jis.count(k) && !kyujitai.count(k)) || jp_forms.count(k) ? HantJa : HantOnly;
    std::set<char32_t> ja = jis;
    ja.insert(jp_forms.begin(), jp_forms.end());
    for (char32_t k : ja)
        if (!chinese.count(k) && !gb.count(k) && !big5.count(k)) cls[k] |= JaOnly;
    for (const auto& [c, f] : fold) cls[c] |= Fold;

    std::ofstream out(argv[2]);
    out << "// Generated by tools/gen_variants.cpp from OpenCC " << dir << " -- do not edit.\n"
        << "// " << fold.size() << " folded code points; " << length_mismatch
        << " pairs skipped (UTF-8 lengths differ); " << kept.size()
        << " Japanese forms kept as Chinese characters.\n";
    out << "constexpr VariantPair kVariantPairs[] = {\n";
    int col = 0;
    for (const auto& [c, f] : fold) {
        out << "{" << hex(c) << "," << hex(f) << "},";
        if (++col % 6 == 0) out << "\n";
    }
    out << "};\n";
    // Class of every code point in U+3400..U+9FFF, as a string literal of bytes.
    out << "constexpr char32_t kClassFirst = 0x3400, kClassLast = 0x9FFF;\n";
    out << "constexpr unsigned char kClassTable[] = {\n";
    for (char32_t c = 0x3400; c <= 0x9FFF; ++c) {
        auto it = cls.find(c);
        out << (it == cls.end() ? 0u : it->second) << ",";
        if ((c & 31) == 31) out << "\n";
    }
    out << "};\n";
    out << "constexpr ClassPair kClassOther[] = {\n";  // classes outside that range
    for (const auto& [c, k] : cls)
        if ((c < 0x3400 || c > 0x9FFF) && k) out << "{" << hex(c) << "," << k << "},";
    out << "{0x10FFFF,0}};\n";
    std::size_t n[6] = {};
    for (const auto& [c, k] : cls)
        for (int b = 0; b < 6; ++b) n[b] += (k >> b) & 1;
    std::cerr << "gen_variants: " << fold.size() << " folded, " << length_mismatch
              << " skipped for length, " << cycles << " cycles; classes: hans-only " << n[1]
              << ", hant-only " << n[2] << ", ja-only " << n[3] << ", hans+ja " << n[4]
              << ", hant+ja " << n[5] << "\n";
    if (std::getenv("GEN_VARIANTS_VERBOSE"))
        for (const auto& [c, f] : kept) std::cerr << "  kept " << c << " (jp chain -> " << f << ")\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "gen_variants: " << e.what() << "\n";
    return 1;
}
