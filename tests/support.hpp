// Helpers shared by the tests: temporary directories and running the real
// hanidx binary.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace hanidx::test {

/// A fresh directory, removed with everything in it at the end of the scope.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "hanidx-test-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

/// Write @p bytes to @p file, creating parent directories.
inline void write_file(const std::string& file, std::string_view bytes) {
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Quote @p s for /bin/sh.
inline std::string sh_quote(std::string_view s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

/// What a command printed and how it exited.
struct Run {
    std::string out;  ///< stdout
    std::string err;  ///< stderr
    int status = -1;  ///< exit status (128+N for a signal)
};

/// Run `hanidx ARGS` through /bin/sh; @p args is shell text (quote with sh_quote);
/// standard input is the file @p in.
inline Run run_hanidx(const std::string& args, const std::string& env = "", const std::string& in = "/dev/null") {
    TempDir tmp;
    std::string errfile = tmp / "stderr";
    std::string cmd = env + " " + sh_quote(HANIDX_BIN) + " " + args + " 2>" + sh_quote(errfile) + " <" + sh_quote(in);
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("popen failed");
    std::array<char, 65536> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    std::ifstream e(errfile, std::ios::binary);
    r.err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
    return r;
}

/// Number of lines in @p s.
inline std::size_t count_lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

}  // namespace hanidx::test
