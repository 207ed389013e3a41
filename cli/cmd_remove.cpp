// hanidx remove: take documents out of the database.
#include <filesystem>
#include <memory>

#include "common.hpp"
#include "hanidx/index.hpp"

namespace fs = std::filesystem;

namespace hanidx::cli {

namespace {

struct RemoveOptions {
    Common common;
    std::vector<std::string> paths;
    bool quiet = false;
};

/// The canonical form of @p path as index stores it; the file may be gone.
std::string stored_form(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::canonical(path, ec);
    if (!ec) return p.string();
    p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    std::string s = p.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

int run_remove(const RemoveOptions& opt) {
    const std::string db = resolve_db(opt.common);
    if (!fs::exists(db)) throw std::runtime_error(db + ": no hanidx database here");
    IndexWriter writer(db);
    uint64_t removed = 0;
    bool missing = false;
    for (const std::string& given : opt.paths) {
        const uint64_t n = writer.remove_tree(stored_form(given));
        if (n == 0) {
            warn(given + ": not in the index");
            missing = true;
        }
        removed += n;
    }
    writer.commit();
    if (!opt.quiet)
        warn(std::to_string(removed) + " document" + (removed == 1 ? "" : "s") + " removed; " +
             std::to_string(writer.size()) + " left in " + db);
    return missing ? no_match : ok;
}

}  // namespace

Runner setup_remove(CLI::App& app) {
    auto opt = std::make_shared<RemoveOptions>();
    add_db_option(app, opt->common);
    app.add_option("paths", opt->paths,
                   "files whose documents to remove; a directory removes every document below it")
        ->required();
    app.add_flag("-q,--quiet", opt->quiet, "no summary line");
    app.footer("Exit status: 0 every path had documents to remove; 1 some path had none (named on "
               "stderr); 2 error, e.g. another hanidx process is writing to the database.");
    return [opt] { return run_remove(*opt); };
}

const Command register_remove{"remove", "remove files (or everything below a directory) from the database",
                              setup_remove, 30};

}  // namespace hanidx::cli
