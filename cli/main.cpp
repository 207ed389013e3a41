// hanidx: index and search Chinese, Japanese and English text with Xapian.
#include <csignal>
#include <exception>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "hanidx/error.hpp"

int main(int argc, char** argv) {
    using namespace hanidx::cli;
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE -> BrokenPipe

    CLI::App app{"hanidx: full-text index and search for Chinese, Japanese and English text"};
    app.set_version_flag("--version", std::string("hanidx 0.1.0"));
    app.require_subcommand(1);
    std::vector<std::pair<CLI::App*, Runner>> subcommands;
    // The subcommand named first on the command line is the only one set up
    // (each sets up its options, a few dozen CLI11 objects): a search
    // process does not build the other six. Without one (--help, --version,
    // a typo), all are, for the listing and the error message.
    const std::vector<CommandInfo> all = commands();
    const CommandInfo* named = nullptr;
    if (argc > 1)
        for (const CommandInfo& c : all)
            if (std::string_view(argv[1]) == c.name) named = &c;
    for (const CommandInfo& c : all) {
        if (named && &c != named) continue;
        CLI::App* sub = app.add_subcommand(c.name, c.help);
        subcommands.emplace_back(sub, c.setup(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 uses exit codes from 100 up; like grep, any usage error is 2.
        int code = app.exit(e);
        return code == 0 ? ok : error;
    }
    try {
        for (auto& [sub, run] : subcommands)
            if (sub->parsed()) return run();
    } catch (const BrokenPipe&) {
        return ok;  // the reader went away (| head): end quietly
    } catch (const std::exception& e) {
        warn(e.what());
        return error;
    }
    return error;
}
