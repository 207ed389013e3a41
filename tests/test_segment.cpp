// Segmentation: text -> words with source byte offsets and script, through
// the same normalize + segment path that documents and queries take; and the
// `hanidx segment` command.
#include <doctest/doctest.h>

#include <memory>

#include "hanidx/analyze.hpp"
#include "hanidx/normalize.hpp"
#include "hanidx/segment.hpp"
#include "support.hpp"

using namespace hanidx;
using namespace hanidx::test;

namespace {

// "word[begin,end,script] ..." for the words of @p text, one paragraph in @p lang.
// A segmenter for @p options; the two option sets without a user dictionary
// are kept, so that the Chinese dictionary is loaded once.
Segmenter& segmenter(const SegmenterOptions& options, std::unique_ptr<Segmenter>& fresh) {
    static Segmenter plain_seg;
    static Segmenter punct_seg([] {
        SegmenterOptions o;
        o.punctuation = true;
        return o;
    }());
    if (options.user_dict.empty() && options.mecab && options.zh_dictionary)
        return options.punctuation ? punct_seg : plain_seg;
    fresh = std::make_unique<Segmenter>(options);
    return *fresh;
}

std::string words(std::string_view text, Lang lang, const SegmenterOptions& options = {}) {
    std::unique_ptr<Segmenter> fresh;
    Segmenter& seg = segmenter(options, fresh);
    std::vector<Token> tokens;
    seg.segment(normalize(text), lang, tokens);
    std::string s;
    for (const Token& t : tokens) {
        if (!s.empty()) s += ' ';
        s += t.text + "[" + std::to_string(t.begin) + "," + std::to_string(t.end) + "," +
             script_name(t.script) + "]";
    }
    return s;
}

// The words only, separated by spaces.
std::string plain(std::string_view text, Lang lang, const SegmenterOptions& options = {}) {
    std::unique_ptr<Segmenter> fresh;
    Segmenter& seg = segmenter(options, fresh);
    std::vector<Token> tokens;
    seg.segment(normalize(text), lang, tokens);
    std::string s;
    for (const Token& t : tokens) {
        if (!s.empty()) s += ' ';
        s += t.text;
    }
    return s;
}

// @p expected with Han variants folded as token texts are (医師 -> 医师).
std::string folded(std::string_view expected) { return normalize_text(expected); }

SegmenterOptions with_punctuation() {
    SegmenterOptions o;
    o.punctuation = true;
    return o;
}

}  // namespace

TEST_CASE("Chinese: dictionary words with byte offsets") {
    CHECK(words("共同创造美好的新世纪", Lang::ZhHans) ==
          "共同[0,6,han] 创造[6,12,han] 美好[12,18,han] 的[18,21,han] 新[21,24,han] 世纪[24,30,han]");
    // jieba's words where ICU has none (本报, 举报) ...
    CHECK(plain("本报北京电检察院举报", Lang::ZhHans) == "本报 北京 电 检察 院 举报");
    // ... and its long entries cut where ICU cuts them.
    CHECK(plain("我们在北京大学学习", Lang::ZhHans) == "我们 在 北京 大学 学习");
    // The same cuts whether ICU's breaks come from the table (simplified, as
    // the dictionary spells it) or from ICU itself (traditional).
    CHECK(plain("中华人民共和国", Lang::ZhHans) == "中华 人民 共和国");
    CHECK(plain("中華人民共和國", Lang::ZhHant) == folded("中華 人民 共和國"));
    // Words are found in the unfolded text; their texts are folded.
    CHECK(words("醫院的歷史", Lang::ZhHant) == folded("醫院[0,6,han] 的[6,9,han] 歷史[9,15,han]"));
}

TEST_CASE("Chinese without the dictionary: ICU's words") {
    SegmenterOptions o;
    o.zh_dictionary = false;
    CHECK(plain("共同创造美好的新世纪", Lang::ZhHans, o) == "共同 创造 美好 的 新 世纪");
    CHECK(plain("本报北京电检察院举报", Lang::ZhHans, o) == "本 报 北京 电 检察 院 举 报");
}

