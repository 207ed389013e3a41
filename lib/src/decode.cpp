// Stage 1: decoding. BOMs, UTF-16 by NUL pattern, UTF-8 by validity,
// ISO-2022-JP by its escapes, and the 8-bit CJK encodings by scoring candidate
// decodings (ICU converters) on a prefix sample.
#include "hanidx/decode.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "charset_names.hpp"
#include "variant_table.hpp"

namespace hanidx {

namespace {

struct Utf8Scan {
    std::size_t invalid = 0;    // ill-formed sequences
    std::size_t multibyte = 0;  // well-formed non-ASCII characters
    std::size_t wide = 0;       // of which three or four bytes long (U+0800 and up)
};

// Copy @p bytes to @p out, every ill-formed sequence replaced by U+FFFD.
Utf8Scan repair(std::string_view bytes, std::string& out) {
    out.clear();
    out.reserve(bytes.size());
    Utf8Scan scan;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t n = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < n) {
        // Fast path for runs of ASCII.
        int32_t j = i;
        while (j < n && s[j] < 0x80) ++j;
        out.append(bytes.data() + i, j - i);
        i = j;
        if (i >= n) break;
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
            ++scan.invalid;
        } else {
            out.append(bytes.data() + start, i - start);
            ++scan.multibyte;
            scan.wide += c >= 0x800;
        }
    }
    return scan;
}

// Count without copying (a prefix: a sequence cut at its end is one invalid).
Utf8Scan scan_utf8(std::string_view bytes) {
    Utf8Scan scan;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t n = static_cast<int32_t>(bytes.size());
    for (int32_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, n, c);
        ++(c < 0 ? scan.invalid : scan.multibyte);
    }
    return scan;
}

