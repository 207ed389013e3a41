// Shared pieces of the hanidx subcommands: the database location, output
// that ends quietly on a broken pipe, exit statuses.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <cstring>
#include <functional>
#include <string_view>

namespace hanidx::cli {

/// Exit statuses, as grep and ripgrep use them.
enum Exit : int { ok = 0, no_match = 1, error = 2 };

/// Options every subcommand has.
struct Common {
    std::string db;  ///< --db; resolved by resolve_db()
};

/// Add --db to @p cmd.
void add_db_option(CLI::App& cmd, Common& common);

/// --db, else $HANIDX_DB, else ${XDG_DATA_HOME:-$HOME/.local/share}/hanidx/default.
std::string resolve_db(const Common& common);

/// Thrown when stdout is a closed pipe: the program ends quietly.
struct BrokenPipe {};

/// Write to stdout; throws BrokenPipe when the reader has gone.
void out(std::string_view s);
/// Flush stdout; throws BrokenPipe when the reader has gone.
void flush_out();

/// Print "hanidx: WHAT" on stderr.
void warn(std::string_view what);

/// True when stdout is a terminal.
bool stdout_is_tty();
/// True when stderr is a terminal.
bool stderr_is_tty();

/// What a subcommand's setup returns: the function that runs it.
using Runner = std::function<int()>;
/// A subcommand's setup: adds its options to @p app.
using Setup = Runner (*)(CLI::App& app);

/** Registers a subcommand from its own file, so that adding one touches no
 *  other file:  `static const Command reg{"name", "help", setup_name, 20};`
 *  Subcommands are listed in --help by @p order.
 */
struct Command {
    Command(const char* name, const char* help, Setup setup, int order);
};

struct CommandInfo {
    const char* name;
    const char* help;
    Setup setup;
    int order;
};
/// Every registered subcommand, sorted by order.
std::vector<CommandInfo> commands();

}  // namespace hanidx::cli