TEST_CASE("HANIDX_ZH_DICT: another word-frequency dictionary, built into a table when opened") {
    TempDir dir;
    const std::string in = dir / "in.txt";
    const std::string dict = dir / "dict.txt";
    write_file(in, "研究生命\n他們學生\n他们学生\n");
    // Odd frequencies, so that the paths differ from jieba's (研究 生命, 他们
    // 学生); the traditional entry 們學 finds either script form: words are folded.
    write_file(dict, "研 5 n\n究生 900 n\n命 5 n\n他 5\n們學 900\n生 5\nnot-han 7 x\n");
    Run r = run_hanidx("segment --lang zh-Hans " + sh_quote(in), "HANIDX_ZH_DICT=" + sh_quote(dict));
    CHECK(r.status == 0);
    CHECK(r.out == "研 究生 命\n他 們學 生\n他 们学 生\n");
    Run jieba = run_hanidx("segment --lang zh-Hans " + sh_quote(in));
    CHECK(jieba.out == "研究 生命\n他們 學生\n他们 学生\n");
}

TEST_CASE("Chinese: numbers stay whole, a number and its unit are two words") {
    // 2013年 is 2013 + 年 as in the UD treebanks (see date_unit() in segment.cpp).
    CHECK(words("2013年8月7日", Lang::ZhHans) ==
          "2013[0,4,number] 年[4,7,han] 8[7,8,number] 月[8,11,han] 7[11,12,number] 日[12,15,han]");
    CHECK(words("21世纪", Lang::ZhHans) == "21[0,2,number] 世纪[2,8,han]");
    // Chinese numerals are one number, with their date unit.
    CHECK(plain("二○○一年新年贺词", Lang::ZhHans) == "二○○一年 新年 贺词");
    CHECK(plain("十二月三十一日", Lang::ZhHans) == "十二月 三十一日");
    // An ordinal and a number with its magnitude are one word.
    CHECK(plain("第6届有20万人", Lang::ZhHans) == "第6 届 有 20万 人");
}

TEST_CASE("numbers, dates, times, URLs and e-mail addresses are single tokens") {
    CHECK(words("2013-08-07 10:30 3.14 1,000 -5 50%", Lang::En) ==
          "2013-08-07[0,10,number] 10:30[11,16,number] 3.14[17,21,number] 1,000[22,27,number] "
          "-5[28,30,number] 50%[31,34,number]");
    CHECK(words("见https://example.com/a?b=1。", Lang::ZhHans) ==
          "见[0,3,han] https://example.com/a?b=1[3,28,url]");
    CHECK(words("Mail someone@example.org.", Lang::En) ==
          "mail[0,4,latin] someone@example.org[5,24,email]");
    CHECK(words("see www.example.com/news, then", Lang::En) ==
          "see[0,3,latin] www.example.com/news[4,24,url] then[26,30,latin]");
    // A sentence-final parenthesis is not part of the URL; a balanced one is.
    CHECK(plain("(http://a.org/x_(y)) ok", Lang::En) == "http://a.org/x_(y) ok");
    // 1-2 is not a date; a - between words is no sign.
    CHECK(plain("pages 1-2, well-known", Lang::En) == "pages 1 2 well known");
}

TEST_CASE("English words, case folded") {
    CHECK(words("The U.S. economy grew", Lang::En) ==
          "the[0,3,latin] u.s[4,7,latin] economy[9,16,latin] grew[17,21,latin]");
}