// ---------------------------------------------------------------------------
// ICU converters, one per name and thread (opening one costs more than a
// small file's conversion).

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Substitutes U+FFFD for every undecodable sequence and counts them.
void count_and_substitute(const void* ctx, UConverterToUnicodeArgs* args, const char*, int32_t,
                          UConverterCallbackReason reason, UErrorCode* err) {
    if (reason > UCNV_IRREGULAR) return;  // reset/close/clone: nothing to do
    ++*static_cast<std::size_t*>(const_cast<void*>(ctx));
    static const UChar fffd = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

class Converter {
  public:
    explicit Converter(const char* name) {
        UErrorCode status = U_ZERO_ERROR;
        conv_.reset(ucnv_open(name, &status));
        if (U_FAILURE(status)) throw std::invalid_argument(std::string("unknown encoding: ") + name);
        status = U_ZERO_ERROR;
        ucnv_setToUCallBack(conv_.get(), count_and_substitute, &invalid_, nullptr, nullptr, &status);
    }

    /** Decode @p bytes to UTF-16 in @p out; returns the invalid sequences.
     *  @p flush false leaves a sequence cut at the end uncounted (a sample).
     *  @p offsets, when given, receives the source byte offset of each unit. */
    std::size_t to_utf16(std::string_view bytes, std::u16string& out, bool flush,
                         std::vector<int32_t>* offsets = nullptr) {
        ucnv_resetToUnicode(conv_.get());
        invalid_ = 0;
        out.resize(bytes.size() + 16);
        if (offsets) offsets->resize(out.size());
        const char* src = bytes.data();
        const char* src_end = src + bytes.size();
        std::size_t done = 0;
        for (;;) {
            UChar* base = reinterpret_cast<UChar*>(out.data());
            UChar* dst = base + done;
            int32_t* offs = offsets ? offsets->data() + done : nullptr;
            const auto call_start = static_cast<int32_t>(src - bytes.data());
            UErrorCode status = U_ZERO_ERROR;
            ucnv_toUnicode(conv_.get(), &dst, base + out.size(), &src, src_end, offs, flush, &status);
            const std::size_t produced = static_cast<std::size_t>(dst - base);
            if (offs && call_start)  // offsets are relative to where this call started
                for (std::size_t i = done; i < produced; ++i)
                    if ((*offsets)[i] >= 0) (*offsets)[i] += call_start;
            done = produced;
            if (status == U_BUFFER_OVERFLOW_ERROR) {
                out.resize(out.size() * 2);
                if (offsets) offsets->resize(out.size());
                continue;
            }
            break;
        }
        out.resize(done);
        if (offsets) offsets->resize(done);
        return invalid_;
    }

  private:
    ConverterPtr conv_;
    std::size_t invalid_ = 0;
};

Converter& converter(const std::string& name) {
    thread_local std::unordered_map<std::string, std::unique_ptr<Converter>> cache;
    auto& slot = cache[name];
    if (!slot) {
        try {
            slot = std::make_unique<Converter>(name.c_str());
        } catch (...) {
            cache.erase(name);
            throw;
        }
    }
    return *slot;
}

void utf16_to_utf8(std::u16string_view u16, std::string& out) {
    out.clear();
    out.reserve(u16.size() * 3);
    const std::size_t n = u16.size();
    for (std::size_t i = 0; i < n;) {
        UChar32 c;
        U16_NEXT(u16.data(), i, n, c);
        if (U_IS_SURROGATE(c)) c = 0xFFFD;  // a lone surrogate from UTF-16 input
        char buf[4];
        int32_t k = 0;
        U8_APPEND_UNSAFE(buf, k, c);
        out.append(buf, static_cast<std::size_t>(k));
    }
}

// The JIS X 0208 row-1/2 characters that ICU decodes as Microsoft's CP932
// does (0x815C to U+2015 HORIZONTAL BAR, 0x8160 to U+FF5E FULLWIDTH TILDE,
// ...), mapped back to the JIS X 0208 characters that Japanese text written
// in Unicode actually uses (U+2014 EM DASH, U+301C WAVE DASH, ...): those are
// what iconv's SHIFT_JIS/EUC-JP/ISO-2022-JP encode to these codes (and CP932
// too), and the news sample has 167 U+2014 and 122 U+301C but no U+2015 or
// U+FF5E. Keyed by the JIS code (row and cell + 0x20).
struct JisFix {
    uint16_t jis;
    char16_t icu, want;
};
constexpr JisFix jis_fixes[] = {
    {0x213D, 0x2015, 0x2014},  // EM DASH
    {0x2141, 0xFF5E, 0x301C},  // WAVE DASH
    {0x2142, 0x2225, 0x2016},  // DOUBLE VERTICAL LINE
    {0x215D, 0xFF0D, 0x2212},  // MINUS SIGN
    {0x2171, 0xFFE0, 0x00A2},  // CENT SIGN
    {0x2172, 0xFFE1, 0x00A3},  // POUND SIGN
    {0x224C, 0xFFE2, 0x00AC},  // NOT SIGN
};

enum class JisForm { None, ShiftJis, EucJp, Iso2022 };

JisForm jis_form(std::string_view icu_name) {
    if (icu_name == "Shift_JIS") return JisForm::ShiftJis;
    if (icu_name == "EUC-JP") return JisForm::EucJp;
    if (icu_name.starts_with("ISO_2022,locale=ja")) return JisForm::Iso2022;
    return JisForm::None;
}

// The two bytes that encode JIS code @p jis in @p form.
uint16_t jis_bytes(uint16_t jis, JisForm form) {
    if (form == JisForm::EucJp) return jis | 0x8080;
    if (form == JisForm::Iso2022) return jis;
    const unsigned row = jis >> 8, cell = jis & 0xFF;  // Shift_JIS from JIS
    unsigned lead = (row + 1) / 2 + (row <= 0x5E ? 0x70 : 0xB0);
    unsigned trail = row % 2 ? cell + (cell >= 0x60 ? 0x20 : 0x1F) : cell + 0x7E;
    return static_cast<uint16_t>(lead << 8 | trail);
}

void fix_jis(std::string_view bytes, std::u16string& u16, const std::vector<int32_t>& offsets, JisForm form) {
    for (std::size_t i = 0; i < u16.size(); ++i) {
        const char16_t c = u16[i];
        if (c < 0x2015 || (c > 0x2225 && c < 0xFF0D)) continue;
        for (const JisFix& f : jis_fixes) {
            if (c != f.icu) continue;
            const int32_t o = offsets[i];
            if (o < 0 || static_cast<std::size_t>(o) + 1 >= bytes.size()) break;
            const auto pair = static_cast<uint16_t>(static_cast<uint8_t>(bytes[o]) << 8 | static_cast<uint8_t>(bytes[o + 1]));
            if (pair == jis_bytes(f.jis, form)) u16[i] = f.want;
            break;
        }
    }
}

// Decode all of @p bytes with the converter @p icu_name.
Decoded convert_all(std::string_view bytes, const std::string& icu_name, std::string label,
                    double confidence) {
    std::u16string u16;
    Decoded d;
    const JisForm form = jis_form(icu_name);
    if (form != JisForm::None) {
        std::vector<int32_t> offsets;
        d.invalid = converter(icu_name).to_utf16(bytes, u16, true, &offsets);
        fix_jis(bytes, u16, offsets, form);
    } else {
        d.invalid = converter(icu_name).to_utf16(bytes, u16, true);
    }
    std::u16string_view view(u16);
    if (!view.empty() && view.front() == 0xFEFF) view.remove_prefix(1);  // U+FEFF BOM
    utf16_to_utf8(view, d.text);
    d.encoding = std::move(label);
    d.confidence = confidence;
    return d;
}

// ---------------------------------------------------------------------------
// Plausibility of a decoding.

// Characters that make up most running text in each family, taken from the
// encodings themselves: GB2312 level 1 (the 3755 commonest hanzi, B0A1-D7F9),
// Big5 "frequently used" (A440-C67E), JIS X 0208 level 1 (B0A1-CFD3 in EUC-JP)
// and level 2.
// The most frequent hanzi of Chinese and kanji of Japanese running text
// (simplified forms; traditional and Japanese forms are matched through
// fold_variant). Any of the character sets above holds thousands of
// characters, so text decoded with the wrong one (EUC-JP read as GBK)
// still looks common; real text hits these few hundred about half the time.
constexpr std::u32string_view frequent_han =
    U"的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    U"作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只"
    U"从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向"
    U"头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声"
    U"提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务"
    U"做接必场件计管期市直资命山金指克许统区保至队形社便空决治展马科司五基书非则听白界达光放强即像难且权"
    U"思王象完设式色路记南品住告类求据程北边死张该交规万取格望觉术领共确传师观清今切院让识候带导争运笑飞"
    U"风步改收根造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始存未远叫台单影具字爱流备连调深商"
    U"算质团集百需价花党华城石级整府离况亚请技际约示复病究线官火断精满支视消器容照须九增研写称企八功包片"
    U"史委查轻易早曾除农装广显图念六引历首医局突专费号另周较注语考落青随选列武红响推势参希古众构房半节土"
    U"投案黑维革划致律足态护七兴验责营星章音志底站严例防族供效续施留讲型料终答紧黄绝察母京段依批群项故按"
    U"河米围江害双境客纪采举攻父密低朝友诉止细愿千值男钱破网热助育属坐限船职速刻乐否威状率独球般普弹校苦"
    U"创假久错承印试股脑预益阳若微继送急血伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福欢警获模充负云"
    U"停木游龙树层冷洲射略范句室异激村策演简罪判担州静退衣宗积余痛检差富协角占配征修降阶审善读超免压银买"
    U"养怀执副抗犯追帮宣佛岁航优香著田铁控税左右份艺背草概守酒岛户烈洋款评版座释景顾登货互付换闻危核介良"
    U"序升监临露永呼味野域括鱼杂误湾减编测败屋梦温救贵缺楼县移朋画班智耳短恐遗席松谢遇康虑幸均销钟藏票损"
    U"巨旧端湖录叶春乡附吸予礼港雨板庭妇归饭额含顺输招婚补督油疗旅材灭笔词择厂睡博授岸卖健堂旁宫借君禁园"
    U"避荣孙逃束跳顶玉镇雪午练肉馆础卷宁纸诸训私庄丝翻暴森握隐熟骨访歌店典欲盘扩盖雄稳忘亿徒齐赛趣曲床迎"
    U"虚析窗透购替努休途侵刑绿兄套贸毕谷轮库延震伟麻川申售针络抵植夏页筑折尊秀染盛怒舞圆措姓残秋培迷诚宽"
    U"宇猛梅伸摩盟末拍邀彼贫羊"
    // and what Japanese writes more than Chinese
    U"円県氏込働様駅歳側払済続頃曜週番館物予確認際必要求勝負試合選手監督首相都府庁署課係株式会社放送映画"
    U"楽曲歌番組製品発売価格販売店舗利用者向情報記事掲載写真動画";

struct CommonChars {
    std::bitset<0x10000> zh, ja1, ja2, frequent;

    CommonChars() {
        fill(zh, "GB18030", 0xB0, 0xD7, 0xA1, 0xFE, 0xD7F9);
        fill(zh, "Big5-HKSCS", 0xA4, 0xC6, 0x40, 0xFE, 0xC67E);
        fill(ja1, "EUC-JP", 0xB0, 0xCF, 0xA1, 0xFE, 0xCFD3);
        fill(ja2, "EUC-JP", 0xD0, 0xF4, 0xA1, 0xFE, 0xF4A6);
        std::bitset<0x10000> folded;
        for (char32_t c : frequent_han) folded.set(detail::fold_variant(c));
        for (char32_t c = 0x4E00; c <= 0x9FFF; ++c)
            if (folded[detail::fold_variant(c)]) frequent.set(c);
    }

    // Decode every two-byte code lead:trail in the ranges, one per line, and
    // mark what each line decodes to.
    static void fill(std::bitset<0x10000>& set, const char* name, int lead_lo, int lead_hi,
                     int trail_lo, int trail_hi, int last) {
        std::string bytes;
        for (int lead = lead_lo; lead <= lead_hi; ++lead)
            for (int trail = trail_lo; trail <= trail_hi; ++trail) {
                if ((lead << 8 | trail) > last) break;
                if (trail == 0x7F || (trail > 0x7F && trail < 0xA1 && trail_lo == 0x40)) continue;
                bytes += static_cast<char>(lead);
                bytes += static_cast<char>(trail);
                bytes += '\n';
            }
        std::u16string u16;
        Converter conv(name);
        conv.to_utf16(bytes, u16, true);
        std::size_t start = 0;
        for (std::size_t i = 0; i < u16.size(); ++i) {
            if (u16[i] != u'\n') continue;
            if (i == start + 1 && u16[start] != 0xFFFD) set.set(u16[start]);
            start = i + 1;
        }
    }
};

const CommonChars& common_chars() {
    static const CommonChars table;
    return table;
}

enum class Family { Zh, Ja, Any, ZhGb };

bool is_common_punct(char32_t c) {
    switch (c) {
        case 0x3000: case 0x3001: case 0x3002: case 0x3005:           // 　、。々
        case 0x3008: case 0x3009: case 0x300A: case 0x300B:           // 〈〉《》
        case 0x300C: case 0x300D: case 0x300E: case 0x300F:           // 「」『』
        case 0x3010: case 0x3011: case 0x301C:                        // 【】〜
        case 0x2018: case 0x2019: case 0x201C: case 0x201D:           // ‘’“”
        case 0x2014: case 0x2015: case 0x2026: case 0x2027:           // —―…‧
        case 0x00B7: case 0x30FB: case 0x30FC:                        // ·・ー
        case 0xFF01: case 0xFF08: case 0xFF09: case 0xFF0C:           // ！（），
        case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F: case 0xFF5E:  // ．：；？～
        case 0xFF0D: case 0x2212: case 0xFE50: case 0xFE51: case 0xFE52:  // －−﹐﹑﹒
            return true;
        default:
            return false;
    }
}

// How much one decoded character says "this decoding is right".
double weight(char32_t c, Family f, const CommonChars& t) {
    if (c < 0x80) return 0;
    if (c >= 0x4E00 && c <= 0x9FFF) {
        // The frequency bonus: kana-free Japanese in EUC-JP is otherwise
        // GBK's (both read A1-FE pairs, JIS level 1 lands in GB 2312 level 1).
        // Not for Big5: EUC-JP's hiragana row read as Big5 is its commonest
        // characters (也 不 中 之 ...).
        const double bonus = t.frequent[c] ? 0.5 : 0.0;
        switch (f) {
            case Family::Zh: return t.zh[c] ? 1.0 : -0.3;
            case Family::ZhGb: return t.zh[c] ? 1.0 + bonus : -0.3;
            case Family::Ja: return t.ja1[c] ? 1.0 + bonus : t.ja2[c] ? 0.2 + bonus : -0.3;
            case Family::Any: return t.zh[c] || t.ja1[c] ? 1.0 : -0.3;
        }
    }
    const bool zh = f == Family::Zh || f == Family::ZhGb;
    if (c >= 0x3041 && c <= 0x30FA) return zh ? -0.5 : 1.0;  // kana
    if (is_common_punct(c)) return 1.0;
    if (c == 0xFFFD) return 0;  // counted as invalid
    if (c >= 0xFF10 && c <= 0xFF5A) return 0.5;   // full-width digits and letters
    if (c >= 0xFF01 && c <= 0xFF60) return 0.2;   // other full-width ASCII
    if (c >= 0xFF61 && c <= 0xFF9F) return f == Family::Ja ? 0.3 : -0.7;  // half-width katakana
    if (c >= 0x80 && c <= 0x9F) return -3;        // C1 controls
    if (c >= 0xE000 && c <= 0xF8FF) return -2;    // private use
    if (c >= 0x3400 && c <= 0x4DBF) return -1;    // CJK extension A
    if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
        return -1;                                // Hangul: not a language we read
    if (c >= 0xA000 && c <= 0xA4CF) return -2;    // Yi: UTF-16 of the wrong bytes
    if (c >= 0x00A0 && c <= 0x024F) return -1;    // Latin letters in a CJK decoding
    return -0.4;                                  // other symbols, Greek, Cyrillic, forms
}

// weight() for every BMP character and family, in tenths: scoring a sample
// is then one lookup per character.
struct Weights {
    std::array<std::vector<int8_t>, 4> tenths;
    Weights() {
        const CommonChars& t = common_chars();
        for (Family f : {Family::Zh, Family::Ja, Family::Any, Family::ZhGb}) {
            auto& w = tenths[static_cast<std::size_t>(f)];
            w.resize(0x10000);
            for (char32_t c = 0; c < 0x10000; ++c) w[c] = static_cast<int8_t>(std::lround(weight(c, f, t) * 10));
        }
    }
};

const Weights& weights() {
    static const Weights table;
    return table;
}

struct Candidate {
    const char* icu;  // ICU converter name
    const char* label;
    Family family;
};

// GBK/CP936 decoded by GB18030 and Big5/CP950 by Big5-HKSCS give exactly the
// SIGHAN .utf8 texts (measured); ICU's Shift_JIS and EUC-JP give back what
// glibc iconv's SHIFT_JIS and EUC-JP wrote.
constexpr Candidate candidates[] = {
    {"GB18030", "GBK", Family::ZhGb},
    {"Big5-HKSCS", "Big5-HKSCS", Family::Zh},
    {"Shift_JIS", "Shift_JIS", Family::Ja},
    {"EUC-JP", "EUC-JP", Family::Ja},
    {"UTF-16LE", "UTF-16LE", Family::Any},
    {"UTF-16BE", "UTF-16BE", Family::Any},
};

constexpr double invalid_cost = 4.0;

struct Score {
    double score = 0;
    std::size_t invalid = 0;
    std::size_t chars = 0;  // non-ASCII characters
};

Score score_decoding(std::string_view sample, const Candidate& cand) {
    const std::vector<int8_t>& w = weights().tenths[static_cast<std::size_t>(cand.family)];
    thread_local std::u16string u16;
    Score s;
    s.invalid = converter(cand.icu).to_utf16(sample, u16, false);
    long tenths = 0;
    for (char16_t c : u16) {
        if (c < 0x80) continue;
        ++s.chars;
        // A surrogate pair counts twice at -0.4: characters beyond the BMP are rare.
        tenths += U16_IS_SURROGATE(c) ? -4 : w[c];
    }
    s.score = static_cast<double>(tenths) / 10 - invalid_cost * static_cast<double>(s.invalid);
    return s;
}

// windows-1252 as a last resort for Western text: an accented letter sits
// between ASCII letters, while CJK encodings put high bytes in runs.
Score score_latin1(std::string_view sample) {
    Score s;
    const auto* p = reinterpret_cast<const uint8_t*>(sample.data());
    const std::size_t n = sample.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] < 0x80) continue;
        ++s.chars;
        const uint8_t b = p[i];
        if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) {
            ++s.invalid;  // undefined in windows-1252
            s.score -= invalid_cost;
            continue;
        }
        const bool before = i > 0 && p[i - 1] < 0x80;
        const bool after = i + 1 >= n || p[i + 1] < 0x80;
        s.score += before && after ? 1.0 : -1.0;
    }
    return s;
}

