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

/** For a subcommand whose one positional argument is the query: the
 *  arguments reordered as CLI11 reads them, options (with their values) first,
 *  then "--" and the query words in the order given. A word starting with '-'
 *  that is not one of the subcommand's options is a NOT term of the query
 *  when it follows a query word ("医院 -北京") or cannot be an option at all
 *  (a '-' before a non-ASCII character); an unknown option before any query
 *  word is left to CLI11 to report, and "--x" is always an option: with
 *  one of those, nothing is reordered (an empty result).
 */
std::vector<std::string> query_last(const CLI::App& sub, int argc, char** argv) {
    auto option_of = [&](std::string_view a) -> const CLI::Option* {
        const std::string name(a.substr(0, a.find('=')));
        for (const CLI::Option* o : sub.get_options()) {
            if (o->get_positional()) continue;
            for (const std::string& l : o->get_lnames())
                if (name == "--" + l) return o;
            for (const std::string& sh : o->get_snames())
                if (a.size() >= 2 && a.substr(0, 2) == "-" + sh) return o;
        }
        return nullptr;
    };
    std::vector<std::string> options, words;
    bool seen_word = false;
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--") {
            for (++i; i < argc; ++i) words.emplace_back(argv[i]);
            break;
        }
        const bool dash = a.size() > 1 && a[0] == '-';
        const CLI::Option* o = dash ? option_of(a) : nullptr;
        const bool not_term = dash && !o && !a.starts_with("--") &&
                              (seen_word || static_cast<unsigned char>(a[1]) >= 0x80);
        if (!dash || not_term) {
            words.emplace_back(a);
            seen_word = true;
            continue;
        }
        if (!o) return {};  // an unknown option: CLI11 reports the command line as given
        options.emplace_back(a);
        // The option's value is the next argument unless it is attached ("--limit=5", "-n5").
        const bool attached = a.find('=') != std::string_view::npos || (!a.starts_with("--") && a.size() > 2);
        if (o->get_items_expected_max() > 0 && !attached && i + 1 < argc) options.emplace_back(argv[++i]);
    }
    std::vector<std::string> out{argv[0], argv[1]};
    out.insert(out.end(), options.begin(), options.end());
    if (!words.empty()) out.emplace_back("--");
    out.insert(out.end(), words.begin(), words.end());
    return out;
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

    // search, count and kwic: "-WORD" among the query words is a NOT term,
    // not an unknown option.
    std::vector<std::string> reordered;
    std::vector<char*> args;
    if (named && subcommands.size() == 1) {
        const CLI::App& sub = *subcommands[0].first;
        std::size_t positionals = 0;
        bool query = false;
        for (const CLI::Option* o : sub.get_options())
            if (o->get_positional()) ++positionals, query = o->get_name() == "query";
        if (positionals == 1 && query) {
            reordered = query_last(sub, argc, argv);
            for (std::string& a : reordered) args.push_back(a.data());
            if (!args.empty()) {
                argc = static_cast<int>(args.size());
                argv = args.data();
            }
        }
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
