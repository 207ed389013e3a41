// hanidx segment: split text into words, one line in, one line out, as the
// index sees them (like `mecab -Owakati`), or as JSON Lines with offsets.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hanidx/analyze.hpp"

namespace hanidx::cli {

namespace {

struct SegmentCliOptions {
    std::string file = "-";
    std::string format = "text";
    std::string lang;
    std::string user_dict;
    bool normalized = false;
    bool line_buffered = false;
    bool no_mecab = false;
};

// Replace invalid UTF-8 in @p s by U+FFFD REPLACEMENT CHARACTER; returns how
// many sequences were replaced.
std::size_t make_valid_utf8(std::string& s) {
    std::size_t bad = 0;
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok && len > 1) {
            // No overlong forms, surrogates or code points past U+10FFFF.
            uint32_t c = b & (0x7F >> len);
            for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
            ok = !(len == 2 && c < 0x80) && !(len == 3 && c < 0x800) && !(len == 4 && c < 0x10000) &&
                 !(c >= 0xD800 && c <= 0xDFFF) && c <= 0x10FFFF;
        }
        if (ok) {
            out.append(s, i, len);
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++bad;
            ++i;
        }
    }
    if (bad) s.swap(out);
    return bad;
}

bool read_line(std::FILE* in, std::string& line) {
    line.clear();
    int c;
    while ((c = std::getc(in)) != EOF) {
        if (c == '\n') return true;
        line += static_cast<char>(c);
    }
    return !line.empty();
}

int run_segment(const SegmentCliOptions& opt) {
    Lang force = Lang::Und;
    if (!opt.lang.empty()) force = *parse_lang(opt.lang);  // checked by the option validator

    AnalyzerOptions ao;
    ao.lang = force;
    ao.segmenter.user_dict = opt.user_dict;
    ao.segmenter.punctuation = true;
    ao.segmenter.mecab = !opt.no_mecab;
    Analyzer analyzer(ao);

    const bool from_stdin = opt.file == "-";
    const std::string name = from_stdin ? "(standard input)" : opt.file;
    std::FILE* in = from_stdin ? stdin : std::fopen(opt.file.c_str(), "rb");
    if (!in) throw std::runtime_error(opt.file + ": " + std::strerror(errno));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(from_stdin ? nullptr : in, &std::fclose);
    const bool flush_each = opt.line_buffered || stdout_is_tty();
    const bool json = opt.format == "json";

    std::string line, text;
    std::size_t lineno = 0, invalid = 0;
    while (read_line(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (lineno == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        if (std::size_t bad = make_valid_utf8(line)) {
            if (!invalid) warn(name + ": line " + std::to_string(lineno) + ": invalid UTF-8 replaced by U+FFFD");
            invalid += bad;
        }
        nlohmann::ordered_json tokens = nlohmann::ordered_json::array();
        text.clear();
        for (const Paragraph& p : split_paragraphs(line, force)) {
            const std::string_view para = std::string_view(line).substr(p.begin, p.end - p.begin);
            for (const Token& t : analyzer.tokenize(para, p.lang)) {
                const uint32_t b = p.begin + t.begin, e = p.begin + t.end;
                if (json) {
                    tokens.push_back({{"text", line.substr(b, e - b)},
                                      {"normalized", t.text},
                                      {"begin", b},
                                      {"end", e},
                                      {"script", script_name(t.script)},
                                      {"lang", lang_tag(p.lang)}});
                } else {
                    if (!text.empty()) text += ' ';
                    if (opt.normalized) text += t.text;
                    else text.append(line, b, e - b);
                }
            }
        }
        if (json) {
            nlohmann::ordered_json j = {{"line", lineno}, {"tokens", std::move(tokens)}};
            text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        text += '\n';
        out(text);
        if (flush_each) flush_out();
    }
    if (std::ferror(in)) throw std::runtime_error(name + ": " + std::strerror(errno));
    flush_out();
    return ok;
}

}  // namespace

Runner setup_segment(CLI::App& app) {
    auto opt = std::make_shared<SegmentCliOptions>();
    app.add_option("file", opt->file, "text to segment, one sentence or paragraph a line; - for standard input")
        ->capture_default_str();
    app.add_option("--format", opt->format,
                   "text: the words of each line separated by spaces; json: one JSON object a line "
                   "with each word's text, normalized form, byte offsets in the line, script and language")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_option("--lang", opt->lang, "language of every line: zh-Hans, zh-Hant, ja, en (default: detect per line)")
        ->check([](const std::string& s) { return parse_lang(s) ? "" : "unknown language tag: " + s; });
    app.add_option("--user-dict", opt->user_dict, "user dictionary: one word a line, optionally TAB weight");
    app.add_flag("--normalized", opt->normalized, "with --format text: print the normalized (indexed) forms");
    app.add_flag("--line-buffered", opt->line_buffered, "flush after every line (default on a terminal)");
    app.add_flag("--no-mecab", opt->no_mecab, "segment Japanese with ICU instead of MeCab");
    return [opt] { return run_segment(*opt); };
}

const Command register_segment{"segment", "split text into words, one line in, one line out", setup_segment, 40};

}  // namespace hanidx::cli