// Detection reads a prefix: a small one first, a larger one when the small
// one leaves the choice open.
constexpr std::size_t small_sample = 1024;
constexpr std::size_t large_sample = 32 * 1024;

// The first @p size bytes or so, cut after a line end when there is one.
std::string_view sample_of(std::string_view bytes, std::size_t size = large_sample) {
    if (bytes.size() <= size) return bytes;
    std::string_view s = bytes.substr(0, size);
    auto nl = s.rfind('\n');
    if (nl != std::string_view::npos && nl > size / 2) s = s.substr(0, nl + 1);
    return s;
}

// Could @p sample be UTF-16 (little-endian when @p high is 1)? Its high bytes
// are then mostly those of ASCII/Latin (00-02), CJK punctuation and kana
// (30), CJK ideographs (4E-9F) and full-width forms (FF).
bool utf16_plausible(std::string_view sample, std::size_t high) {
    std::size_t yes = 0, n = 0;
    for (std::size_t i = high; i < sample.size(); i += 2, ++n) {
        const auto b = static_cast<uint8_t>(sample[i]);
        yes += b <= 0x02 || b == 0x30 || (b >= 0x4E && b <= 0x9F) || b == 0xFF;
    }
    return n && yes * 10 >= n * 7;
}

bool has_iso2022jp_escape(std::string_view s) {
    for (const char* esc : {"\x1B$B", "\x1B$@", "\x1B(J", "\x1B$(D", "\x1B(I"})
        if (s.find(esc) != std::string_view::npos) return true;
    return false;
}