TEST_CASE("Japanese with MeCab: short-unit words") {
    Segmenter seg;
    std::vector<Token> tokens;
    seg.segment(normalize("私は病院に行きました。"), Lang::Ja, tokens);
    REQUIRE(seg.mecab_loaded());  // libmecab2 and mecab-ipadic-utf8 are dependencies
    CHECK(words("私は病院に行きました。", Lang::Ja) ==
          "私[0,3,han] は[3,6,kana] 病院[6,12,han] に[12,15,kana] 行き[15,21,han] "
          "まし[21,27,kana] た[27,30,kana]");
    // IPADIC's compound particles are split as short units are.
    CHECK(plain("医師として働くという", Lang::Ja) == folded("医師 と し て 働く と いう"));
    CHECK(plain("雨なので中止でしょう", Lang::Ja) == "雨 な の で 中止 でしょう");
    // The middle dot separates the parts of a foreign name.
    CHECK(plain("セントラル・リーグ", Lang::Ja, with_punctuation()) == "セントラル ・ リーグ");
    CHECK(plain("50周年", Lang::Ja) == "50 周年");
}

TEST_CASE("Japanese with MeCab: ICU's breaks at the edges of a run, where ICU never runs its dictionary") {
    // ICU sees U+2605 in place of kana and Han that MeCab segments, except in
    // runs next to a character ICU's rules join to kana: _ (ExtendNumLet)
    // keeps katakana words together, a combining mark stays with its letter.
    CHECK(plain("カタカナ_テストと日本語です", Lang::Ja) == folded("カタカナ_テスト と 日本語 です"));
    CHECK(plain("a_カナ 카나カナ x.カナ 3.カナ", Lang::Ja, with_punctuation()) == "a_カナ 카나 カナ x . カナ 3 . カナ");
    CHECK(words("abc5年def", Lang::Ja) == "abc5[0,4,latin] 年[4,7,han] def[7,10,latin]");
}

TEST_CASE("MeCab is loaded only for Japanese") {
    Segmenter seg;
    std::vector<Token> tokens;
    seg.segment(normalize("人民医院"), Lang::ZhHans, tokens);
    seg.segment(normalize("hospital"), Lang::En, tokens);
    CHECK_FALSE(seg.mecab_loaded());
    seg.segment(normalize("病院"), Lang::Ja, tokens);
    CHECK(seg.mecab_loaded());
}

TEST_CASE("Japanese without MeCab falls back to ICU") {
    SegmenterOptions o;
    o.mecab = false;
    Segmenter seg(o);
    std::vector<Token> tokens;
    seg.segment(normalize("私は病院に行きました。"), Lang::Ja, tokens);
    CHECK_FALSE(seg.mecab_loaded());
    CHECK(plain("私は病院に行きました。", Lang::Ja, o) == "私 は 病院 に 行き ま した");
}

TEST_CASE("offsets point into the source after normalization (full width)") {
    // Full-width letters and digits are 3 bytes each in the source.
    CHECK(words("ＡＢＣ１２３，全角テキスト", Lang::Ja) ==
          "abc123[0,18,latin] 全角[21,27,han] テキスト[27,39,kana]");
    CHECK(words("２０１３年８月", Lang::ZhHans) ==
          "2013[0,12,number] 年[12,15,han] 8[15,18,number] 月[18,21,han]");
    // U+2103 DEGREE CELSIUS becomes two characters, "°c": still one word.
    CHECK(words("5℃", Lang::ZhHans) == "5[0,1,number] °c[1,4,latin]");
}

TEST_CASE("punctuation tokens only when asked for, repeated marks stay whole") {
    CHECK(plain("好——是的……", Lang::ZhHans) == "好 是 的");
    // (NFKC makes U+2026 HORIZONTAL ELLIPSIS three full stops.)
    CHECK(plain("好——是的……", Lang::ZhHans, with_punctuation()) == "好 —— 是 的 ......");
    CHECK(words("（附图）", Lang::ZhHans, with_punctuation()) ==
          "([0,3,punct] 附图[3,9,han] )[9,12,punct]");
}

TEST_CASE("glued: nothing between a token and the one before it") {
    Segmenter seg;
    std::vector<Token> tokens;
    seg.segment(normalize("病院に 行く、hospital"), Lang::Ja, tokens);
    REQUIRE(tokens.size() == 4);
    CHECK_FALSE(tokens[0].glued);
    CHECK(tokens[1].glued);
    CHECK_FALSE(tokens[2].glued);  // a space before
    CHECK_FALSE(tokens[3].glued);  // punctuation before
}

