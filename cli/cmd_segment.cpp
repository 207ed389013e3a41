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
    std::string encoding;
    bool normalized = false;
    bool line_buffered = false;
    bool no_mecab = false;
};

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

    std::string text;
    std::size_t lineno = 0;
    auto segment_line = [&](std::string_view line) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        nlohmann::ordered_json tokens = nlohmann::ordered_json::array();
        text.clear();
        for (const Paragraph& p : split_paragraphs(line, force)) {
            const std::string_view para = line.substr(p.begin, p.end - p.begin);
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
                    else text.append(line.substr(b, e - b));
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
    };

    if (!from_stdin || !opt.encoding.empty()) {
        // A file is decoded as `hanidx index` decodes it (GB18030, Big5,
        // Shift_JIS, UTF-16 ... detected, or --encoding), then split into lines.
        std::string bytes;
        char buf[1 << 16];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) bytes.append(buf, n);
        if (std::ferror(in)) throw std::runtime_error(name + ": " + std::strerror(errno));
        const Decoded d = decode(bytes, opt.encoding);
        if (d.invalid)
            warn(name + ": " + std::to_string(d.invalid) + " invalid byte sequence(s) in " + d.encoding +
                 " replaced by U+FFFD");
        std::string_view rest = d.text;
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            segment_line(rest.substr(0, nl));
            if (nl == std::string_view::npos) break;
            rest.remove_prefix(nl + 1);
        }
        flush_out();
        return ok;
    }

    // Standard input without --encoding: UTF-8, a line at a time, so that
    // `hanidx segment` works as a filter in a pipeline.
    std::string line, valid;
    std::size_t invalid = 0;
    while (read_line(in, line)) {
        if (lineno == 0 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        if (std::size_t bad = repair_utf8(line, valid)) {
            if (!invalid)
                warn(name + ": line " + std::to_string(lineno + 1) + ": invalid UTF-8 replaced by U+FFFD");
            invalid += bad;
        }
        segment_line(valid);
    }
    if (std::ferror(in)) throw std::runtime_error(name + ": " + std::strerror(errno));
    flush_out();
    return ok;
}

}  // namespace

Runner setup_segment(CLI::App& app) {
    auto opt = std::make_shared<SegmentCliOptions>();
    app.add_option("file", opt->file,
                   "text to segment, one sentence or paragraph a line, in any encoding index reads; "
                   "- for standard input (UTF-8 unless --encoding)")
        ->capture_default_str();
    app.add_option("--format", opt->format,
                   "text: the words of each line separated by spaces; json: one JSON object a line "
                   "with each word's text, normalized form, byte offsets in the line, script and language")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_option("--lang", opt->lang, "language of every line: zh-Hans, zh-Hant, ja, en (default: detect per line)")
        ->check([](const std::string& s) { return parse_lang(s) ? "" : "unknown language tag: " + s; });
    app.add_option("--user-dict", opt->user_dict, "user dictionary: one word a line, optionally TAB weight");
    app.add_option("--encoding", opt->encoding,
                   "encoding of the input (default: detected as index does for a file, UTF-8 for standard input)")
        ->check([](const std::string& s) {
            return canonical_encoding(s).empty() ? "unknown encoding: " + s : std::string();
        });
    app.add_flag("--normalized", opt->normalized, "with --format text: print the normalized (indexed) forms");
    app.add_flag("--line-buffered", opt->line_buffered, "flush after every line (default on a terminal)");
    app.add_flag("--no-mecab", opt->no_mecab, "segment Japanese with ICU instead of MeCab");
    return [opt] { return run_segment(*opt); };
}

const Command register_segment{"segment", "split text into words, one line in, one line out", setup_segment, 40};

}  // namespace hanidx::cli
