// hanidx count, kwic and search's totals as a user and a script see them:
// totals equal the listing, buckets sum to the total, a kwic line per
// occurrence, aligned contexts, the chart on a terminal and not in a pipe.
#include <doctest/doctest.h>

#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "hanidx/width.hpp"
#include "support.hpp"

using namespace hanidx::test;

namespace {

struct Corpus {
    TempDir dir;
    std::string db = dir / "db";
    Corpus() {
        // 30 documents with 医院 (more than search's default --limit of 10), some
        // twice under another path (duplicates), in three months of 2021
        // (none in February) and one undated; Han and Latin mixed.
        for (int i = 0; i < 30; ++i) {
            const std::string month = i % 3 == 0 ? "01" : i % 3 == 1 ? "03" : "04";
            std::string text = "Report " + std::to_string(i) + " 医院通讯\n\n日期：2021-" + month + "-1" +
                               std::to_string(i % 10) + "\n\n";
            for (int k = 0; k <= i % 4; ++k)
                text += "The WHO said 第" + std::to_string(k) + "人民医院 opened, and the hospital 醫院 grew.\n";
            write_file(dir / ("docs/" + month + "/" + std::to_string(i) + ".txt"), text);
            if (i % 5 == 0) write_file(dir / ("docs/copies/" + std::to_string(i) + ".txt"), text);
        }
        write_file(dir / "docs/undated.txt", "Undated\n\n人民医院 says the WHO.\n");
        Run r = run_hanidx("index -q --db " + sh_quote(db) + " " + sh_quote(dir / "docs"));
        REQUIRE(r.status == 0);
    }
};

Corpus& corpus() {
    static Corpus c;
    return c;
}

Run hanidx_db(const std::string& cmd, const std::string& args, const std::string& env = "") {
    return run_hanidx(cmd + " --db " + sh_quote(corpus().db) + " " + args, env);
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

uint64_t number(const std::string& s) { return std::stoull(s); }

/// The output of `hanidx ARGS` on a pseudo-terminal @p columns wide.
std::string on_terminal(const std::string& args, int columns, const std::string& env = "") {
    int master = -1;
    struct winsize ws {};
    ws.ws_col = static_cast<unsigned short>(columns);
    ws.ws_row = 50;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &ws);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string cmd = env + " exec " + sh_quote(HANIDX_BIN) + " " + args;
        ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n <= 0) break;  // EIO once the child has gone
        out.append(buf, static_cast<std::size_t>(n));
    }
    int st = 0;
    ::waitpid(pid, &st, 0);
    ::close(master);
    // The terminal turns \n into \r\n.
    std::string lf;
    for (char c : out)
        if (c != '\r') lf += c;
    return lf;
}

const char* const queries[] = {"医院", "人民医院", "\"hospital grew\"", "WHO", "医院 OR hospital", "hospital -医院",
                               "title:Report", "Report"};

}  // namespace

TEST_CASE("search -c, the footer and the JSON total equal the listing, with more hits than --limit and duplicates") {
    for (const char* q : queries) {
        CAPTURE(q);
        for (const char* dup : {"", "--all-duplicates "}) {
            CAPTURE(dup);
            const std::string query = std::string(dup) + sh_quote(q);
            const uint64_t listed = count_lines(hanidx_db("search", "--format paths --limit 0 " + query).out);
            CHECK(number(hanidx_db("search", "-c " + query).out) == listed);
            auto json = json_lines(hanidx_db("search", "--format json --limit 3 " + query).out);
            CHECK(json.back()["total"] == listed);
            CHECK(json.back()["total_is_estimate"] == false);
            if (listed > 3) {
                Run text = hanidx_db("search", "--limit 3 " + query);
                CHECK(text.out.find("\n" + std::to_string(listed) + " documents match; these are 1-3") !=
                      std::string::npos);
            }
        }
    }
    // Duplicates are collapsed by default: fewer than with --all-duplicates.
    CHECK(number(hanidx_db("search", "-c 医院").out) < number(hanidx_db("search", "-c --all-duplicates 医院").out));
}

TEST_CASE("search --estimate labels its total as an estimate") {
    Run c = hanidx_db("search", "-c --estimate 医院");
    CHECK(c.out.starts_with("about "));
    auto json = json_lines(hanidx_db("search", "--format json --estimate 医院").out);
    CHECK(json.back()["total_is_estimate"] == true);
    CHECK(hanidx_db("search", "--estimate --limit 3 医院").out.find("about ") != std::string::npos);
}