TEST_CASE("user dictionary: its words stay whole, in either script form") {
    TempDir dir;
    const std::string dict = dir / "user.txt";
    write_file(dict, "# names\n亀田総合病院\n人民医院\t5\n\n");
    SegmenterOptions o;
    o.user_dict = dict;
    CHECK(plain("私は亀田総合病院に行きました", Lang::Ja) == folded("私 は 亀田 総合 病院 に 行き まし た"));
    CHECK(plain("私は亀田総合病院に行きました", Lang::Ja, o) == folded("私 は 亀田総合病院 に 行き まし た"));
    CHECK(words("北京人民医院", Lang::ZhHans, o) == "北京[0,6,han] 人民医院[6,18,han]");
    // The traditional spelling of the name finds the shinjitai one.
    write_file(dict, "龜田總合病院\n");
    CHECK(plain("私は亀田総合病院に行きました", Lang::Ja, o) == folded("私 は 亀田総合病院 に 行き まし た"));
    // Full-width and half-width forms of a user word meet.
    write_file(dict, "ｃ＋＋\n");
    CHECK(plain("I like C++ a lot", Lang::En, o) == "i like c++ a lot");
}

TEST_CASE("user dictionary: the heavier word wins where two overlap") {
    TempDir dir;
    const std::string dict = dir / "user.txt";
    write_file(dict, "东京都\t1\n京都大学\t2\n");
    SegmenterOptions o;
    o.user_dict = dict;
    CHECK(plain("东京都大学", Lang::ZhHans, o) == "东 京都大学");
}

TEST_CASE("user dictionary: unreadable file or bad weight is an error naming the file") {
    SegmenterOptions o;
    o.user_dict = "/nonexistent/user.txt";
    CHECK_THROWS_WITH_AS(Segmenter{o}, "/nonexistent/user.txt: cannot read user dictionary", SegmentError);
    TempDir dir;
    o.user_dict = dir / "bad.txt";
    write_file(o.user_dict, "词\tabc\n");
    CHECK_THROWS_WITH_AS(Segmenter{o}, (o.user_dict + ":1: weight is not a number").c_str(), SegmentError);
}

// ---- hanidx segment ----

TEST_CASE("segment: one line in, one line of words out") {
    TempDir dir;
    const std::string in = dir / "in.txt";
    write_file(in, "共同创造美好的新世纪。\r\n\nThe U.S. grew 3.5% in 2013.\n私は病院に行きました。");
    Run r = run_hanidx("segment " + sh_quote(in));
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out ==
          "共同 创造 美好 的 新 世纪 。\n"
          "\n"
          "The U.S . grew 3.5% in 2013 .\n"
          "私 は 病院 に 行き まし た 。\n");
}

TEST_CASE("segment --normalized prints the indexed forms") {
    TempDir dir;
    const std::string in = dir / "in.txt";
    write_file(in, "ＡＢＣ１２３全角\n");
    Run r = run_hanidx("segment --normalized --lang zh-Hans " + sh_quote(in));
    CHECK(r.status == 0);
    CHECK(r.out == "abc123 全角\n");
}

TEST_CASE("segment --format json: text, normalized form, byte offsets, script, language") {
    TempDir dir;
    const std::string in = dir / "in.txt";
    write_file(in, "ＡＢ病院\n");
    Run r = run_hanidx("segment --format json --lang ja " + sh_quote(in));
    CHECK(r.status == 0);
    CHECK(r.out ==
          "{\"line\":1,\"tokens\":["
          "{\"text\":\"ＡＢ\",\"normalized\":\"ab\",\"begin\":0,\"end\":6,\"script\":\"latin\",\"lang\":\"ja\"},"
          "{\"text\":\"病院\",\"normalized\":\"病院\",\"begin\":6,\"end\":12,\"script\":\"han\",\"lang\":\"ja\"}]}\n");
}

