#include "common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace hanidx::cli {

namespace {
std::vector<CommandInfo>& registry() {
    static std::vector<CommandInfo> r;
    return r;
}
}  // namespace

Command::Command(const char* name, const char* help, Setup setup, int order) {
    registry().push_back({name, help, setup, order});
}

std::vector<CommandInfo> commands() {
    auto r = registry();
    std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.order < b.order; });
    return r;
}

void add_db_option(CLI::App& cmd, Common& common) {
    cmd.add_option("--db", common.db,
                   "database directory (default: $HANIDX_DB, else "
                   "${XDG_DATA_HOME:-~/.local/share}/hanidx/default)");
}

std::string resolve_db(const Common& common) {
    if (!common.db.empty()) return common.db;
    if (const char* env = std::getenv("HANIDX_DB"); env && *env) return env;
    std::string base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home) base = std::string(home) + "/.local/share";
    else base = ".";
    return base + "/hanidx/default";
}

void out(std::string_view s) {
    if (s.empty()) return;
    if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) {
        if (errno == EPIPE) throw BrokenPipe{};
        throw std::runtime_error(std::string("cannot write output: ") + std::strerror(errno));
    }
}

void flush_out() {
    if (std::fflush(stdout) != 0) {
        if (errno == EPIPE) throw BrokenPipe{};
        throw std::runtime_error(std::string("cannot write output: ") + std::strerror(errno));
    }
}

void warn(std::string_view what) {
    std::string line = "hanidx: ";
    line.append(what);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

bool stdout_is_tty() { return ::isatty(STDOUT_FILENO) == 1; }
bool stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace hanidx::cli
