// hanidx search as a user and a script see it: output formats, exit
// statuses, colour rules, a closed pipe. Small corpora in temp dirs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace hanidx::test;

namespace {

struct Corpus {
    TempDir dir;
    std::string db = dir / "db";
    Corpus() {
        write_file(dir / "docs/zh/1.txt", "人民医院新闻\n\n北京市人民医院今天开展了心脏移植手术。人民医院很大。\n");
        write_file(dir / "docs/ja/1.txt", "病院のお知らせ\n\n東京の総合病院で移植が行われた。\n");
        write_file(dir / "docs/en/1.txt", "Heart transplant news\n\nDoctors performed a heart transplant.\n");
        write_file(dir / "docs/en/2.txt", "Market report\n\nThe transplanted trees grew in the heart of the city.\n");
        Run r = run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir / "docs"));
        REQUIRE(r.status == 0);
    }
};

Corpus& corpus() {
    static Corpus c;
    return c;
}

Run search(const std::string& args, const std::string& env = "") {
    return run_hanidx("search --db " + sh_quote(corpus().db) + " " + args, env);
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::size_t at = 0;
    while (at < out.size()) {
        std::size_t nl = out.find('\n', at);
        REQUIRE(nl != std::string::npos);
        lines.push_back(nlohmann::json::parse(out.substr(at, nl - at)));
        at = nl + 1;
    }
    return lines;
}

}  // namespace

TEST_CASE("exit status: 0 matched, 1 nothing matched, 2 a bad query") {
    CHECK(search("移植").status == 0);
    Run none = search("zyxwvut");
    CHECK(none.status == 1);
    CHECK(none.out.empty());
    Run bad = search(sh_quote("(医院 OR"));
    CHECK(bad.status == 2);
    CHECK(bad.out.empty());
    CHECK(bad.err == "hanidx: query: unbalanced parenthesis at column 1: (医院 OR\n");
    CHECK(search("--sort nonsense 移植").status == 2);
    CHECK(search("--limit -1 移植").status == 2);  // not "every hit" by wrapping around
    CHECK(search("--offset -3 移植").status == 2);
}

TEST_CASE("a 100,000-character query ends quickly: an error or no match, never a crash") {
    std::string words;
    for (int i = 0; words.size() < 100000; ++i) words += "w" + std::to_string(i) + " ";
    Run many = search(sh_quote(words.substr(0, 100000)));
    CHECK(many.status == 2);
    CHECK(many.err.starts_with("hanidx: query: too many words and fields (more than 256) at column"));
    CHECK(count_lines(many.err) == 1);
    Run one = search(std::string(100000, 'a'));  // one word, longer than any indexed term
    CHECK(one.status == 1);
    CHECK(one.err.empty());
    std::string han;
    for (int i = 0; i < 10000; ++i) han += "医院";  // 20,000 characters: one phrase too long to search
    Run phrase = search(sh_quote(han));
    CHECK(phrase.status == 2);
    CHECK(phrase.err.starts_with("hanidx: query: text too long at column 1"));
}

TEST_CASE("path: relative to the current directory") {
    const std::string cd = "cd " + sh_quote(corpus().dir / "docs/en") + " &&";
    Run here = search("--format paths --limit 0 'path:. heart'", cd);
    CHECK(count_lines(here.out) == 2);
    Run up = search("--format paths --limit 0 'path:../zh 移植'", cd);
    CHECK(up.out == corpus().dir / "docs/zh/1.txt" + "\n");
    CHECK(search("--format paths 'path:./zh 移植'", cd).status == 1);  // there is no docs/en/zh
}

TEST_CASE("a query starting with - is passed after --") {
    Run r = search("--format paths -- -北京 移植");
    CHECK(r.status == 0);
    CHECK(r.out == corpus().dir / "docs/ja/1.txt" + "\n");
}

TEST_CASE("--format json: one object per hit and a summary") {
    Run r = search("--format json 人民医院");
    REQUIRE(r.status == 0);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 2);
    const auto& hit = lines[0];
    CHECK(hit["type"] == "match");
    CHECK(hit["rank"] == 1);
    CHECK(hit["path"] == corpus().dir / "docs/zh/1.txt");
    CHECK(hit["title"] == "人民医院新闻");
    CHECK(hit["date"].is_null());
    REQUIRE(hit["languages"].is_array());
    CHECK(hit["languages"][0] == "zh-Hans");
    CHECK(hit["score"].is_number());
    // Offsets are bytes: into the document text and into the snippet.
    REQUIRE(hit["matches"].size() == 3);
    for (const auto& m : hit["matches"]) CHECK(m[1].get<int>() - m[0].get<int>() == 12);  // 4 chars x 3 bytes
    const std::string snippet = hit["snippet"];
    REQUIRE(hit["snippet_matches"].size() == 3);
    for (const auto& m : hit["snippet_matches"])
        CHECK(snippet.substr(m[0].get<std::size_t>(), m[1].get<std::size_t>() - m[0].get<std::size_t>()) ==
              "人民医院");
    const auto& summary = lines[1];
    CHECK(summary["type"] == "summary");
    CHECK(summary["total"] == 1);
    CHECK(summary["returned"] == 1);
}