// UTF-16 without a BOM: text with ASCII in it has NUL in every other byte.
const char* utf16_by_nuls(std::string_view sample) {
    std::size_t even = 0, odd = 0;
    for (std::size_t i = 0; i < sample.size(); ++i)
        if (sample[i] == '\0') ++(i % 2 ? odd : even);
    const std::size_t pairs = sample.size() / 2;
    if (pairs == 0) return nullptr;
    if (odd * 8 >= pairs && even * 20 <= odd) return "UTF-16LE";
    if (even * 8 >= pairs && odd * 20 <= even) return "UTF-16BE";
    return nullptr;
}

// "GB18030" when the sample uses its four-byte sequences, else "GBK".
const char* gb_label(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (p[i] < 0x81 || p[i] == 0xFF) continue;
        if (p[i + 1] >= 0x30 && p[i + 1] <= 0x39) return "GB18030";
        ++i;  // skip the trail byte
    }
    return "GBK";
}

double confidence_of(const Score& best, double second) {
    if (best.chars == 0) return 0.5;
    const double n = static_cast<double>(best.chars);
    const double quality = std::clamp(best.score / n, 0.0, 1.0);
    const double margin = std::clamp((best.score - second) / n * 2, 0.0, 1.0);
    return std::clamp(0.5 * quality + 0.5 * margin, 0.01, 0.99);
}