TEST_CASE("count: documents equal the listing, buckets sum to the total, kwic lines equal the occurrences") {
    for (const char* q : queries) {
        CAPTURE(q);
        const uint64_t listed = count_lines(hanidx_db("search", "--format paths --limit 0 " + sh_quote(q)).out);
        auto total = json_lines(hanidx_db("count", "--format json " + sh_quote(q)).out);
        REQUIRE(total.size() == 1);
        CHECK(total[0]["documents"] == listed);
        const uint64_t occurrences = total[0]["occurrences"];
        for (const char* by : {"year", "month", "day", "lang", "dir"}) {
            CAPTURE(by);
            auto lines = json_lines(hanidx_db("count", "--format json --by " + std::string(by) + " " + sh_quote(q)).out);
            REQUIRE(!lines.empty());
            uint64_t docs = 0, occ = 0;
            for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
                CHECK(lines[i]["type"] == "bucket");
                docs += lines[i]["documents"].get<uint64_t>();
                occ += lines[i]["occurrences"].get<uint64_t>();
            }
            if (std::string(by) != "lang") {  // lang counts a document once per language
                CHECK(docs == listed);
                CHECK(occ == occurrences);
            }
            CHECK(lines.back()["documents"] == listed);
        }
        CHECK(count_lines(hanidx_db("kwic", "--limit 0 --format tsv " + sh_quote(q)).out) == occurrences);
        CHECK(count_lines(hanidx_db("kwic", "--limit 0 --format tsv --sort right " + sh_quote(q)).out) ==
              occurrences);
    }
}

TEST_CASE("count --by month: chronological, empty months shown, undated last") {
    Run r = hanidx_db("count", "--format tsv --by month 医院");
    CHECK(r.status == 0);
    std::vector<std::string> names;
    for (std::size_t at = 0; at < r.out.size();) {
        std::size_t nl = std::min(r.out.find('\n', at), r.out.size());
        names.push_back(r.out.substr(at, r.out.find('\t', at) - at));
        at = nl + 1;
    }
    CHECK(names == std::vector<std::string>{"2021-01", "2021-02", "2021-03", "2021-04", "(no date)"});
    CHECK(r.out.find("2021-02\t0\t0\n") != std::string::npos);
}

TEST_CASE("count: an unknown key is an error naming the valid keys, and no match exits 1") {
    Run bad = hanidx_db("count", "--by source 医院");
    CHECK(bad.status == 2);
    CHECK(bad.err == "hanidx: unknown key 'source' to count by (valid: year, month, day, lang, dir)\n");
    CHECK(hanidx_db("count", "zyxwvut").status == 1);
    CHECK(hanidx_db("kwic", "zyxwvut").status == 1);
}

TEST_CASE("kwic: the match as the document spells it, at its byte offset") {
    auto lines = json_lines(hanidx_db("kwic", "--format json --limit 0 医院").out);
    REQUIRE(lines.size() > 2);
    std::size_t traditional = 0;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const std::string match = lines[i]["match"];
        CHECK((match == "医院" || match == "醫院"));
        traditional += match == "醫院";
        if (i < 3) {
            auto shown = json_lines(run_hanidx("show --format json --db " + sh_quote(corpus().db) + " " +
                                               sh_quote(lines[i]["path"].get<std::string>()))
                                        .out);
            REQUIRE(shown.size() == 1);
            const std::string text = shown[0]["text"];
            CHECK(text.substr(lines[i]["offset"].get<std::size_t>(), match.size()) == match);
        }
    }
    CHECK(traditional > 0);
    CHECK(lines.back()["type"] == "summary");
}

TEST_CASE("kwic: contexts aligned by display width with Han and Latin mixed, newlines shown as a mark") {
    const std::size_t width = 17;
    Run r = hanidx_db("kwic", "--limit 0 --width " + std::to_string(width) + " 医院");
    REQUIRE(r.status == 0);
    std::size_t lines = 0;
    for (std::size_t at = 0; at < r.out.size(); ++lines) {
        const std::size_t nl = std::min(r.out.find('\n', at), r.out.size());
        const std::string line = r.out.substr(at, nl - at);
        at = nl + 1;
        CAPTURE(line);
        // The first `width` columns are the left context, then two spaces and the match.
        std::size_t cut = 0;
        while (cut < line.size() && hanidx::display_width(line.substr(0, cut)) < width) {
            ++cut;
            while (cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) ++cut;
        }
        CHECK(hanidx::display_width(line.substr(0, cut)) == width);
        const std::string rest = line.substr(cut);
        CHECK((rest.starts_with("  医院  ") || rest.starts_with("  醫院  ")));
    }
    CHECK(lines > 10);
    CHECK(r.out.find("⏎") != std::string::npos);  // a context reaching over a line break
}

