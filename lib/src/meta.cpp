// Meta files: TSV or JSON Lines records of titles, dates and fields by path.
#include "hanidx/meta.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hanidx/decode.hpp"
#include "hanidx/extract.hpp"
#include "hanidx/index.hpp"

namespace fs = std::filesystem;

namespace hanidx {

namespace {

bool valid_utf8(std::string_view s) {
    std::string repaired;
    return repair_utf8(s, repaired) == 0 && repaired == s;
}

std::string at_line(std::string_view name, std::size_t line, const std::string& why) {
    return std::string(name) + ":" + std::to_string(line) + ": " + why;
}

// A field's value as one line: tabs and line ends are spaces, the ends trimmed.
std::string clean_value(std::string_view v) {
    std::string out(v);
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    const auto b = out.find_first_not_of(' ');
    if (b == std::string::npos) return {};
    return out.substr(b, out.find_last_not_of(' ') - b + 1);
}

// Check a record's fields; the error, or empty.
std::string check_field(const std::string& name, const std::string& value) {
    if (!valid_field_name(name))
        return "\"" + (valid_utf8(name) ? name.substr(0, 64) : std::string("?")) +
               "\" is not a field name (use [a-z][a-z0-9_]*)";
    if (!valid_utf8(value)) return "the value of " + name + " is not UTF-8";
    if (name == "date" && field_date(value).empty()) return "date \"" + value.substr(0, 64) + "\" is not a date";
    return {};
}

std::expected<std::vector<MetaRecord>, std::string> parse_tsv(const std::vector<std::pair<std::size_t, std::string_view>>& lines,
                                                              std::string_view name) {
    auto split = [](std::string_view line) {
        std::vector<std::string_view> cells;
        for (;;) {
            const std::size_t tab = line.find('\t');
            cells.push_back(line.substr(0, tab));
            if (tab == std::string_view::npos) break;
            line.remove_prefix(tab + 1);
        }
        return cells;
    };
    std::vector<MetaRecord> out;
    const auto [head_no, head_line] = lines.front();
    const auto head = split(head_line);
    if (head.front() != "path")
        return std::unexpected(at_line(name, head_no, "the first column of the header must be \"path\""));
    for (std::size_t c = 1; c < head.size(); ++c) {
        const std::string n(head[c]);
        if (!valid_field_name(n) || n == "path") {
            std::string shown = valid_utf8(n) ? n.substr(0, 64) : std::string("?");
            return std::unexpected(at_line(name, head_no, "\"" + shown + "\" is not a field name (use [a-z][a-z0-9_]*)"));
        }
    }
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto [no, line] = lines[i];
        const auto cells = split(line);
        if (cells.size() != head.size())
            return std::unexpected(at_line(name, no, std::to_string(cells.size()) + " columns, the header has " +
                                                         std::to_string(head.size())));
        MetaRecord r;
        r.key = std::string(cells[0]);
        r.line = no;
        if (r.key.empty()) return std::unexpected(at_line(name, no, "no path"));
        if (!valid_utf8(r.key)) return std::unexpected(at_line(name, no, "the path is not UTF-8"));
        for (std::size_t c = 1; c < cells.size(); ++c) {
            std::string value = clean_value(cells[c]);
            if (value.empty()) continue;
            std::string field(head[c]);
            if (auto why = check_field(field, value); !why.empty()) return std::unexpected(at_line(name, no, why));
            r.fields.emplace_back(std::move(field), std::move(value));
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::expected<std::vector<MetaRecord>, std::string> parse_jsonl(const std::vector<std::pair<std::size_t, std::string_view>>& lines,
                                                                std::string_view name) {
    using json = nlohmann::ordered_json;  // members in the file's order
    std::vector<MetaRecord> out;
    for (const auto& [no, line] : lines) {
        // No exceptions: a malformed line is a value (discarded).
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) return std::unexpected(at_line(name, no, "not a JSON object"));
        if (!j.is_object()) return std::unexpected(at_line(name, no, "not a JSON object"));
        auto path = j.find("path");
        if (path == j.end() || !path->is_string() || path->get_ref<const std::string&>().empty())
            return std::unexpected(at_line(name, no, "no \"path\" string"));
        MetaRecord r;
        r.key = path->get<std::string>();
        r.line = no;
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() == "path") continue;
            std::vector<const json*> values;
            if (it->is_array())
                for (const json& v : *it) values.push_back(&v);
            else values.push_back(&*it);
            for (const json* v : values) {
                std::string value;
                if (v->is_null()) continue;
                if (v->is_string()) value = v->get<std::string>();
                else if (v->is_number() || v->is_boolean()) value = v->dump();
                else return std::unexpected(at_line(name, no, "the value of " + it.key().substr(0, 64) + " is not a string, number or array of them"));
                value = clean_value(value);
                if (value.empty()) continue;
                if (auto why = check_field(it.key(), value); !why.empty()) return std::unexpected(at_line(name, no, why));
                r.fields.emplace_back(it.key(), std::move(value));
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

// A key as `hanidx index` names the document: the canonical path, with #N.
std::string resolve_key(std::string_view key) {
    std::string file(key), article;
    std::error_code ec;
    if (const auto hash = key.rfind('#'); hash != std::string_view::npos && hash + 1 < key.size() &&
                                          key.find_first_not_of("0123456789", hash + 1) == std::string_view::npos &&
                                          !fs::exists(fs::path(std::string(key)), ec)) {
        file = std::string(key.substr(0, hash));
        article = std::string(key.substr(hash));
    }
    fs::path p = fs::canonical(file, ec);
    if (ec) p = fs::weakly_canonical(fs::absolute(file, ec), ec);
    return p.string() + article;
}

}  // namespace

bool valid_field_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::expected<std::vector<MetaRecord>, std::string> parse_meta(std::string_view text, std::string_view name) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<std::pair<std::size_t, std::string_view>> lines;
    std::size_t no = 0;
    while (!text.empty()) {
        ++no;
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos) lines.emplace_back(no, line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    if (lines.empty()) return std::vector<MetaRecord>{};
    if (lines.front().second.find_first_not_of(" \t") != std::string_view::npos &&
        lines.front().second[lines.front().second.find_first_not_of(" \t")] == '{')
        return parse_jsonl(lines, name);
    return parse_tsv(lines, name);
}

std::expected<void, std::string> MetaTable::load(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    if (!in || fs::is_directory(file, ec))
        return std::unexpected(file + ": " + (fs::exists(file, ec) ? "cannot read it" : "No such file or directory"));
    std::ostringstream buf;
    buf << in.rdbuf();
    auto records = parse_meta(buf.str(), file);
    if (!records) return std::unexpected(records.error());
    add(*records, resolve_key);
    return {};
}

void MetaTable::add(const std::vector<MetaRecord>& records,
                    const std::function<std::string(std::string_view)>& resolve) {
    for (const MetaRecord& r : records) {
        auto& fields = by_path_[resolve(r.key)];
        // A field given again overrides (all its values, if several).
        std::vector<std::string> names;
        for (const auto& f : r.fields)
            if (std::find(names.begin(), names.end(), f.first) == names.end()) names.push_back(f.first);
        std::erase_if(fields, [&](const auto& f) {
            return std::find(names.begin(), names.end(), f.first) != names.end();
        });
        fields.insert(fields.end(), r.fields.begin(), r.fields.end());
    }
}

std::string MetaTable::hash_for(std::string_view path) const {
    std::string all;
    for (auto it = by_path_.lower_bound(path); it != by_path_.end() && it->first.starts_with(path); ++it) {
        const std::string_view rest = std::string_view(it->first).substr(path.size());
        if (!rest.empty() && !rest.starts_with('#')) continue;
        all.append(it->first).push_back('\0');
        for (const auto& [name, value] : it->second) all.append(name).append("\x1f").append(value).push_back('\0');
    }
    return all.empty() ? std::string() : content_hash(all);
}

void MetaTable::apply(std::string_view doc_path, Analysis& a) const {
    auto it = by_path_.find(doc_path);
    if (it == by_path_.end()) return;
    std::vector<std::string> replaced;
    for (const auto& [name, value] : it->second) {
        if (name == "title") {
            a.title = value;
        } else if (name == "date") {
            a.date = field_date(value);
            a.date_source = "field";
        } else {
            if (std::find(replaced.begin(), replaced.end(), name) == replaced.end()) {
                std::erase_if(a.fields, [&](const auto& f) { return f.first == name; });
                replaced.push_back(name);
            }
            a.fields.emplace_back(name, value);
        }
    }
}

std::vector<std::string> MetaTable::field_names() const {
    std::vector<std::string> out;
    for (const auto& [path, fields] : by_path_)
        for (const auto& f : fields)
            if (f.first != "title" && f.first != "date" && std::find(out.begin(), out.end(), f.first) == out.end())
                out.push_back(f.first);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace hanidx