Decoded detect_legacy(std::string_view bytes, std::string_view declared, double* best_out = nullptr,
                      bool allow_utf16 = true) {
    static constexpr Candidate latin1{"windows-1252", "windows-1252", Family::Any};
    std::string_view sample;
    const Candidate* best = nullptr;
    Score best_score;
    double second = 0;
    std::vector<std::pair<const Candidate*, Score>> scores;
    auto rank = [&](std::size_t size) {
        sample = sample_of(bytes, size);
        best = nullptr;
        best_score = Score{-1e300, 0, 0};
        second = -1e300;
        scores.clear();
        auto consider = [&](const Candidate* c, const Score& s) {
            scores.emplace_back(c, s);
            if (s.score > best_score.score) {
                second = best_score.score;
                best = c;
                best_score = s;
            } else {
                second = std::max(second, s.score);
            }
        };
        for (const Candidate& c : candidates) {
            if (c.family == Family::Any &&  // UTF-16 without BOM or NULs: CJK only
                (!allow_utf16 || bytes.size() % 2 != 0 ||
                 !utf16_plausible(sample, c.label[6] == 'L' ? 1 : 0)))
                continue;
            consider(&c, score_decoding(sample, c));
        }
        consider(&latin1, score_latin1(sample));
    };
    rank(small_sample);
    const bool clear = best_score.invalid == 0 &&
                       best_score.score - second >= std::max(10.0, 0.2 * std::abs(best_score.score));
    if (!clear && bytes.size() > sample.size()) rank(large_sample);
    if (best_out) *best_out = best_score.score;

    // A declared encoding is followed unless the bytes clearly contradict it.
    if (!declared.empty()) {
        const detail::Charset* cs = detail::find_charset(declared);
        if (cs) {
            Score s;
            bool scored = false;
            for (auto& [c, sc] : scores)
                if (std::string_view(c->icu) == cs->icu) s = sc, scored = true;
            if (!scored) {
                Candidate c{cs->icu, cs->label, Family::Any};
                try {
                    s = score_decoding(sample, c);
                } catch (const std::invalid_argument&) {
                    s.invalid = 1;
                }
                s.score = best_score.score;  // no model for it: only invalid bytes speak
            }
            const double slack = std::max(2.0, 0.1 * std::abs(best_score.score));
            if (s.invalid == 0 && s.score >= best_score.score - slack) {
                std::string label = cs->label;
                if (label == "GBK" || label == "GB2312") label = gb_label(sample);
                return convert_all(bytes, cs->icu, label, 0.9);
            }
        }
    }

    std::string label = best->label;
    if (std::string_view(best->icu) == "GB18030") label = gb_label(sample);
    if (std::string_view(best->icu) == "Big5-HKSCS") {
        // Plain Big5 (CP950) when nothing outside it is used; decoded the same.
        // (CP950 maps the HKSCS rows to private use).
        std::u16string tmp;
        if (converter("windows-950").to_utf16(sample, tmp, false) == 0 &&
            std::none_of(tmp.begin(), tmp.end(), [](char16_t c) { return c >= 0xE000 && c <= 0xF8FF; }))
            label = "Big5";
    }
    return convert_all(bytes, best->icu, label, confidence_of(best_score, second));
}

