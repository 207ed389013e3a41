// hanidx detect: what hanidx makes of a file before indexing it: encoding
// and confidence, title, date, languages (and each paragraph's label).
//
// Finding and printing are separate: Analyzer::inspect() takes the file
// apart; the printers below (text for people, JSON Lines for scripts) decide
// how it looks.
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/analyze.hpp"

namespace hanidx::cli {

namespace {

struct DetectOptions {
    std::vector<std::string> paths;
    std::string encoding;
    std::string format = "text";
    bool paragraphs = false;
};

bool read_all(const std::string& path, std::string& bytes, std::string& why) {
    if (path == "-") {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        why = std::strerror(errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        why = std::strerror(EISDIR);
        return false;
    }
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = errno ? std::strerror(errno) : "cannot open";
        return false;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
        why = errno ? std::strerror(errno) : "read error";
        return false;
    }
    return true;
}

std::size_t chars_in(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80 && b != ' ' && b != '\t' && b != '\n' && b != '\r') ++n;
    }
    return n;
}

/// Each language's share of the text: characters (not bytes, so that CJK and
/// Latin weigh alike; white space not counted) in paragraphs with that label.
std::vector<std::pair<std::string_view, double>> language_shares(const Analysis& a) {
    std::map<Lang, std::size_t> chars;
    std::size_t total = 0;
    for (const Paragraph& p : a.paragraphs) {
        std::size_t n = chars_in(std::string_view(a.text).substr(p.begin, p.end - p.begin));
        chars[p.lang] += n;
        total += n;
    }
    std::vector<std::pair<std::string_view, double>> shares;
    for (auto [lang, n] : chars)
        if (n) shares.emplace_back(lang_tag(lang), static_cast<double>(n) / static_cast<double>(total));
    std::stable_sort(shares.begin(), shares.end(), [](auto& x, auto& y) { return x.second > y.second; });
    return shares;
}

// @p x rounded to @p digits decimals (0.69, not 0.6900000000000001, in JSON).
double rounded(double x, int digits) {
    const double scale = std::pow(10.0, digits);
    return std::round(x * scale) / scale;
}

// At most @p max characters of one line of @p s, for a glance at a paragraph.
std::string glimpse(std::string_view s, std::size_t max) {
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80 && n++ == max) return out + "…";
        out += b == '\n' || b == '\r' || b == '\t' ? ' ' : s[i];
    }
    return out;
}

void print_text(const std::string& path, const Analysis& a, bool paragraphs) {
    char conf[32];
    std::snprintf(conf, sizeof conf, "%.2f", a.confidence);
    std::string s = path + "\n";
    s += "  encoding:  " + a.encoding + " (confidence " + conf + ")\n";
    if (a.invalid) s += "  invalid:   " + std::to_string(a.invalid) + " byte sequence(s) replaced by U+FFFD\n";
    s += "  title:     " + (a.title.empty() ? std::string("-") : a.title) + "\n";
    s += "  date:      " + (a.date.empty() ? std::string("-") : a.date) + "\n";
    if (!a.date_source.empty()) s += "  date from: " + a.date_source + "\n";
    s += "  languages:";
    const auto shares = language_shares(a);
    if (shares.empty()) s += " -";
    for (std::size_t i = 0; i < shares.size(); ++i) {
        char share[32];
        if (shares[i].second < 0.005) std::snprintf(share, sizeof share, " <1%%");
        else std::snprintf(share, sizeof share, " %.0f%%", shares[i].second * 100);
        s += (i ? ", " : " ") + std::string(shares[i].first) + share;
    }
    s += "\n";
    if (paragraphs)
        for (const Paragraph& p : a.paragraphs) {
            char head[64];
            std::snprintf(head, sizeof head, "  %u-%u %-7s ", p.begin, p.end, std::string(lang_tag(p.lang)).c_str());
            s += head + glimpse(std::string_view(a.text).substr(p.begin, p.end - p.begin), 40) + "\n";
        }
    out(s);
}

void print_json(const std::string& path, const Analysis& a, bool paragraphs) {
    using json = nlohmann::ordered_json;
    constexpr auto replace = json::error_handler_t::replace;
    if (paragraphs) {
        for (const Paragraph& p : a.paragraphs) {
            json j = {{"path", path},
                      {"start", p.begin},
                      {"end", p.end},
                      {"lang", lang_tag(p.lang)},
                      {"text", a.text.substr(p.begin, p.end - p.begin)}};
            out(j.dump(-1, ' ', false, replace) + "\n");
        }
        return;
    }
    json langs = json::object();
    for (auto [lang, share] : language_shares(a)) langs[std::string(lang)] = rounded(share, 4);
    json j = {{"path", path},
              {"encoding", a.encoding},
              {"confidence", rounded(a.confidence, 2)},
              {"invalid", a.invalid},
              {"title", a.title},
              {"date", a.date.empty() ? json(nullptr) : json(a.date)},
              {"date_source", a.date_source.empty() ? json(nullptr) : json(a.date_source)},
              {"languages", langs},
              {"paragraphs", a.paragraphs.size()}};
    out(j.dump(-1, ' ', false, replace) + "\n");
}

int run_detect(const DetectOptions& opt) {
    if (opt.format != "text" && opt.format != "json")
        throw std::invalid_argument("--format: expected text or json, not " + opt.format);
    AnalyzerOptions ao;
    if (!opt.encoding.empty()) {
        ao.encoding = canonical_encoding(opt.encoding);
        if (ao.encoding.empty()) throw std::invalid_argument("unknown encoding: " + opt.encoding);
    }
    const Analyzer analyzer(ao);
    bool failed = false;
    bool first = true;
    for (const std::string& path : opt.paths) {
        std::string bytes, why;
        if (!read_all(path, bytes, why)) {
            warn(path + ": " + why);
            failed = true;
            continue;
        }
        Analysis a = analyzer.inspect(bytes, path == "-" ? std::string_view() : std::string_view(path));
        if (a.invalid)
            warn(path + ": " + std::to_string(a.invalid) + " invalid byte sequence(s) in " + a.encoding +
                 " replaced by U+FFFD");
        if (opt.format == "json") {
            print_json(path, a, opt.paragraphs);
        } else {
            if (!first) out("\n");
            print_text(path, a, opt.paragraphs);
        }
        first = false;
    }
    flush_out();
    return failed ? error : ok;
}

}  // namespace

Runner setup_detect(CLI::App& app) {
    auto opt = std::make_shared<DetectOptions>();
    app.add_option("files", opt->paths, "files to examine (- for standard input)")->required();
    app.add_option("--encoding", opt->encoding, "read the files in this encoding instead of detecting");
    app.add_option("--format", opt->format, "text (default) or json (JSON Lines: one object per file)");
    app.add_flag("--paragraphs", opt->paragraphs,
                 "list each paragraph with its byte offsets in the extracted text and its language "
                 "(with --format json: one object per paragraph)");
    return [opt] { return run_detect(*opt); };
}

const Command register_detect{"detect", "show the encoding, title, date and languages hanidx finds in files",
                              setup_detect, 30};

}  // namespace hanidx::cli
