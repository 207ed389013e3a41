// Stage 1, decoding: every encoding hanidx detects, as byte strings written
// by iconv, and what becomes of bytes that are not valid.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "hanidx/decode.hpp"

using hanidx::decode;
using hanidx::Decoded;

namespace {

const std::string ja_text = "東京都の病院では、新しい薬剤の研究が進んでいます。\n";

struct Golden {
    std::string what;
    std::string bytes;     // as iconv -t ENCODING wrote them
    std::string encoding;  // what decode() must report
    std::string text;      // what decode() must return
};

// clang-format off
const Golden golden[] = {
    {"GBK (iconv -t GBK)",
     "\xD6\xD0\xBB\xAA\xC8\xCB\xC3\xF1\xB9\xB2\xBA\xCD\xB9\xFA\xB9\xFA\xCE\xF1\xD4\xBA\xB7\xA2\xB2\xBC"
     "\xC1\xCB\xD0\xC2\xB5\xC4\xD2\xBD\xD4\xBA\xB9\xDC\xC0\xED\xB9\xE6\xB6\xA8\xA3\xAC\xD7\xD4\xBD\xF1"
     "\xC4\xEA\xC6\xF0\xCA\xA9\xD0\xD0\xA1\xA3\x0A",
     "GBK", "中华人民共和国国务院发布了新的医院管理规定，自今年起施行。\n"},
    {"GB18030 with four-byte sequences (iconv -t GB18030)",
     "\xC5\xB7\xD4\xAA\xB7\xFB\xBA\xC5\xA2\xE3\xD3\xEB\xB2\xD8\xCE\xC4\x81\x32\xEE\x38\xB6\xBC\xD4\xDA"
     "\xD5\xE2\xC0\xEF\xA1\xA3\x0A",
     "GB18030", "欧元符号€与藏文ཀ都在这里。\n"},
    {"Big5 (iconv -t BIG5)",
     "\xBBO\xC6W\xAA\xBA\xC2\xE5\xB0|\xBBP\xBE\xC7\xAE\xD5\xB3\xA3\xA6\x62\xB3o\xB8\xCC\xA1\x41\xBE\xFA"
     "\xA5v\xB1y\xA4[\xA1\x43\x0A",
     "Big5", "臺灣的醫院與學校都在這裡，歷史悠久。\n"},
    {"Big5-HKSCS: 嘅 is not in CP950 (iconv -t BIG5-HKSCS)",
     "\xAD\xBB\xB4\xE4\xA4H\xC1\xBF\xBCs\xAA\x46\xB8\xDC\xA1\x41\xCA\x5C\x92]\xB8\xDC\xA1u\xAD\xF8\xB8\xD3"
     "\xA1v\xA6P\xAEI\xA1u\x9D\xEF\xA1v\xA1\x43\x0A",
     "Big5-HKSCS", "香港人講廣東話，佢哋話「唔該」同埋「嘅」。\n"},
    {"Shift_JIS (iconv -t SHIFT_JIS)",
     "\x93\x8C\x8B\x9E\x93s\x82\xCC\x95\x61\x89@\x82\xC5\x82\xCD\x81\x41\x90V\x82\xB5\x82\xA2\x96\xF2"
     "\x8D\xDC\x82\xCC\x8C\xA4\x8B\x86\x82\xAA\x90i\x82\xF1\x82\xC5\x82\xA2\x82\xDC\x82\xB7\x81\x42\x0A",
     "Shift_JIS", ja_text},
    {"EUC-JP (iconv -t EUC-JP)",
     "\xC5\xEC\xB5\xFE\xC5\xD4\xA4\xCE\xC9\xC2\xB1\xA1\xA4\xC7\xA4\xCF\xA1\xA2\xBF\xB7\xA4\xB7\xA4\xA4"
     "\xCC\xF4\xBA\xDE\xA4\xCE\xB8\xA6\xB5\xE6\xA4\xAC\xBF\xCA\xA4\xF3\xA4\xC7\xA4\xA4\xA4\xDE\xA4\xB9"
     "\xA1\xA3\x0A",
     "EUC-JP", ja_text},
    {"EUC-JP without kana: also valid GBK (柜惟陕薄怠菇...), told apart by common kanji",
     "\xB9\xF1\xCE\xA9\xC9\xC2\xB1\xA1\xB5\xA1\xB9\xBD\xC5\xEC\xB5\xFE\xB0\xE5\xCE\xC5\xCB\xDC\xC9\xF4"
     "\xC4\xB9\xB2\xF1\xB5\xC4\x0A",
     "EUC-JP", "国立病院機構東京医療本部長会議\n"},
    {"ISO-2022-JP (iconv -t ISO-2022-JP)",
     "\x1B$BEl5~ET$NIB1!$G$O!\x22?7$7$$Lt:^$N8&5f$,?J$s$G$$$^$9!#\x1B(B\x0A",
     "ISO-2022-JP", ja_text},
    {"CP932: wave dash, em dash and minus are the JIS characters (iconv -t CP932)",
     "\x93\x8C\x8B\x9E\x81`\x91\xE5\x8D\xE3\x81\x5C\x90V\x8A\xB2\x90\xFC\x82\xC5\x82R\x8E\x9E\x8A\xD4"
     "\x81|\x82T\x95\xAA\x81\x41\x87@\x94\xD4\x90\xFC\x81\x42\x0A",
     "Shift_JIS", "東京〜大阪—新幹線で３時間−５分、①番線。\n"},
    {"Shift_JIS with half-width katakana (iconv -t SHIFT_JIS)",
     "\xB6\xC0\xB6\xC5\x82\xCC\xC3\xBD\xC4\x82\xC5\x82\xB7\x81\x42\xBA\xDD\xCB\xDF\xAD\xB0\xC0\xB0"
     "\x82\xC6\xCC\xDF\xD8\xDD\xC0\xB0\x81\x42\x0A",
     "Shift_JIS", "ｶﾀｶﾅのﾃｽﾄです。ｺﾝﾋﾟｭｰﾀｰとﾌﾟﾘﾝﾀｰ。\n"},
    {"a short GBK text that is also valid UTF-8 (ҽԺ)", "\xD2\xBD\xD4\xBA\n", "GBK", "医院\n"},
    {"UTF-8 Latin letters stay UTF-8", "Café Müller, Zürich — naïve résumé\n", "UTF-8",
     "Café Müller, Zürich — naïve résumé\n"},
    {"UTF-8 Cyrillic stays UTF-8", "Москва и Санкт-Петербург\n", "UTF-8", "Москва и Санкт-Петербург\n"},
    {"UTF-8 without BOM", "医院と病院 hospital\n", "UTF-8", "医院と病院 hospital\n"},
    {"UTF-8 with BOM: the BOM is dropped", "\xEF\xBB\xBF医院\n", "UTF-8", "医院\n"},
    {"ASCII", "plain ASCII text\n", "UTF-8", "plain ASCII text\n"},
    {"UTF-16LE with BOM", std::string("\xFF\xFE;Sb\x96\x0A\x00", 8), "UTF-16LE", "医院\n"},
    {"UTF-16BE with BOM", std::string("\xFE\xFFS;\x96\x62\x00\x0A", 8), "UTF-16BE", "医院\n"},
    {"UTF-16LE without BOM, by its NUL bytes (iconv -t UTF-16LE)",
     std::string(";Sb\x96h0\xC5ub\x96 \x00h\x00o\x00s\x00p\x00i\x00t\x00\x61\x00l\x00\x0A\x00", 30),
     "UTF-16LE", "医院と病院 hospital\n"},
    {"UTF-16BE without BOM, by its NUL bytes (iconv -t UTF-16BE)",
     std::string("S;\x96\x62\x30hu\xC5\x96\x62\x00 \x00h\x00o\x00s\x00p\x00i\x00t\x00\x61\x00l\x00\x0A", 30),
     "UTF-16BE", "医院と病院 hospital\n"},
    {"windows-1252: isolated accented letters", "caf\xE9 na\xEFve r\xE9sum\xE9\n", "windows-1252",
     "café naïve résumé\n"},
};
// clang-format on

}  // namespace

