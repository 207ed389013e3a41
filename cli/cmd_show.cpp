// hanidx show: everything stored about one document, and its text.
#include <ctime>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/index.hpp"

namespace fs = std::filesystem;

namespace hanidx::cli {

namespace {

struct ShowOptions {
    Common common;
    std::vector<std::string> docs;
    std::string format = "text";
    bool no_text = false;
};

std::string utc_time_ns(int64_t ns) {
    std::time_t t = static_cast<std::time_t>(ns / 1000000000);
    std::tm tm {};
    ::gmtime_r(&t, &tm);
    char buf[48];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%09lldZ", static_cast<long long>(ns % 1000000000));
    return buf;
}

std::optional<DocumentInfo> lookup(IndexReader& reader, const std::string& given, bool with_text) {
    std::error_code ec;
    // A number is a document id, unless a file of that name exists.
    const bool digits = !given.empty() && given.find_first_not_of("0123456789") == std::string::npos;
    if (digits && given.size() <= 9 && !fs::exists(given, ec))
        return reader.find(static_cast<uint32_t>(std::stoul(given)), with_text);
    fs::path p = fs::canonical(given, ec);
    if (ec) p = fs::weakly_canonical(fs::absolute(given, ec), ec);
    return reader.find(p.string(), with_text);
}

// {"source": "xinhua", ...}; a name given twice has an array of its values.
nlohmann::json fields_json(const DocumentInfo& d) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, value] : d.fields) {
        if (!j.contains(name)) j[name] = value;
        else if (j[name].is_array()) j[name].push_back(value);
        else j[name] = nlohmann::json::array({j[name], value});
    }
    return j;
}

nlohmann::json to_json(const DocumentInfo& d, bool with_text) {
    nlohmann::json j = {{"id", d.id},
                        {"path", d.path},
                        {"title", d.title},
                        {"date", d.date.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.date)},
                        {"date_source", d.date_source.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.date_source)},
                        {"fields", fields_json(d)},
                        {"languages", d.languages},
                        {"encoding", d.encoding},
                        {"size", d.stamp.size},
                        {"mtime", utc_time_ns(d.stamp.mtime_ns)},
                        {"mtime_ns", d.stamp.mtime_ns},
                        {"hash", d.stamp.hash},
                        {"duplicate_key", d.duplicate_key.empty() ? nlohmann::json(nullptr)
                                                                   : nlohmann::json(d.duplicate_key)},
                        {"duplicates", d.duplicates},
                        {"terms", d.terms},
                        {"length", d.length}};
    if (with_text) j["text"] = d.text;
    return j;
}

std::string to_text(const DocumentInfo& d, bool with_text) {
    std::string t;
    auto field = [&](const char* name, const std::string& value) {
        t += name;
        t += value;
        t += '\n';
    };
    field("id:            ", std::to_string(d.id));
    field("path:          ", d.path);
    field("title:         ", d.title);
    field("date:          ", d.date.empty() ? "-" : d.date);
    if (!d.date_source.empty()) field("date from:     ", d.date_source);
    for (const auto& [name, value] : d.fields) field(("field:         " + name + " = ").c_str(), value);
    std::string langs;
    for (const auto& l : d.languages) langs += (langs.empty() ? "" : " ") + l;
    field("languages:     ", langs.empty() ? "-" : langs);
    field("encoding:      ", d.encoding);
    field("size:          ", std::to_string(d.stamp.size));
    field("modified:      ", utc_time_ns(d.stamp.mtime_ns));
    field("hash:          ", d.stamp.hash);
    field("duplicate key: ", d.duplicate_key.empty() ? "-" : d.duplicate_key);
    for (const auto& p : d.duplicates) field("duplicate of:  ", p);
    field("terms:         ", std::to_string(d.terms) + " distinct, " + std::to_string(d.length) +
                                 " occurrences");
    if (with_text) {
        t += '\n';
        t += d.text;
        if (!d.text.empty() && d.text.back() != '\n') t += '\n';
    }
    return t;
}

int run_show(const ShowOptions& opt) {
    IndexReader reader(resolve_db(opt.common));
    bool missing = false, first = true;
    for (const std::string& given : opt.docs) {
        auto d = lookup(reader, given, !opt.no_text);
        if (!d) {
            warn(given + ": not in the index");
            missing = true;
            continue;
        }
        if (opt.format == "json") {
            out(to_json(*d, !opt.no_text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            out("\n");
        } else {
            if (!first) out("\n");
            out(to_text(*d, !opt.no_text));
        }
        first = false;
    }
    flush_out();
    return missing ? no_match : ok;
}

}  // namespace

Runner setup_show(CLI::App& app) {
    auto opt = std::make_shared<ShowOptions>();
    add_db_option(app, opt->common);
    app.add_option("documents", opt->docs, "paths of indexed files, or document ids (as in search --format json)")
        ->required();
    app.add_option("--format", opt->format, "output: text, or json (one object per line)")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_flag("--no-text", opt->no_text, "metadata only, without the extracted text");
    app.footer("Exit status: 0 every document shown; 1 some document is not in the index; 2 error.");
    return [opt] { return run_show(*opt); };
}

const Command register_show{"show", "metadata and extracted text of indexed documents", setup_show, 50};

}  // namespace hanidx::cli