TEST_CASE("kwic --limit counts lines and the footer says where it cut") {
    Run r = hanidx_db("kwic", "--limit 5 医院");
    CHECK(count_lines(r.out) == 6);
    CHECK(r.out.find("lines 1-5 (--limit 5); --offset 5 for more, --limit 0 for all") != std::string::npos);
    Run next = hanidx_db("kwic", "--limit 5 --offset 5 --format tsv 医院");
    CHECK(count_lines(next.out) == 5);
}

TEST_CASE("count: a bar chart fitted to the terminal, none in a pipe, colour only where allowed") {
    const std::string args = "count --db " + sh_quote(corpus().db) + " --by month 医院";
    const std::string tty = on_terminal(args, 60, "TERM=xterm");
    CAPTURE(tty);
    CHECK(tty.find("█") != std::string::npos);
    CHECK(tty.find("\x1b[") != std::string::npos);
    for (std::size_t at = 0; at < tty.size();) {
        const std::size_t nl = std::min(tty.find('\n', at), tty.size());
        std::string line = tty.substr(at, nl - at);
        at = nl + 1;
        std::string plain;  // without SGR sequences
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\x1b') i = std::min(line.find('m', i), line.size());
            else plain += line[i];
        }
        CHECK(hanidx::display_width(plain) <= 60);
    }
    const std::string no_color = on_terminal(args, 60, "NO_COLOR=1 TERM=xterm");
    CHECK(no_color.find("█") != std::string::npos);
    CHECK(no_color.find("\x1b[") == std::string::npos);
    CHECK(on_terminal(args, 60, "TERM=dumb").find("\x1b[") == std::string::npos);
    Run pipe = run_hanidx(args);
    CHECK(pipe.out.find("2021-02") != std::string::npos);
    CHECK(pipe.out.find("█") == std::string::npos);
    CHECK(pipe.out.find("▏") == std::string::npos);
    CHECK(pipe.out.find("\x1b[") == std::string::npos);
}

TEST_CASE("search --facets: document counts per bucket after the hits and in the JSON summary") {
    auto json = json_lines(hanidx_db("search", "--format json --facets month,lang,dir 医院").out);
    const auto& summary = json.back();
    REQUIRE(summary["facets"].contains("month"));
    uint64_t docs = 0;
    for (const auto& b : summary["facets"]["month"]) docs += b["documents"].get<uint64_t>();
    CHECK(docs == summary["total"]);
    CHECK(!summary["facets"]["lang"].empty());
    CHECK(summary["facets"]["dir"].size() >= 4);  // 01, 03, 04, docs (and copies/ if a copy is kept)
    Run text = hanidx_db("search", "--facets month 医院");
    CHECK(text.out.find("\nmonth: 2021-01 ") != std::string::npos);
    CHECK(hanidx_db("search", "--facets nonsense 医院").status == 2);
}

TEST_CASE("count and kwic with --all-duplicates count every copy, as search does") {
    const uint64_t listed = count_lines(hanidx_db("search", "--all-duplicates --format paths --limit 0 医院").out);
    auto all = json_lines(hanidx_db("count", "--all-duplicates --format json 医院").out);
    auto one = json_lines(hanidx_db("count", "--format json 医院").out);
    CHECK(all[0]["documents"] == listed);
    CHECK(all[0]["occurrences"].get<uint64_t>() > one[0]["occurrences"].get<uint64_t>());
    CHECK(count_lines(hanidx_db("kwic", "--all-duplicates --limit 0 --format tsv 医院").out) == all[0]["occurrences"]);
}

TEST_CASE("kwic --sort date: oldest document first, undated first") {
    Run r = hanidx_db("kwic", "--sort date --limit 0 --format tsv 医院");
    std::vector<std::string> dates;
    for (std::size_t at = 0; at < r.out.size();) {
        const std::size_t nl = std::min(r.out.find('\n', at), r.out.size());
        const std::string line = r.out.substr(at, nl - at);
        at = nl + 1;
        const std::size_t tab = line.find('\t');
        dates.push_back(line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1));
    }
    REQUIRE(dates.size() > 10);
    CHECK(dates.front().empty());
    CHECK(std::is_sorted(dates.begin(), dates.end()));
}