TEST_CASE("segment --user-dict keeps a name whole") {
    TempDir dir;
    write_file(dir / "dict.txt", "亀田総合病院\n");
    write_file(dir / "in.txt", "亀田総合病院に行きました\n");
    Run r = run_hanidx("segment --user-dict " + sh_quote(dir / "dict.txt") + " " + sh_quote(dir / "in.txt"));
    CHECK(r.status == 0);
    CHECK(r.out == "亀田総合病院 に 行き まし た\n");
}

TEST_CASE("segment: bad input is a one-line error, exit 2") {
    Run r = run_hanidx("segment /nonexistent/file.txt");
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: /nonexistent/file.txt: No such file or directory\n");
    r = run_hanidx("segment --user-dict /nonexistent/dict.txt -");
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: /nonexistent/dict.txt: cannot read user dictionary\n");
    TempDir dir;
    write_file(dir / "bad.txt", "ok \xff\xfe bad\n");
    r = run_hanidx("segment -", "", dir / "bad.txt");
    CHECK(r.status == 0);
    CHECK(r.out == "ok \xEF\xBF\xBD\xEF\xBF\xBD bad\n");
    CHECK(r.err == "hanidx: (standard input): line 1: invalid UTF-8 replaced by U+FFFD\n");
    r = run_hanidx("segment --encoding no-such-encoding -");
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown encoding: no-such-encoding") != std::string::npos);
}

TEST_CASE("segment FILE decodes a legacy encoding as index does, and --encoding overrides") {
    // Regression: segment read every file as UTF-8 and printed mojibake for GB18030 and Shift_JIS.
    Run gb = run_hanidx("segment " + sh_quote(std::string(HANIDX_CORPORA) + "/zh-Hans_notice.gb18030.txt"));
    CHECK(gb.status == 0);
    CHECK(gb.err.empty());
    CHECK(gb.out.find("医院") != std::string::npos);
    Run sj = run_hanidx("segment " + sh_quote(std::string(HANIDX_CORPORA) + "/ja_notice.shift_jis.txt"));
    CHECK(sj.status == 0);
    CHECK(sj.out.find("病院") != std::string::npos);
    // The same bytes read as another encoding, on request, and from standard input with --encoding.
    Run forced = run_hanidx("segment --encoding windows-1252 " +
                            sh_quote(std::string(HANIDX_CORPORA) + "/ja_notice.shift_jis.txt"));
    CHECK(forced.status == 0);
    CHECK(forced.out.find("病院") == std::string::npos);
    Run piped = run_hanidx("segment --encoding gb18030 -", "",
                           std::string(HANIDX_CORPORA) + "/zh-Hans_notice.gb18030.txt");
    CHECK(piped.status == 0);
    CHECK(piped.out == gb.out);
}

TEST_CASE("index and search take the same --user-dict") {
    TempDir dir;
    write_file(dir / "dict.txt", "亀田総合病院\n");
    write_file(dir / "docs/a.txt", "亀田総合病院のお知らせ\n\n亀田総合病院は千葉県にあります。\n");
    const std::string db = sh_quote(dir / "db");
    const std::string dict = sh_quote(dir / "dict.txt");
    Run r = run_hanidx("index -q --db " + db + " --user-dict " + dict + " " + sh_quote(dir / "docs"));
    REQUIRE(r.status == 0);
    r = run_hanidx("search --db " + db + " --user-dict " + dict + " --format paths 亀田総合病院");
    CHECK(r.status == 0);
    CHECK(r.out.find("a.txt") != std::string::npos);
    // Substrings still find it: the n-gram terms do not depend on the words.
    r = run_hanidx("search --db " + db + " --user-dict " + dict + " --format paths 総合");
    CHECK(r.status == 0);
    CHECK(r.out.find("a.txt") != std::string::npos);
    r = run_hanidx("search --db " + db + " --user-dict /nonexistent/dict.txt 病院");
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: /nonexistent/dict.txt: cannot read user dictionary\n");
}