TEST_CASE("each encoding is detected and decoded exactly") {
    for (const Golden& g : golden) {
        CAPTURE(g.what);
        Decoded d = decode(g.bytes);
        CHECK(d.encoding == g.encoding);
        CHECK(d.text == g.text);
        CHECK(d.invalid == 0);
        CHECK(d.confidence > 0.3);
        CHECK(d.confidence <= 1.0);
    }
}

TEST_CASE("an encoding given by name is used instead of detecting") {
    // The GBK bytes of 中文 read as Big5 give other characters, as asked.
    const std::string gbk = "\xD6\xD0\xCE\xC4";
    Decoded d = decode(gbk, "Big5");
    CHECK(d.encoding == "Big5");
    CHECK(d.confidence == 1.0);
    CHECK(d.text != "中文");
    CHECK(decode(gbk, "gb2312").text == "中文");
    CHECK(decode(gbk, "GBK").encoding == "GBK");
    CHECK(decode(gbk, "cp936").text == "中文");
    CHECK_THROWS_AS(decode(gbk, "no-such-encoding"), std::invalid_argument);
}

TEST_CASE("names as users and HTML write them are canonical") {
    CHECK(hanidx::canonical_encoding("gbk") == "GBK");
    CHECK(hanidx::canonical_encoding("Shift-JIS") == "Shift_JIS");
    CHECK(hanidx::canonical_encoding("sjis") == "Shift_JIS");
    CHECK(hanidx::canonical_encoding("utf8") == "UTF-8");
    CHECK(hanidx::canonical_encoding("euc-jp") == "EUC-JP");
    CHECK(hanidx::canonical_encoding("big5-hkscs") == "Big5-HKSCS");
    CHECK(hanidx::canonical_encoding("no-such-encoding").empty());
}

