// Counting occurrences per bucket, and keyword in context, on top of
// Searcher::for_each_document. No Xapian here.
#include "hanidx/count.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>

#include "hanidx/error.hpp"
#include "hanidx/normalize.hpp"

namespace hanidx {

namespace {

enum class Key { Year, Month, Day, Lang, Dir, Field };

struct KeySpec {
    Key kind;
    std::string name;
};

KeySpec resolve_key(const std::string& name, const std::vector<std::string>& fields) {
    if (name == "year") return {Key::Year, name};
    if (name == "month") return {Key::Month, name};
    if (name == "day") return {Key::Day, name};
    if (name == "lang") return {Key::Lang, name};
    if (name == "dir") return {Key::Dir, name};
    if (std::find(fields.begin(), fields.end(), name) != fields.end()) return {Key::Field, name};
    std::string valid = "year, month, day, lang, dir";
    for (const std::string& f : fields) valid += ", " + f;
    throw QueryError("unknown key '" + name + "' to count by (valid: " + valid + ")");
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The date cut to @p len bytes (4, 7 or 10), or as it is if shorter.
std::string date_bucket(const std::string& date, std::size_t len) {
    if (date.empty()) return std::string(no_date_bucket);
    return date.substr(0, std::min(len, date.size()));
}

/// The directory of @p path's file: "FILE#N" is an article of FILE.
std::string dir_of(std::string_view path) {
    if (std::size_t hash = path.rfind('#'); hash != std::string_view::npos && all_digits(path.substr(hash + 1)))
        path = path.substr(0, hash);
    const std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

/// The bucket names of @p d for @p key (each once).
void names_of(const ScannedDocument& d, const KeySpec& key, std::vector<std::string>& out) {
    out.clear();
    switch (key.kind) {
        case Key::Year: out.push_back(date_bucket(d.date, 4)); return;
        case Key::Month: out.push_back(date_bucket(d.date, 7)); return;
        case Key::Day: out.push_back(date_bucket(d.date, 10)); return;
        case Key::Dir: out.push_back(dir_of(d.path)); return;
        case Key::Lang: {
            std::size_t at = 0;
            while (at < d.languages.size()) {
                std::size_t sp = d.languages.find(' ', at);
                if (sp == std::string::npos) sp = d.languages.size();
                if (sp > at) out.emplace_back(d.languages, at, sp - at);
                at = sp + 1;
            }
            break;
        }
        case Key::Field: {
            std::size_t at = 0;
            while (at < d.fields.size()) {
                std::size_t nl = d.fields.find('\n', at);
                if (nl == std::string::npos) nl = d.fields.size();
                std::string_view line(d.fields.data() + at, nl - at);
                const std::size_t tab = line.find('\t');
                if (tab != std::string_view::npos && line.substr(0, tab) == key.name)
                    out.emplace_back(line.substr(tab + 1));
                at = nl + 1;
            }
            break;
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty()) out.emplace_back(no_value_bucket);
}

using Date = std::chrono::year_month_day;

std::optional<Date> parse_date(const std::string& s, std::size_t len) {
    if (s.size() != len || !all_digits(s.substr(0, 4))) return std::nullopt;
    const int y = std::stoi(s.substr(0, 4));
    unsigned m = 1, d = 1;
    if (len >= 7) {
        if (s[4] != '-' || !all_digits(s.substr(5, 2))) return std::nullopt;
        m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
    }
    if (len == 10) {
        if (s[7] != '-' || !all_digits(s.substr(8, 2))) return std::nullopt;
        d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
    }
    Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string format_date(const Date& d, std::size_t len) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return std::string(buf, len);
}

Date next_date(const Date& d, std::size_t len) {
    using namespace std::chrono;
    if (len == 4) return Date{d.year() + years{1}, month{1}, day{1}};
    if (len == 7) {
        const year_month ym = year_month{d.year(), d.month()} + months{1};
        return Date{ym.year(), ym.month(), day{1}};
    }
    return Date{sys_days{d} + days{1}};
}

/// Most empty buckets filled in between the first and the last date.
constexpr std::size_t max_filled = 100000;

/// The buckets in order for @p key (see count()).
std::vector<Bucket> ordered(std::map<std::string, Bucket>&& by_name, const KeySpec& key) {
    std::vector<Bucket> out;
    if (key.kind == Key::Year || key.kind == Key::Month || key.kind == Key::Day) {
        const std::size_t len = key.kind == Key::Year ? 4 : key.kind == Key::Month ? 7 : 10;
        std::optional<Bucket> undated;
        if (auto it = by_name.find(std::string(no_date_bucket)); it != by_name.end()) {
            undated = std::move(it->second);
            by_name.erase(it);
        }
        // Fill the gaps between the first and last full-length date.
        std::optional<Date> first, last;
        for (auto& [name, b] : by_name)
            if (auto d = parse_date(name, len)) {
                if (!first) first = d;
                last = d;
            }
        if (first) {
            std::size_t added = 0;
            for (Date d = *first; d < *last && added < max_filled; d = next_date(d, len), ++added) {
                std::string name = format_date(d, len);
                if (!by_name.contains(name)) by_name.emplace(name, Bucket{name, 0, 0});
            }
        }
        // std::map's order is chronological: "2012" < "2012-01" < "2012-02".
        for (auto& [name, b] : by_name) out.push_back(std::move(b));
        if (undated) out.push_back(std::move(*undated));
        return out;
    }
    for (auto& [name, b] : by_name) out.push_back(std::move(b));
    if (key.kind == Key::Dir) return out;
    std::stable_sort(out.begin(), out.end(), [](const Bucket& a, const Bucket& b) {
        if (a.name == no_value_bucket || b.name == no_value_bucket) return b.name == no_value_bucket && a.name != b.name;
        return a.documents > b.documents;
    });
    return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Up to @p chars characters of @p text before byte @p at.
std::string_view before(std::string_view text, std::size_t at, std::size_t chars) {
    std::size_t b = at;
    for (std::size_t n = 0; b > 0 && n < chars; ++n) {
        --b;
        while (b > 0 && is_continuation(text[b])) --b;
    }
    return text.substr(b, at - b);
}

/// Up to @p chars characters of @p text from byte @p at.
std::string_view after(std::string_view text, std::size_t at, std::size_t chars) {
    std::size_t e = at;
    for (std::size_t n = 0; e < text.size() && n < chars; ++n) {
        ++e;
        while (e < text.size() && is_continuation(text[e])) ++e;
    }
    return text.substr(at, e - at);
}

/// @p s with its UTF-8 characters in reverse order.
std::string reversed_chars(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t e = s.size();
    while (e > 0) {
        std::size_t b = e - 1;
        while (b > 0 && is_continuation(s[b])) --b;
        out.append(s.substr(b, e - b));
        e = b;
    }
    return out;
}

}  // namespace

std::vector<std::string> count_keys(Searcher& searcher) {
    std::vector<std::string> keys{"year", "month", "day", "lang", "dir"};
    for (std::string& f : searcher.field_names())
        if (std::find(keys.begin(), keys.end(), f) == keys.end()) keys.push_back(std::move(f));
    return keys;
}

Counts count(Searcher& searcher, std::string_view query, const std::vector<std::string>& keys,
             const ScanOptions& options) {
    std::vector<KeySpec> specs;
    if (!keys.empty()) {
        const std::vector<std::string> fields = searcher.field_names();
        for (const std::string& k : keys) specs.push_back(resolve_key(k, fields));
    }
    std::vector<std::map<std::string, Bucket>> maps(specs.size());
    Counts c;
    std::vector<std::string> names;
    searcher.for_each_document(query, options, [&](const ScannedDocument& d) {
        ++c.documents;
        c.occurrences += d.occurrences.size();
        for (std::size_t k = 0; k < specs.size(); ++k) {
            names_of(d, specs[k], names);
            for (std::string& n : names) {
                auto [it, fresh] = maps[k].try_emplace(n);
                if (fresh) it->second.name = std::move(n);
                ++it->second.documents;
                it->second.occurrences += d.occurrences.size();
            }
        }
        return true;
    });
    for (std::size_t k = 0; k < specs.size(); ++k) c.tallies.push_back({specs[k].name, ordered(std::move(maps[k]), specs[k])});
    return c;
}

uint64_t kwic(Searcher& searcher, std::string_view query, const KwicOptions& options, const KwicSink& sink) {
    ScanOptions scan = options.scan;
    scan.occurrences = true;
    if (options.sort == KwicSort::Date) scan.sort = SortOrder::Date;
    const bool collect = options.sort == KwicSort::Left || options.sort == KwicSort::Right;
    std::vector<std::pair<std::string, KwicLine>> lines;  // (sort key, line) when collecting
    uint64_t reported = 0;
    bool stopped = false;
    searcher.for_each_document(query, scan, [&](const ScannedDocument& d) {
        const std::string_view text(d.text);
        for (const Span& s : d.occurrences) {
            KwicLine l;
            l.path = d.path;
            l.title = d.title;
            l.date = d.date;
            l.length = text.size();
            l.offset = s.begin;
            l.left = before(text, s.begin, options.context);
            l.match = text.substr(s.begin, s.end - s.begin);
            l.right = after(text, s.end, options.context);
            if (collect) {
                // Compared in the search form (case and variants folded),
                // the match after the context it is sorted by breaks ties.
                std::string key = options.sort == KwicSort::Left ? reversed_chars(normalize_text(l.left))
                                                                  : normalize_text(l.right);
                lines.emplace_back(std::move(key), std::move(l));
                continue;
            }
            ++reported;
            if (!sink(l)) {
                stopped = true;
                return false;
            }
        }
        return true;
    });
    if (!collect || stopped) return reported;
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [key, l] : lines) {
        ++reported;
        if (!sink(l)) break;
    }
    return reported;
}

}  // namespace hanidx