// How much UTF-8 text made of ASCII and two-byte characters looks like
// real text: accented letters inside Latin words, Greek or Cyrillic in runs,
// common Latin-1 symbols score; a lone character of another script costs.
// True when most non-ASCII characters of valid UTF-8 @p text stand next to
// another non-ASCII character. Han text in a legacy encoding read as UTF-8 is
// runs of two-byte sequences; a '£' or 'é' among English words stands alone.
bool non_ascii_in_runs(std::string_view text) {
    std::size_t total = 0, in_run = 0;
    bool prev = false, prev_counted = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<uint8_t>(text[i]);
        const bool wide = b >= 0x80;
        std::size_t len = 1;
        if (wide) len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (wide) {
            ++total;
            if (prev) {
                ++in_run;
                if (!prev_counted) ++in_run;  // the first of the run too
                prev_counted = true;
            } else {
                prev_counted = false;
            }
        }
        prev = wide;
        i += len;
    }
    return total && in_run * 2 >= total;
}

double two_byte_plausibility(std::string_view text) {
    enum Kind { ascii_letter, latin, greek, cyrillic, symbol, other, none };
    auto kind = [](UChar32 c) {
        if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? ascii_letter : none;
        if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return latin;
        if (c >= 0x370 && c <= 0x3FF) return greek;
        if (c >= 0x400 && c <= 0x4FF) return cyrillic;
        if (c >= 0xA0 && c <= 0xBF) return symbol;
        return other;
    };
    std::vector<Kind> kinds;
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t n = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        kinds.push_back(kind(c));
    }
    double score = 0;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const Kind k = kinds[i];
        if (k == ascii_letter || k == none) continue;
        const Kind before = i ? kinds[i - 1] : none, after = i + 1 < kinds.size() ? kinds[i + 1] : none;
        if (k == symbol) score += 0.5;
        else if (k == latin) score += before == ascii_letter || after == ascii_letter || before == latin || after == latin ? 1 : -1;
        else if (k == greek || k == cyrillic) score += before == k || after == k ? 1 : -1;
        else score -= 1;
    }
    return score;
}

}  // namespace

