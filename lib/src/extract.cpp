// Stage 2: extraction. Plain text is kept as is; HTML goes through libxml2's
// HTML parser (error-tolerant, as browsers are); dates are found by a small
// hand-written scanner (std::regex would cost more than the rest of the
// pipeline).
#include "hanidx/extract.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "dynlib.hpp"

namespace hanidx {

namespace {

std::string collapse(std::string_view s);

std::string_view trim(std::string_view s) {
    // ASCII white space and U+3000 IDEOGRAPHIC SPACE (E3 80 80).
    for (;;) {
        if (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        else if (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
        else break;
    }
    for (;;) {
        if (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        else if (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
        else break;
    }
    return s;
}

constexpr std::size_t max_title = 300;

// At most max_title bytes of @p s, cut at a character boundary.
std::string clip_title(std::string_view s) {
    if (s.size() > max_title) {
        std::size_t cut = max_title;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s = s.substr(0, cut);
    }
    return std::string(s);
}

std::string first_line_title(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = trim(text.substr(0, nl));
        if (!line.empty()) return clip_title(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return {};
}

std::string lower_ascii(std::string_view s) {
    std::string r(s);
    for (auto& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return r;
}

// ---------------------------------------------------------------------------
// Dates.

struct Date {
    int y = 0, m = 0, d = 0;  // m, d 0 when the text does not say
    bool era = false;         // an era year (令和2年): a date even without month and day
    bool complete() const { return m && d; }
};

bool valid(const Date& t) {
    static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (t.y < 1800 || t.y > 2200) return false;
    if (t.m == 0) return t.d == 0;
    if (t.m < 1 || t.m > 12) return false;
    return t.d == 0 || (t.d >= 1 && t.d <= days[t.m - 1]);
}

std::string iso(const Date& t) {
    char buf[16];
    if (t.complete()) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.y, t.m, t.d);
    else if (t.m) std::snprintf(buf, sizeof buf, "%04d-%02d", t.y, t.m);
    else std::snprintf(buf, sizeof buf, "%04d", t.y);
    return buf;
}

// The text with full-width digits and date punctuation folded to ASCII, so the
// scanner looks for one form only.
std::string fold_for_dates(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        // U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE are EF BC 90..99;
        // U+FF0D - U+FF0E . U+FF0F / U+FF1A : are EF BC 8D/8E/8F/9A.
        if (s[i] == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBC') {
            const auto c = static_cast<unsigned char>(s[i + 2]);
            if (c >= 0x90 && c <= 0x99) { out += static_cast<char>('0' + (c - 0x90)); i += 2; continue; }
            if (c == 0x8D) { out += '-'; i += 2; continue; }
            if (c == 0x8E) { out += '.'; i += 2; continue; }
            if (c == 0x8F) { out += '/'; i += 2; continue; }
            if (c == 0x9A) { out += ':'; i += 2; continue; }
        }
        out += s[i];
    }
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Kanji numerals: 〇 一 二 ... 九, also 零 and ○ (U+25CB WHITE CIRCLE, often
// typed for 〇 in 二○一三年).
constexpr std::pair<std::string_view, int> kanji_digits[] = {
    {"〇", 0}, {"零", 0}, {"○", 0}, {"一", 1}, {"二", 2}, {"三", 3}, {"四", 4},
    {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9},
};

std::optional<int> kanji_digit_at(std::string_view s, std::size_t i, std::size_t& len) {
    for (auto [k, v] : kanji_digits)
        if (s.substr(i).starts_with(k)) return len = k.size(), v;
    return std::nullopt;
}

/** A number at @p i: ASCII digits (at most @p max_digits), or kanji numerals
 *  (digit by digit as in 二〇一三, or with 十 as in 二十三). Advances @p i. */
std::optional<int> read_number(std::string_view s, std::size_t& i, int max_digits) {
    std::size_t j = i;
    if (j < s.size() && is_digit(s[j])) {
        int v = 0, n = 0;
        while (j < s.size() && is_digit(s[j]) && n < max_digits + 1) v = v * 10 + (s[j++] - '0'), ++n;
        if (n > max_digits) return std::nullopt;
        i = j;
        return v;
    }
    int v = 0, n = 0, tens = -1;
    for (;;) {
        std::size_t len = 0;
        if (auto d = kanji_digit_at(s, j, len)) {
            v = v * 10 + *d, ++n, j += len;
            continue;
        }
        if (s.substr(j).starts_with("十")) {  // 十 = 10, 二十 = 20, 二十三 = 23
            tens = (n ? v : 1) * 10, v = 0, n = 0, j += 3;
            continue;
        }
        break;
    }
    if (tens >= 0) v += tens, n = std::max(n, 1);
    if (n == 0 || n > max_digits) return std::nullopt;
    i = j;
    return v;
}

void skip_spaces(std::string_view s, std::size_t& i) {
    for (;;) {
        if (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        else if (s.substr(i).starts_with("\xE3\x80\x80")) i += 3;  // U+3000
        else break;
    }
}

bool eat(std::string_view s, std::size_t& i, std::string_view what) {
    if (!s.substr(i).starts_with(what)) return false;
    i += what.size();
    return true;
}

// After a year and 年 (at @p i): optional M月 and D日.
Date month_day_kanji(std::string_view s, std::size_t i, int year) {
    Date t{year, 0, 0};
    skip_spaces(s, i);
    auto m = read_number(s, i, 2);
    if (!m) return t;
    skip_spaces(s, i);
    if (!eat(s, i, "月")) return t;
    t.m = *m;
    skip_spaces(s, i);
    auto d = read_number(s, i, 2);
    if (!d) return t;
    skip_spaces(s, i);
    if (eat(s, i, "日") || eat(s, i, "号") || eat(s, i, "號")) t.d = *d;
    return t;
}

constexpr std::pair<std::string_view, int> months[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sept", 9}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
};

// An English month name at @p i (not followed by a letter); advances @p i.
int read_month(std::string_view s, std::size_t& i) {
    std::size_t j = i;
    while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    const std::string word = lower_ascii(s.substr(i, j - i));
    for (auto [name, m] : months)
        if (word == name) {
            i = j;
            if (i < s.size() && s[i] == '.') ++i;
            return m;
        }
    return 0;
}

// Era names and the year before their first year.
constexpr std::pair<std::string_view, int> eras[] = {
    {"令和", 2018}, {"平成", 1988}, {"昭和", 1925}, {"大正", 1911}, {"明治", 1867},
    {"民國", 1911}, {"民国", 1911},
};

// Words that introduce a publication date, just before it.
constexpr std::string_view date_labels[] = {
    "日期", "日時", "日付", "时间", "時間", "发布", "發布", "发表", "發表", "掲載", "公開",
    "更新", "配信", "発行", "発表", "作成", "date", "published", "posted", "updated",
};

bool labeled(std::string_view s, std::size_t pos) {
    std::size_t from = pos > 30 ? pos - 30 : 0;
    const std::string before = lower_ascii(s.substr(from, pos - from));
    for (std::string_view label : date_labels)
        if (before.find(label) != std::string::npos) return true;
    return false;
}

// A date that starts at @p i, if one does.
std::optional<Date> date_at(std::string_view s, std::size_t i) {
    const char c = s[i];
    const bool after_digit = i > 0 && is_digit(s[i - 1]);
    if (is_digit(c) && !after_digit) {
        std::size_t j = i;
        auto n = read_number(s, j, 4);
        if (!n) return std::nullopt;
        const std::size_t digits = j - i;
        if (digits == 4 && j < s.size() && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
            const char sep = s[j++];
            auto m = read_number(s, j, 2);
            if (!m || j >= s.size() || s[j] != sep) return std::nullopt;
            ++j;
            auto d = read_number(s, j, 2);
            if (!d || (j < s.size() && is_digit(s[j]))) return std::nullopt;
            return Date{*n, *m, *d};
        }
        if (digits == 4) {
            std::size_t k = j;
            skip_spaces(s, k);
            if (eat(s, k, "年")) return month_day_kanji(s, k, *n);
            return std::nullopt;
        }
        if (digits <= 2) {  // 14 July 2020
            skip_spaces(s, j);
            int m = read_month(s, j);
            if (!m) return std::nullopt;
            if (j < s.size() && s[j] == ',') ++j;
            skip_spaces(s, j);
            std::size_t k = j;
            auto y = read_number(s, k, 4);
            if (!y || k - j != 4) return std::nullopt;
            return Date{*y, m, *n};
        }
        return std::nullopt;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {  // July 14, 2020
        if (i > 0 && std::isalpha(static_cast<unsigned char>(s[i - 1]))) return std::nullopt;
        std::size_t j = i;
        int m = read_month(s, j);
        if (!m) return std::nullopt;
        skip_spaces(s, j);
        auto d = read_number(s, j, 2);
        if (!d || (j < s.size() && is_digit(s[j]))) return std::nullopt;
        for (std::string_view suffix : {"st", "nd", "rd", "th"})
            if (eat(s, j, suffix)) break;
        if (j < s.size() && s[j] == ',') ++j;
        skip_spaces(s, j);
        std::size_t k = j;
        auto y = read_number(s, k, 4);
        if (!y || k - j != 4) return std::nullopt;
        return Date{*y, m, *d};
    }
    if (static_cast<unsigned char>(c) >= 0xE0) {
        for (auto [era, base] : eras) {
            std::size_t j = i;
            if (!eat(s, j, era)) continue;
            skip_spaces(s, j);
            std::optional<int> n = eat(s, j, "元") ? std::optional<int>(1) : read_number(s, j, 3);
            if (!n || *n < 1) return std::nullopt;
            skip_spaces(s, j);
            if (!eat(s, j, "年")) return std::nullopt;
            Date t = month_day_kanji(s, j, base + *n);
            t.era = true;
            return t;
        }
        // 二〇一三年八月七日: four kanji digits, then 年.
        std::size_t len = 0;
        if (kanji_digit_at(s, i, len)) {
            if (i >= 3 && kanji_digit_at(s, i - 3, len)) return std::nullopt;  // not the first digit
            std::size_t j = i;
            int v = 0, n = 0;
            while (auto d = kanji_digit_at(s, j, len)) v = v * 10 + *d, ++n, j += len;
            if (n != 4 || !eat(s, j, "年")) return std::nullopt;
            return month_day_kanji(s, j, v);
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// HTML.

bool name_is(const char* name, std::initializer_list<const char*> names) {
    if (!name) return false;
    for (const char* want : names)
        if (std::strcmp(name, want) == 0) return true;
    return false;
}

// Elements whose content is not text a reader sees.
bool skipped(const char* n) {
    return name_is(n, {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                       "canvas", "select", "button"});
}

// Elements that start and end a paragraph.
bool block(const char* n) {
    return name_is(n, {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                       "table", "tr", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "section",
                       "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption",
                       "address", "hr", "form", "fieldset", "legend", "details", "summary", "body",
                       "center", "listing", "textarea", "td", "th"});
}

bool preformatted(const char* n) { return name_is(n, {"pre", "textarea", "listing", "plaintext", "xmp"}); }

bool cjk(char32_t c) { return c >= 0x2E80 && c <= 0x9FFF; }

char32_t last_char(const std::string& s) {
    std::size_t i = s.size();
    if (i == 0) return 0;
    do --i;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data() + i);
    const std::size_t n = s.size() - i;
    if (n == 1) return p[0];
    if (n == 2) return (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (n == 3) return (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (p[0] & 0x07) << 18 | (p[1] & 0x3F) << 12 | (p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

char32_t first_char(std::string_view s) {
    if (s.empty()) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    if (p[0] < 0x80) return p[0];
    if (p[0] < 0xE0 && s.size() >= 2) return (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (p[0] < 0xF0 && s.size() >= 3) return (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return 0x10000;
}

// Collects the text of an HTML tree: white space collapsed as a browser does,
// paragraphs separated by blank lines.
class TextSink {
  public:
    enum Break { none = 0, line = 1, paragraph = 2 };

    void request(Break b) { pending_ = std::max(pending_, b); }

    void text(std::string_view s, bool pre) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            const bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';  // U+00A0
            if (!pre && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp)) {
                space_ = true;
                newline_in_space_ |= c == '\n';
                i += nbsp;
                continue;
            }
            if (pre && c == '\r') continue;
            flush(s.substr(i));
            out += c;
        }
    }

    std::string out;

  private:
    void flush(std::string_view next) {
        if (pending_ != none) {
            if (!out.empty()) {
                while (!out.empty() && out.back() == ' ') out.pop_back();
                std::size_t have = 0;
                for (auto it = out.rbegin(); it != out.rend() && *it == '\n' && have < 2; ++it) ++have;
                for (std::size_t k = have; k < static_cast<std::size_t>(pending_); ++k) out += '\n';
            }
        } else if (space_ && !out.empty() && out.back() != '\n') {
            // A line break between two CJK characters is source formatting,
            // not a word boundary.
            if (!(newline_in_space_ && cjk(last_char(out)) && cjk(first_char(next)))) out += ' ';
        }
        pending_ = none;
        space_ = newline_in_space_ = false;
    }

    Break pending_ = none;
    bool space_ = false, newline_in_space_ = false;
};

std::string collapse(std::string_view s) {
    TextSink sink;
    sink.text(s, false);
    return std::string(trim(sink.out));
}

// What the SAX callbacks below build. libxml2's tree builder stops at 256
// levels of nesting (and drops the rest of the document); SAX events have
// no such limit and cost less.
struct HtmlState {
    TextSink sink;
    std::string title, title_buf, meta_date;
    int skip = 0;       // depth inside an element whose content is dropped
    int pre = 0;        // depth inside <pre> and the like
    int head = 0;       // inside <head>: only <title> and <meta> count
    bool in_title = false;
};

HtmlState& state_of(void* ctx) {
    return *static_cast<HtmlState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

const char* str(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

void on_start(void* ctx, const xmlChar* name_x, const xmlChar** atts) {
    HtmlState& st = state_of(ctx);
    const char* name = str(name_x);
    if (st.skip) {
        ++st.skip;
        return;
    }
    if (name_is(name, {"title"})) {
        st.in_title = true;
        ++st.skip;  // its text is the title, not a paragraph
        return;
    }
    if (name_is(name, {"meta"}) && atts && st.meta_date.empty()) {
        std::string key, content;
        for (const xmlChar** a = atts; a[0]; a += 2) {
            const std::string attr = lower_ascii(str(a[0]));
            const char* value = a[1] ? str(a[1]) : "";
            if (attr == "name" || attr == "property" || attr == "itemprop") key += lower_ascii(value);
            else if (attr == "content") content = value;
        }
        if (key.find("date") != std::string::npos || key.find("published") != std::string::npos)
            st.meta_date = find_date(content);
    }
    if (name_is(name, {"head"})) {
        ++st.head;
        return;
    }
    if (skipped(name)) {
        ++st.skip;
        return;
    }
    if (name_is(name, {"br"})) st.sink.request(TextSink::line);
    if (block(name)) st.sink.request(TextSink::paragraph);
    if (preformatted(name)) ++st.pre;
}

void on_end(void* ctx, const xmlChar* name_x) {
    HtmlState& st = state_of(ctx);
    const char* name = str(name_x);
    if (st.skip) {
        if (--st.skip == 0 && st.in_title) {
            if (st.title.empty()) st.title = clip_title(collapse(st.title_buf));
            st.in_title = false;
        }
        return;
    }
    if (name_is(name, {"head"})) {
        if (st.head > 0) --st.head;
        return;
    }
    if (block(name)) st.sink.request(TextSink::paragraph);
    if (preformatted(name) && st.pre > 0) --st.pre;
}

void on_text(void* ctx, const xmlChar* ch, int len) {
    HtmlState& st = state_of(ctx);
    const std::string_view text(str(ch), static_cast<std::size_t>(len));
    if (st.in_title && st.skip == 1) st.title_buf += text;
    if (st.skip || st.head) return;
    st.sink.text(text, st.pre > 0);
}

void on_error(void*, const char*, ...) {}  // malformed HTML is the norm; nothing to report

// libxml2 is loaded the first time a page is parsed (dynlib.hpp): a search
// process never needs it. These are the functions hanidx calls.
struct LibXml2 {
    static constexpr const char* soname = "libxml2.so.2";
    decltype(&::xmlInitParser) init_parser;
    decltype(&::htmlNewParserCtxt) new_parser_ctxt;
    decltype(&::htmlCtxtReadMemory) ctxt_read_memory;
    decltype(&::xmlFreeDoc) free_doc;
    decltype(&::htmlFreeParserCtxt) free_parser_ctxt;

    static const LibXml2& get() {
        static const LibXml2 lib = [] {
            std::string why;
            void* h = detail::load_library(soname, &why);
            if (!h) throw std::runtime_error("cannot parse HTML: " + why);
            LibXml2 l;
            l.init_parser = detail::library_symbol<decltype(&::xmlInitParser)>(h, soname, "xmlInitParser");
            l.new_parser_ctxt = detail::library_symbol<decltype(&::htmlNewParserCtxt)>(h, soname, "htmlNewParserCtxt");
            l.ctxt_read_memory =
                detail::library_symbol<decltype(&::htmlCtxtReadMemory)>(h, soname, "htmlCtxtReadMemory");
            l.free_doc = detail::library_symbol<decltype(&::xmlFreeDoc)>(h, soname, "xmlFreeDoc");
            l.free_parser_ctxt =
                detail::library_symbol<decltype(&::htmlFreeParserCtxt)>(h, soname, "htmlFreeParserCtxt");
            l.init_parser();
            return l;
        }();
        return lib;
    }
};

Extracted extract_html(std::string_view text) {
    const LibXml2& xml = LibXml2::get();
    Extracted e;
    HtmlState st;
    htmlParserCtxtPtr ctxt = xml.new_parser_ctxt();
    if (!ctxt) throw std::bad_alloc();
    htmlSAXHandler sax{};
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    sax.error = on_error;
    sax.warning = on_error;
    *ctxt->sax = sax;
    ctxt->_private = &st;
    // HTML_PARSE_IGNORE_ENC: the text is UTF-8 already, whatever <meta> says.
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                        HTML_PARSE_IGNORE_ENC;
    xmlDocPtr doc = xml.ctxt_read_memory(ctxt, text.data(), static_cast<int>(std::min<std::size_t>(text.size(), INT32_MAX)),
                                       nullptr, "UTF-8", options);
    if (doc) xml.free_doc(doc);  // none is built with these callbacks
    xml.free_parser_ctxt(ctxt);

    e.text = std::string(trim(st.sink.out));
    if (!e.text.empty()) e.text += '\n';
    // The <title> is text a reader sees (in the tab, in search results): it
    // opens the extracted text, so that a word found only there is found by
    // an ordinary search, unless the body already starts with it.
    if (!st.title.empty() && !e.text.starts_with(st.title))
        e.text = st.title + "\n\n" + e.text;
    e.title = st.title.empty() ? first_line_title(e.text) : st.title;
    e.date = st.meta_date.empty() ? find_date(e.text) : st.meta_date;
    return e;
}

// A cheap test before date_at(): a digit, a letter that starts a month name,
// or the first character of an era name or a kanji numeral.
bool may_start_date(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        if (is_digit(static_cast<char>(c))) return true;
        switch (c | 0x20) {
            case 'j': case 'f': case 'm': case 'a': case 's': case 'o': case 'n': case 'd': return true;
            default: return false;
        }
    }
    if (c < 0xE2 || c > 0xE9 || i + 2 >= s.size()) return false;
    const char32_t cp = (c & 0x0F) << 12 | (static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6 |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    switch (cp) {
        case U'令': case U'平': case U'昭': case U'大': case U'明': case U'民':
        case U'〇': case U'零': case U'○': case U'一': case U'二': case U'三': case U'四':
        case U'五': case U'六': case U'七': case U'八': case U'九':
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string find_date(std::string_view text) {
    constexpr std::size_t max_scan = 64 * 1024;
    const std::string s = fold_for_dates(text.substr(0, max_scan));
    std::optional<Date> best;
    int best_rank = 99;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!may_start_date(s, i)) continue;
        auto t = date_at(s, i);
        if (!t || !valid(*t)) continue;
        // "2020年度" or "2017年8月" in running text is rarely when the text
        // was published; a bare era year is how Japanese notices date themselves.
        const bool label = labeled(s, i);
        if (!t->complete() && !label && !t->era) continue;
        const int rank = (label ? 0 : 2) + (t->complete() ? 0 : 1);
        if (rank < best_rank) best = t, best_rank = rank;
        if (rank == 0) break;
    }
    return best ? iso(*best) : std::string();
}

// The value after @p key (and '=', quotes) in @p tag, or empty.
std::string_view attribute_value(std::string_view tag, std::string_view key) {
    std::size_t i = tag.find(key);
    if (i == std::string_view::npos) return {};
    i += key.size();
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '=' || tag[i] == '"' || tag[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[j])) || tag[j] == '-' || tag[j] == '_' ||
                              tag[j] == '.' || tag[j] == ':'))
        ++j;
    return tag.substr(i, j - i);
}

std::string declared_charset(std::string_view bytes) {
    const std::string head = lower_ascii(bytes.substr(0, 4096));
    // XHTML: <?xml version="1.0" encoding="Shift_JIS"?>
    if (std::string_view(head).substr(0, 64).find("<?xml") != std::string_view::npos) {
        const std::size_t end = head.find("?>");
        if (auto v = attribute_value(std::string_view(head).substr(0, end), "encoding"); !v.empty())
            return std::string(v);
    }
    for (std::size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
        const std::size_t end = head.find('>', at);
        const std::string_view tag = std::string_view(head).substr(at, end == std::string::npos ? head.npos : end - at);
        if (auto v = attribute_value(tag, "charset"); !v.empty()) return std::string(v);
    }
    return {};
}

Format sniff_format(std::string_view text) {
    auto head = trim(text.substr(0, 1024));
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    std::string h = lower_ascii(head.substr(0, 512));
    if (h.starts_with("<!doctype html") || h.starts_with("<html") || h.starts_with("<head") ||
        h.find("<html") != std::string::npos || h.find("<body") != std::string::npos)
        return Format::Html;
    return Format::Text;
}

Extracted extract(std::string_view text, Format format) {
    if (format == Format::Auto) format = sniff_format(text);
    if (format == Format::Html) return extract_html(text);
    Extracted e;
    e.text.assign(text);
    e.title = first_line_title(text);
    e.date = find_date(text);
    return e;
}

}  // namespace hanidx