TEST_CASE("--format paths, -0, --limit, --offset, --count") {
    Run all = search("--format paths --limit 0 'heart OR 移植'");
    CHECK(all.status == 0);
    CHECK(count_lines(all.out) == 4);
    Run one = search("--format paths --limit 1 'heart OR 移植'");
    CHECK(count_lines(one.out) == 1);
    Run second = search("--format paths --limit 1 --offset 1 'heart OR 移植'");
    CHECK(count_lines(second.out) == 1);
    CHECK(all.out.find(second.out) == one.out.size());  // the second line of the full list
    Run past = search("--format paths --offset 10 'heart OR 移植'");
    CHECK(past.status == 0);  // there are matches, just not on this page
    CHECK(past.out.empty());

    Run nul = search("-0 --limit 0 移植");
    CHECK(nul.out.find('\n') == std::string::npos);
    CHECK(std::count(nul.out.begin(), nul.out.end(), '\0') == 2);

    Run count = search("--count 'heart OR 移植'");
    CHECK(count.status == 0);
    CHECK(count.out == "4\n");
    Run zero = search("--count zyxwvut");
    CHECK(zero.status == 1);
    CHECK(zero.out == "0\n");
}

TEST_CASE("--sort takes relevance, date and -date") {
    for (const char* s : {"relevance", "date", "-date"}) {
        CAPTURE(s);
        Run r = search(std::string("--format paths --limit 0 --sort=") + s + " 'heart OR 移植'");
        CHECK(r.status == 0);
        CHECK(count_lines(r.out) == 4);
    }
}

TEST_CASE("--explain prints the parsed query and its terms without searching") {
    Run r = search("--explain '人民医院 OR title:news'");
    CHECK(r.status == 0);
    CHECK(r.out.find("parsed: (or 人民医院 title:news)") != std::string::npos);
    CHECK(r.out.find("Snews") != std::string::npos);
    CHECK(r.out.find("W医院") != std::string::npos);  // whole words, for ranking
    // The bigrams, all of them in the document and at consecutive positions.
    CHECK(r.out.find("人民 AND 民医 AND 医院") != std::string::npos);
    CHECK(r.out.find("positions 人民@0 民医@1 医院@2)") != std::string::npos);
    CHECK(search("--explain 'transplant*'").out.find("wildcard transplant*: transplant transplanted\n") !=
          std::string::npos);
}

TEST_CASE("a Chinese query is segmented as documents are: jieba's words are its whole-word terms") {
    // ICU alone splits 本报举报 into single characters; jieba's dictionary
    // (which documents are indexed with) has 本报 and 举报.
    Run r = search("--explain 本报举报");
    CHECK(r.status == 0);
    CHECK(r.out.find("terms:  S举报 S报举 S本报 W举报 W本报 举报 报举 本报\n") != std::string::npos);
}

TEST_CASE("text output: rank, title, path, snippet - colour only when asked or on a terminal") {
    Run plain = search("人民医院");
    CHECK(plain.out.starts_with("1. 人民医院新闻\n   " + corpus().dir / "docs/zh/1.txt"));
    CHECK(plain.out.find('\x1b') == std::string::npos);  // not a terminal
    CHECK(search("--color never 人民医院").out == plain.out);
    CHECK(plain.out.find("documents match") == std::string::npos);  // every match is shown
    Run page = search("--limit 1 'heart OR 移植'");
    CHECK(page.out.ends_with("\n4 documents match; these are 1-1 (--offset 1 for more, --limit 0 for all)\n"));
    Run always = search("--color always 人民医院");
    CHECK(always.out.find("\x1b[1;31m人民医院\x1b[0m") != std::string::npos);
    CHECK(search("--color always 人民医院", "NO_COLOR=1").out == always.out);  // an explicit flag wins
}

