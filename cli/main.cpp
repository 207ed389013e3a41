// hanidx: index and search Chinese, Japanese and English text with Xapian.
#include <algorithm>
#include <csignal>
#include <exception>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "hanidx/error.hpp"
#include "hanidx/version.hpp"

namespace {

/// What `hanidx --version` prints: hanidx, the index format, then each library and dictionary.
std::string version_text() {
    std::string s = std::string("hanidx ") + hanidx::version() + " (writes index format " +
                    hanidx::index_format() + ")";
    for (const hanidx::Component& c : hanidx::components()) {
        s += "\n  " + c.name + " " + (c.version.empty() ? "-" : c.version);
        if (!c.note.empty()) s += " (" + c.note + ")";
    }
    return s;
}

/// Levenshtein distance between two short ASCII words.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

int main(int argc, char** argv) {
    using namespace hanidx::cli;
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE -> BrokenPipe

    // The usage line says "hanidx", not the path the binary was started by.
    CLI::App app{"hanidx: full-text index and search for Chinese, Japanese and English text", "hanidx"};
    app.set_version_flag("--version", version_text());
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
    if (argc > 1 && !named && argv[1][0] != '-') {
        // A mistyped subcommand: name the nearest one, as git does.
        const std::string_view typed = argv[1];
        const CommandInfo* best = nullptr;
        std::size_t best_d = 0;
        for (const CommandInfo& c : all) {
            const std::size_t d = edit_distance(typed, c.name);
            if (!best || d < best_d) best = &c, best_d = d;
        }
        std::string msg = "'" + std::string(typed) + "' is not a subcommand";
        if (best && best_d <= std::max<std::size_t>(2, typed.size() / 3))
            msg += "; did you mean '" + std::string(best->name) + "'?";
        else msg += " (hanidx --help lists them)";
        warn(msg);
        return error;
    }
    for (const CommandInfo& c : all) {
        if (named && &c != named) continue;
        CLI::App* sub = app.add_subcommand(c.name, c.help);
        subcommands.emplace_back(sub, c.setup(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e) == 0 ? ok : error;
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e) == 0 ? ok : error;
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e) == 0 ? ok : error;
    } catch (const CLI::ParseError& e) {
        // One line, with the prefix every other message has, and where to
        // read more; like grep, any usage error is exit 2.
        const std::string where = named ? std::string("hanidx ") + named->name : std::string("hanidx");
        warn((named ? std::string(named->name) + ": " : std::string()) + e.what() + " (" + where +
             " --help)");
        return error;
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
