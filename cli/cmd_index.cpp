// hanidx index: walk files and directories, analyze, write to the database.
#include <sys/stat.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "common.hpp"
#include "hanidx/analyze.hpp"
#include "hanidx/index.hpp"

namespace fs = std::filesystem;

namespace hanidx::cli {

namespace {

struct IndexOptions {
    Common common;
    std::vector<std::string> paths;
    std::string encoding;
    std::string user_dict;
    bool quiet = false;
    bool compact = false;
};

struct Counts {
    uint64_t indexed = 0, unchanged = 0, failed = 0, bytes = 0;
};

// Files that a directory walk picks up; a file named on the command line is
// always indexed.
bool indexable_name(const fs::path& p) {
    static const char* const exts[] = {".txt", ".text", ".htm", ".html", ".xhtml", ".shtml", ".md"};
    std::string ext = p.extension().string();
    for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* e : exts)
        if (ext == e) return true;
    return false;
}

bool read_file(const std::string& path, std::string& bytes, std::string& why) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        return false;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
        why = std::strerror(errno);
        return false;
    }
    return true;
}

AnalyzerOptions analyzer_options(const IndexOptions& opt) {
    AnalyzerOptions a;
    a.encoding = opt.encoding;
    a.segmenter.user_dict = opt.user_dict;
    return a;
}

class Indexer {
  public:
    Indexer(IndexWriter& writer, const IndexOptions& opt)
        : writer_(writer), analyzer_(analyzer_options(opt)) {}

    void file(const fs::path& p) {
        std::error_code ec;
        fs::path canon = fs::canonical(p, ec);
        const std::string path = (ec ? p : canon).string();
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return fail(path, std::strerror(errno));
        if (!S_ISREG(st.st_mode)) return fail(path, "not a regular file");
        FileStamp stamp;
        stamp.size = static_cast<uint64_t>(st.st_size);
        stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        if (auto old = writer_.stamp(path); old && old->size == stamp.size && old->mtime_ns == stamp.mtime_ns) {
            ++counts.unchanged;
            return;
        }
        std::string bytes, why;
        if (!read_file(path, bytes, why)) return fail(path, why);
        stamp.hash = content_hash(bytes);
        Analysis a = analyzer_.analyze(bytes);
        if (a.invalid)
            warn(path + ": " + std::to_string(a.invalid) + " invalid byte sequence(s) in " +
                 a.encoding + " replaced by U+FFFD");
        writer_.put(path, stamp, a);
        ++counts.indexed;
        counts.bytes += bytes.size();
        if (++since_commit_ >= commit_every) {
            writer_.commit();
            since_commit_ = 0;
        }
    }

    void walk(const fs::path& root) {
        std::error_code ec;
        auto st = fs::status(root, ec);
        if (ec) return fail(root.string(), ec.message());
        if (!fs::is_directory(st)) return file(root);
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
        if (ec) return fail(root.string(), ec.message());
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                fail(it->path().string(), ec.message());
                ec.clear();
                continue;
            }
            const fs::directory_entry& e = *it;
            if (e.is_regular_file(ec) && indexable_name(e.path())) file(e.path());
        }
        if (ec) fail(root.string(), ec.message());
    }

    Counts counts;

  private:
    void fail(const std::string& path, const std::string& why) {
        warn(path + ": " + why);
        ++counts.failed;
    }

    static constexpr unsigned commit_every = 1000;
    IndexWriter& writer_;
    Analyzer analyzer_;
    unsigned since_commit_ = 0;
};

int run_index(const IndexOptions& opt) {
    const std::string db = resolve_db(opt.common);
    std::error_code ec;
    fs::create_directories(fs::path(db).parent_path(), ec);
    IndexWriter writer(db);
    const auto t0 = std::chrono::steady_clock::now();
    Indexer indexer(writer, opt);
    for (const std::string& p : opt.paths) indexer.walk(p);
    writer.commit();
    std::pair<uint64_t, uint64_t> compacted;
    if (opt.compact) compacted = writer.compact();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Counts& c = indexer.counts;
    if (!opt.quiet) {
        char line[256];
        std::snprintf(line, sizeof line,
                      "%llu indexed, %llu unchanged, %llu failed; %.2f MB in %.2f s; %llu documents in %s",
                      static_cast<unsigned long long>(c.indexed),
                      static_cast<unsigned long long>(c.unchanged),
                      static_cast<unsigned long long>(c.failed), c.bytes / 1e6, secs,
                      static_cast<unsigned long long>(writer.size()), db.c_str());
        warn(line);
        if (opt.compact) {
            std::snprintf(line, sizeof line, "compacted the database from %.1f MB to %.1f MB",
                          compacted.first / 1e6, compacted.second / 1e6);
            warn(line);
        }
    }
    return c.failed ? error : ok;
}

}  // namespace

Runner setup_index(CLI::App& app) {
    auto opt = std::make_shared<IndexOptions>();
    add_db_option(app, opt->common);
    app.add_option("paths", opt->paths, "files and directories to index (directories recursively)")
        ->required();
    app.add_option("--encoding", opt->encoding, "read every file in this encoding instead of detecting");
    app.add_option("--user-dict", opt->user_dict,
                   "user dictionary for segmentation: one word a line, optionally TAB weight "
                   "(give search the same one)");
    app.add_flag("-q,--quiet", opt->quiet, "print no summary line");
    app.add_flag("--compact", opt->compact,
                 "after the batch, rewrite the database compactly (about half the size; takes "
                 "time in proportion to the whole database)");
    return [opt] { return run_index(*opt); };
}

const Command register_index{"index", "index files and directories into the database", setup_index, 10};

}  // namespace hanidx::cli