TEST_CASE("invalid UTF-8 is replaced by U+FFFD and counted, text around it kept") {
    // 0xFF never occurs in UTF-8; 0xE5 0x8C starts 医 but is cut short.
    Decoded d = decode("医院\xFF病院 and \xE5\x8C text 中文中文中文中文中文中文中文中文中文");
    CHECK(d.encoding == "UTF-8");
    CHECK(d.invalid == 2);
    CHECK(d.text == "医院\xEF\xBF\xBD病院 and \xEF\xBF\xBD text 中文中文中文中文中文中文中文中文中文");
    CHECK(d.confidence < 1.0);
}

TEST_CASE("a UTF-8 file cut in the middle of a character keeps all it has") {
    std::string s = "新しい薬剤の研究が進んでいます。";
    Decoded d = decode(s + "\xE3\x81");  // the first two bytes of あ
    CHECK(d.encoding == "UTF-8");
    CHECK(d.invalid == 1);
    CHECK(d.text == s + "\xEF\xBF\xBD");
}

TEST_CASE("a truncated legacy sequence is counted, not dropped") {
    // The GBK text of the golden table with its last byte pair cut in half.
    std::string gbk = "\xD6\xD0\xBB\xAA\xC8\xCB\xC3\xF1\xB9\xB2\xBA\xCD\xB9\xFA\xB9\xFA\xCE\xF1\xD4\xBA"
                      "\xB7\xA2\xB2\xBC\xC1\xCB\xD0\xC2\xB5\xC4\xD2\xBD\xD4\xBA\xB9\xDC\xC0\xED\xD2";
    Decoded d = decode(gbk);
    CHECK(d.encoding == "GBK");
    CHECK(d.invalid == 1);
    CHECK(d.text == "中华人民共和国国务院发布了新的医院管理\xEF\xBF\xBD");
}

TEST_CASE("bytes undefined in the chosen encoding are counted") {
    // Shift_JIS text with 0x85 0x40 (an unassigned code) in the middle.
    std::string sjis = "\x93\x8C\x8B\x9E\x93s\x82\xCC\x95\x61\x89@\x82\xC5\x82\xCD\x81\x41\x85\x40\x90V\x82\xB5"
                       "\x82\xA2\x96\xF2\x8D\xDC\x82\xCC\x8C\xA4\x8B\x86\x82\xAA\x90i\x82\xF1\x82\xC5\x82\xA2";
    Decoded d = decode(sjis);
    CHECK(d.encoding == "Shift_JIS");
    CHECK(d.invalid == 1);
    CHECK(d.text == "東京都の病院では、\xEF\xBF\xBD新しい薬剤の研究が進んでい");
}

TEST_CASE("UTF-16 with an odd byte at the end keeps the text before it") {
    Decoded d = decode(std::string("\xFF\xFE;Sb\x96\x0A", 7));
    CHECK(d.encoding == "UTF-16LE");
    CHECK(d.invalid == 1);
    CHECK(d.text == "医院\xEF\xBF\xBD");
}

TEST_CASE("a declared encoding is followed when the bytes allow it") {
    // Two bytes are both GBK 中文 and Big5 笢恅: nothing tells them apart, so
    // what the document declares decides.
    const std::string bytes = "\xD6\xD0\xCE\xC4";
    CHECK(decode(bytes, {}, "gbk").text == "中文");
    CHECK(decode(bytes, {}, "gbk").encoding == "GBK");
}

