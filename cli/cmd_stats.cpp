// hanidx stats: what the database holds and how its last index run went.
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/batch.hpp"
#include "hanidx/index.hpp"

namespace hanidx::cli {

namespace {

struct StatsOptions {
    Common common;
    std::string format = "text";
};

std::string utc_time(int64_t secs) {
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm {};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string mb(uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f MB", bytes / 1e6);
    return buf;
}

int run_stats(const StatsOptions& opt) {
    const std::string db = resolve_db(opt.common);
    IndexReader reader(db);
    const IndexStats s = reader.stats();
    const Remembered remembered = decode_remembered(reader.metadata(remembered_key));
    if (opt.format == "json") {
        nlohmann::json langs = nlohmann::json::object();
        for (auto& [tag, n] : s.languages) langs[tag] = n;
        nlohmann::json fields = nlohmann::json::object();
        for (auto& [name, n] : s.fields) fields[name] = n;
        nlohmann::json j = {{"database", db},
                            {"documents", s.documents},
                            {"languages", langs},
                            {"fields", fields},
                            {"terms", s.terms},
                            {"postings", s.postings},
                            {"duplicate_groups", s.duplicate_groups},
                            {"duplicate_documents", s.duplicate_documents},
                            {"disk_bytes", s.disk_bytes},
                            {"shards", s.shards},
                            {"roots", nlohmann::json::array()},
                            {"last_run", nullptr}};
        for (const Root& r : remembered.roots)
            j["roots"].push_back({{"path", r.path}, {"exclude", r.select.exclude}, {"include", r.select.include}});
        if (const auto& r = s.last_run)
            j["last_run"] = {{"started", utc_time(r->started)}, {"seconds", r->seconds},
                             {"indexed", r->indexed},             {"unchanged", r->unchanged},
                             {"touched", r->touched},             {"skipped", r->skipped},
                             {"failed", r->failed},
                             {"removed", r->removed},             {"bytes", r->bytes},
                             {"interrupted", r->interrupted}};
        out(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        out("\n");
        flush_out();
        return ok;
    }
    std::string t;
    t += "database:    " + db + "\n";
    t += "documents:   " + std::to_string(s.documents) + "\n";
    t += "languages:  ";
    if (s.languages.empty()) t += " -";
    for (auto& [tag, n] : s.languages) t += " " + tag + " " + std::to_string(n);
    t += "\n";
    if (!s.fields.empty()) {
        t += "fields:     ";
        for (auto& [name, n] : s.fields) t += " " + name + " " + std::to_string(n);
        t += "\n";
    }
    t += "terms:       " + std::to_string(s.terms) + " distinct, " + std::to_string(s.postings) +
         " occurrences\n";
    t += "duplicates:  " + std::to_string(s.duplicate_groups) + " texts stored under " +
         std::to_string(s.duplicate_documents) + " paths\n";
    t += "disk:        " + mb(s.disk_bytes) + (s.shards > 1 ? " in " + std::to_string(s.shards) + " shards" : "") +
         "\n";
    t += "roots:      ";
    if (remembered.roots.empty()) t += " -\n";
    for (std::size_t i = 0; i < remembered.roots.size(); ++i) {
        const Root& r = remembered.roots[i];
        t += (i ? "             " : " ") + r.path;
        // Quoted as a shell would need them, to copy into a command line.
        for (const std::string& g : r.select.exclude) t += " --exclude '" + g + "'";
        for (const std::string& g : r.select.include) t += " --include '" + g + "'";
        t += "\n";
    }
    t += "last run:    ";
    if (const auto& r = s.last_run) {
        char line[256];
        std::snprintf(line, sizeof line,
                      "%s, %.2f s: %llu indexed, %llu unchanged (%llu touched), %llu skipped, %llu failed, "
                      "%llu removed; %s%s\n",
                      utc_time(r->started).c_str(), r->seconds,
                      static_cast<unsigned long long>(r->indexed),
                      static_cast<unsigned long long>(r->unchanged),
                      static_cast<unsigned long long>(r->touched),
                      static_cast<unsigned long long>(r->skipped),
                      static_cast<unsigned long long>(r->failed),
                      static_cast<unsigned long long>(r->removed), mb(r->bytes).c_str(),
                      r->interrupted ? " (interrupted)" : "");
        t += line;
    } else {
        t += "none\n";
    }
    out(t);
    flush_out();
    return ok;
}

}  // namespace

Runner setup_stats(CLI::App& app) {
    auto opt = std::make_shared<StatsOptions>();
    add_db_option(app, opt->common);
    app.add_option("--format", opt->format, "output: text or json")
        ->check(CLI::IsMember({"text", "json"}));
    return [opt] { return run_stats(*opt); };
}

const Command register_stats{"stats", "documents, languages, terms, size and last run of the database",
                             setup_stats, 40};

}  // namespace hanidx::cli