std::size_t repair_utf8(std::string_view bytes, std::string& out) { return repair(bytes, out).invalid; }

std::string canonical_encoding(std::string_view label) {
    if (const detail::Charset* cs = detail::find_charset(label)) return cs->label;
    std::string name(label);
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr c(ucnv_open(name.c_str(), &status));
    return U_FAILURE(status) ? std::string() : name;
}

Decoded decode(std::string_view bytes, std::string_view encoding, std::string_view declared) {
    if (!encoding.empty()) {
        const detail::Charset* cs = detail::find_charset(encoding);
        if (cs) return convert_all(bytes, cs->icu, cs->label, 1.0);
        std::string name(encoding);
        {
            UErrorCode status = U_ZERO_ERROR;
            ConverterPtr c(ucnv_open(name.c_str(), &status));
            if (U_FAILURE(status)) throw std::invalid_argument("unknown encoding: " + name);
        }
        return convert_all(bytes, name, name, 1.0);
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        Decoded d;
        d.invalid = repair(bytes.substr(3), d.text).invalid;
        d.encoding = "UTF-8";
        d.confidence = 1.0;
        return d;
    }
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        const bool le = bytes[0] == '\xFF';
        return convert_all(bytes.substr(2), le ? "UTF-16LE" : "UTF-16BE", le ? "UTF-16LE" : "UTF-16BE", 1.0);
    }
    if (const char* u16 = utf16_by_nuls(sample_of(bytes, small_sample))) return convert_all(bytes, u16, u16, 0.9);

    // Clearly not UTF-8 from the first bytes: do not repair the whole file.
    {
        const Utf8Scan head = scan_utf8(bytes.substr(0, std::min<std::size_t>(bytes.size(), small_sample)));
        if (head.invalid > 1 && head.multibyte < 8 * head.invalid) return detect_legacy(bytes, declared);
    }
    // Valid UTF-8 settles it in one pass (the common case).
    Decoded d;
    Utf8Scan scan = repair(bytes, d.text);
    if (scan.invalid == 0) {
        // A few two-byte UTF-8 sequences and nothing else may as well be a
        // short GBK or Big5 text (医院 in GBK is D2 BD D4 BA: ҽԺ in UTF-8).
        if (scan.multibyte && scan.multibyte <= 32 && scan.wide == 0 && non_ascii_in_runs(d.text)) {
            double legacy = 0;
            // Not UTF-16, though: ASCII letters read as UTF-16 are CJK
            // ideographs (0x4E-0x7A high bytes), and valid UTF-8 mostly of
            // ASCII is what English text with a '£' or 'é' is.
            Decoded alt = detect_legacy(bytes, declared, &legacy, false);
            if (alt.invalid == 0 && legacy > two_byte_plausibility(d.text) + 2) {
                alt.confidence = std::min(alt.confidence, 0.6);
                return alt;
            }
        }
        if (scan.multibyte == 0 && has_iso2022jp_escape(bytes))
            return convert_all(bytes, "ISO_2022,locale=ja,version=2", "ISO-2022-JP", 1.0);
        const detail::Charset* cs = declared.empty() ? nullptr : detail::find_charset(declared);
        if (scan.multibyte == 0 && cs && cs->ascii_compatible) {
            d.encoding = cs->label;  // the same text either way
        } else {
            d.encoding = "UTF-8";
        }
        d.confidence = 1.0;
        return d;
    }
    // Mostly valid UTF-8 with a few bad bytes (a damaged or truncated file):
    // legacy CJK text is almost never valid UTF-8 for long.
    if (scan.multibyte >= 8 * scan.invalid) {
        d.invalid = scan.invalid;
        d.encoding = "UTF-8";
        d.confidence = static_cast<double>(scan.multibyte) / static_cast<double>(scan.multibyte + 4 * scan.invalid);
        return d;
    }
    return detect_legacy(bytes, declared);
}

}  // namespace hanidx