TEST_CASE("a declared encoding that lies does not win over clear evidence") {
    // Valid UTF-8 declared as Shift_JIS.
    Decoded d = decode("医院と病院", {}, "shift_jis");
    CHECK(d.encoding == "UTF-8");
    CHECK(d.text == "医院と病院");
    // Shift_JIS declared as EUC-JP: invalid there, so detection decides.
    d = decode("\x93\x8C\x8B\x9E\x93s\x82\xCC\x95\x61\x89@\x82\xC5\x82\xCD\x81\x41", {}, "euc-jp");
    CHECK(d.encoding == "Shift_JIS");
    CHECK(d.text == "東京都の病院では、");
    CHECK(d.invalid == 0);
    // A BOM beats any declaration.
    CHECK(decode("\xEF\xBB\xBF\xE5\x8C\xBB", {}, "big5").encoding == "UTF-8");
}

TEST_CASE("ASCII declared as a legacy encoding reports it") {
    CHECK(decode("plain", {}, "EUC-JP").encoding == "EUC-JP");
    CHECK(decode("plain", {}, "EUC-JP").text == "plain");
}

TEST_CASE("empty input") {
    Decoded d = decode("");
    CHECK(d.text.empty());
    CHECK(d.invalid == 0);
    CHECK(d.encoding == "UTF-8");
}

TEST_CASE("arbitrary bytes never throw and every byte is accounted for") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919 + i / 3) & 0xFF);
    Decoded d = decode(junk);
    CHECK(!d.encoding.empty());
    CHECK(!d.text.empty());
}

TEST_CASE("regression: English UTF-8 with a few pound signs is read as UTF-8") {
    // Even-length ASCII text read as UTF-16 gives plausible-looking CJK
    // ideographs, and C2 A3 ('£' in UTF-8) is a hanzi in GBK: neither may win
    // over valid UTF-8 whose few non-ASCII characters stand alone.
    std::string text =
        "The group test of 100 home photo printers found that although some ink now costs more than "
        "\xC2\xA3" "2 per millilitre it can still be cheaper to produce prints at home than to send them "
        "off to a High Street store. Producing a print on an Epson printer using top quality paper costs "
        "\xC2\xA3" "1.87. At Jessops the same image would cost \xC2\xA3" "2.50 and at Snappy Snaps "
        "\xC2\xA3" "9.99. A 10x7in snap at Boots would cost \xC2\xA3" "4.99, the magazine said.\n";
    for (std::string t : {text, text + "\n"}) {  // even and odd length
        Decoded d = decode(t);
        CHECK(d.encoding == "UTF-8");
        CHECK(d.text == t);
        CHECK(d.invalid == 0);
    }
}

TEST_CASE("binary files are told from text, UTF-16 without a BOM and stray NULs included") {
    using hanidx::looks_binary;
    const std::string para = "北京市人民医院今天宣布，心脏移植手术获得成功。hello\n";
    // Binary: magic numbers, and NULs with many control bytes (an executable).
    CHECK(looks_binary(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)));
    CHECK(looks_binary("\xFF\xD8\xFF\xE0\x00\x10JFIF"));
    CHECK(looks_binary("\x1F\x8B\x08\x00rest of a gzip stream"));
    CHECK(looks_binary(std::string("\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16)));
    CHECK(looks_binary("%PDF-1.7\n"));
    std::string exe;
    for (int i = 0; i < 4096; ++i) exe += static_cast<char>((i * 7919) % 13 == 0 ? 0 : (i * 31) % 40);
    CHECK(looks_binary(exe));
    // Text: plain, legacy encodings, UTF-16 without a BOM, a few NULs, empty.
    CHECK_FALSE(looks_binary(""));
    CHECK_FALSE(looks_binary(para));
    CHECK_FALSE(looks_binary("\x1B$B8=:_\x1B(B ISO-2022-JP"));
    std::string u16le, u16be;
    for (unsigned char c : std::string("utf16 text, ASCII only\n")) u16le += {static_cast<char>(c), '\0'};
    for (char16_t c : std::u16string(u"一丁七万丈三上下不与丐丑专且丕世丗丘丙业丛东丝丞丟")) {
        u16be += static_cast<char>(c >> 8);
        u16be += static_cast<char>(c & 0xFF);
    }
    CHECK_FALSE(looks_binary(u16le));
    CHECK_FALSE(looks_binary(u16be));  // U+4E00.. : NULs and control bytes, all even
    CHECK_FALSE(looks_binary(para + std::string("\0", 1) + para + std::string("\0\0", 2) + para));
}
