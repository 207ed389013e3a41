// Shell completions generated from the CLI definition: bash completes what
// the program accepts, and nothing the program accepts is missing.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "support.hpp"

using namespace hanidx::test;

namespace {

/// What bash's completion function offers for the words of @p line (the
/// last word is the one being completed; "" for a new word).
std::string complete(const std::string& script, const std::vector<std::string>& words) {
    TempDir tmp;
    write_file(tmp / "c.bash", script);
    std::string arr;
    for (const std::string& w : words) arr += " " + sh_quote(w);
    const std::string cmd = "bash -c " +
                            sh_quote("source " + sh_quote(tmp / "c.bash") + "; COMP_WORDS=(" + arr +
                                     "); COMP_CWORD=" + std::to_string(words.size() - 1) +
                                     "; _hanidx 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    ::pclose(p);
    return out;
}

const std::string& bash_script() {
    static const std::string s = [] {
        Run r = run_hanidx("completion bash");
        REQUIRE(r.status == 0);
        return r.out;
    }();
    return s;
}

}  // namespace

TEST_CASE("completion bash: registers _hanidx for hanidx") {
    TempDir tmp;
    write_file(tmp / "c.bash", bash_script());
    Run r = run_hanidx("completion bash");
    FILE* p = ::popen(("bash -c " + sh_quote("source " + sh_quote(tmp / "c.bash") + "; complete -p hanidx")).c_str(), "r");
    REQUIRE(p);
    char buf[256] = {};
    std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    ::pclose(p);
    CHECK(std::string(buf, n) == "complete -F _hanidx hanidx\n");
}

TEST_CASE("completion bash: subcommands, options and option values") {
    CHECK(complete(bash_script(), {"hanidx", "sea"}) == "search\n");
    CHECK(complete(bash_script(), {"hanidx", "search", "--for"}) == "--format\n");
    CHECK(complete(bash_script(), {"hanidx", "search", "--format", ""}) == "text\njson\npaths\n");
    CHECK(complete(bash_script(), {"hanidx", "search", "--sort", "-"}) == "-date\n");
    // --db completes directories only.
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "dbdir");
    write_file(tmp / "dbfile.txt", "x");
    CHECK(complete(bash_script(), {"hanidx", "stats", "--db", tmp / "db"}) == (tmp / "dbdir") + "\n");
    // index takes files.
    CHECK(complete(bash_script(), {"hanidx", "index", tmp / "dbf"}) == (tmp / "dbfile.txt") + "\n");
}

TEST_CASE("completion: every subcommand and every option its --help lists is in each script") {
    Run top = run_hanidx("--help");
    REQUIRE(top.status == 0);
    Run zsh = run_hanidx("completion zsh");
    Run fish = run_hanidx("completion fish");
    REQUIRE(zsh.status == 0);
    REQUIRE(fish.status == 0);
    std::set<std::string> subs;
    const std::regex sub_line(R"(^  ([a-z]+) )");
    std::istringstream lines(top.out);
    bool in_subs = false;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("Subcommands:")) in_subs = true;
        std::smatch m;
        if (in_subs && std::regex_search(line, m, sub_line)) subs.insert(m[1]);
    }
    CHECK(subs.size() >= 8);
    for (const std::string& sub : subs) {
        CAPTURE(sub);
        CHECK(bash_script().find("    " + sub + ")") != std::string::npos);
        CHECK(zsh.out.find("'" + sub + ":") != std::string::npos);
        CHECK(fish.out.find("-a " + sub + " ") != std::string::npos);
        Run help = run_hanidx(sub + " --help");
        REQUIRE(help.status == 0);
        // Option lines: "  -n,--limit UINT ..." or "  --db TEXT ...".
        const std::regex option_line(R"(^ +(?:-[A-Za-z0-9],)?--([a-z][a-z0-9-]*))");
        std::istringstream help_lines(help.out);
        for (std::string line; std::getline(help_lines, line);) {
            std::smatch m;
            if (!std::regex_search(line, m, option_line)) continue;
            const std::string opt = m[1];
            CAPTURE(opt);
            CHECK(bash_script().find("--" + opt) != std::string::npos);
            CHECK(zsh.out.find("'--" + opt + "[") != std::string::npos);
            CHECK(fish.out.find("-l " + opt) != std::string::npos);
        }
    }
}

TEST_CASE("completion: the scripts parse in each shell that is installed") {
    CHECK(std::system("bash -n /dev/null") == 0);
    TempDir tmp;
    write_file(tmp / "c.bash", bash_script());
    CHECK(std::system(("bash -n " + sh_quote(tmp / "c.bash")).c_str()) == 0);
    if (std::system("command -v zsh >/dev/null 2>&1") == 0) {
        write_file(tmp / "_hanidx", run_hanidx("completion zsh").out);
        CHECK(std::system(("zsh -n " + sh_quote(tmp / "_hanidx")).c_str()) == 0);
    }
    if (std::system("command -v fish >/dev/null 2>&1") == 0) {
        write_file(tmp / "hanidx.fish", run_hanidx("completion fish").out);
        CHECK(std::system(("fish -n " + sh_quote(tmp / "hanidx.fish")).c_str()) == 0);
    }
}

TEST_CASE("completion: an unknown shell is a usage error") {
    Run r = run_hanidx("completion tcsh");
    CHECK(r.status == 2);
    CHECK(r.err.starts_with("hanidx: completion: "));
}