TEST_CASE("on a terminal: colour unless NO_COLOR or TERM=dumb") {
    if (std::system("command -v script >/dev/null 2>&1") != 0) return;  // util-linux script(1) gives a pty
    auto on_tty = [](const std::string& env) {
        TempDir tmp;
        std::string cmd = env + " " + sh_quote(HANIDX_BIN) + " search --db " + sh_quote(corpus().db) + " 人民医院";
        std::string out = tmp / "out";
        std::system(("script -qec " + sh_quote(cmd) + " /dev/null > " + sh_quote(out) + " 2>&1 </dev/null").c_str());
        std::ifstream in(out, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    CHECK(on_tty("TERM=xterm").find("\x1b[1;31m") != std::string::npos);
    CHECK(on_tty("TERM=xterm NO_COLOR=1").find('\x1b') == std::string::npos);
    CHECK(on_tty("TERM=dumb").find('\x1b') == std::string::npos);
}

TEST_CASE("duplicate articles show once unless --all-duplicates") {
    TempDir dir;
    const std::string text = "人民医院新闻\n\n北京市人民医院今天开展了心脏移植手术。\n";
    write_file(dir / "docs/a.txt", text);
    write_file(dir / "docs/copy/a.txt", text);
    write_file(dir / "docs/other.txt", "人民医院消息\n\n人民医院很大。\n");
    const std::string db = dir / "db";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir / "docs")).status == 0);
    const std::string base = "search --db " + sh_quote(db) + " ";
    Run one = run_hanidx(base + "--format paths --limit 0 人民医院");
    CHECK(count_lines(one.out) == 2);
    CHECK(run_hanidx(base + "--count 人民医院").out == "2\n");
    Run all = run_hanidx(base + "--all-duplicates --format paths --limit 0 人民医院");
    CHECK(count_lines(all.out) == 3);
    CHECK(run_hanidx(base + "--all-duplicates --count 人民医院").out == "3\n");
    Run json = run_hanidx(base + "--format json 人民医院");
    CHECK(json.out.find("\"total\":2") != std::string::npos);
}

TEST_CASE("a reader that goes away (| head) ends the search quietly") {
    TempDir dir;
    std::string text = "Title\n\n";
    for (int i = 0; i < 40; ++i) text += "The heart transplant went well. ";
    for (int i = 0; i < 120; ++i) write_file(dir / ("docs/" + std::to_string(i) + ".txt"), text);
    const std::string db = dir / "db";
    REQUIRE(run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir / "docs")).status == 0);
    // More than a pipe buffer of output; the reader closes after one byte.
    std::string cmd = "bash -c " + sh_quote(sh_quote(HANIDX_BIN) + " search --all-duplicates --db " + sh_quote(db) +
                                           " --format json --limit 0 heart 2>" + sh_quote(dir / "err") +
                                           " | head -c 1 >/dev/null; echo ${PIPESTATUS[0]}");
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[64] = {};
    std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    ::pclose(p);
    CHECK(std::string(buf, n) == "0\n");
    std::ifstream e(dir / "err");
    CHECK(std::string(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>()).empty());
}

TEST_CASE("-F/--literal: a pasted headline with quotes and operators is text") {
    // Without -F the quote is unterminated; with it, the words in order.
    CHECK(search("--format paths " + sh_quote("Doctors \"performed a heart")).status == 2);
    Run r = search("-F --format paths " + sh_quote("Doctors \"performed a heart"));
    CHECK(r.status == 0);
    CHECK(r.out == corpus().dir / "docs/en/1.txt" + "\n");
    CHECK(search("--literal --format paths " + sh_quote("heart OR transplanted")).status == 1);  // OR is a word
    CHECK(search("-F --explain " + sh_quote("(a OR b)")).out.starts_with("parsed: (a OR b)\n"));
}

TEST_CASE("an unknown field: exit 2 and the known fields") {
    Run r = search(sh_quote("source:xinhua"));
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: query: unknown field 'source' at column 1 (fields: title, lang, path, date, word)\n");
    CHECK(search(sh_quote("http://example.com")).status == 1);  // a URL is text
}

TEST_CASE("--kana, NEAR and word: on the command line") {
    CHECK(search("--kana --format paths " + sh_quote("移植")).status == 0);
    CHECK(search("--format paths " + sh_quote("移植 NEAR/3 病院")).out == corpus().dir / "docs/ja/1.txt" + "\n");
    CHECK(search("--format paths " + sh_quote("word:病院")).out == corpus().dir / "docs/ja/1.txt" + "\n");
    CHECK(search("--help").out.find("NEAR/N") != std::string::npos);
}
