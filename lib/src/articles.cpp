// Stage 2b: splitting a multi-article file into articles. Hand-written
// scanners: the dumps are large (hundreds of MB), often not well-formed XML
// (SogouCS has raw '&' and stray bytes; Reuters-21578 is SGML with control
// characters as &#N; entities), and one bad article must not lose the rest.
// Every scan moves forward only, so splitting is linear in the file's size.
#include "hanidx/articles.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "hanidx/extract.hpp"

namespace hanidx {

namespace {

using sv = std::string_view;
constexpr std::size_t npos = sv::npos;

// Longest title kept, in bytes (as extract.cpp).
constexpr std::size_t max_title = 300;
// Longest field value kept; longer ones are text, not metadata.
constexpr std::size_t max_field = 256;
// Most fields kept per article: metadata, not a copy of the article.
constexpr std::size_t max_fields = 64;
// Deepest JSON nesting read; deeper lines are malformed.
constexpr int max_json_depth = 64;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequal(sv a, sv b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

sv trim(sv s) {
    // ASCII white space and U+3000 IDEOGRAPHIC SPACE (E3 80 80), which
    // SogouCS uses to indent paragraphs.
    for (;;) {
        if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
        else if (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
        else break;
    }
    for (;;) {
        if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
        else if (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
        else break;
    }
    return s;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Append @p s with its character references decoded. Control characters
/// other than tab and line ends are dropped: Reuters-21578 writes its
/// transmission codes as &#2; &#3; &#5; &#22; &#31;.
void append_decoded(std::string& out, sv s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '&') {
            const auto b = static_cast<unsigned char>(c);
            if (b < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;
            out += c;
            continue;
        }
        // A reference is short: look for its ';' nearby only (linear time on "&&&&...").
        std::size_t semi = s.substr(i + 1, 12).find(';');
        if (semi != npos) semi += i + 1;
        if (semi == npos) {
            out += c;
            continue;
        }
        const sv name = s.substr(i + 1, semi - i - 1);
        uint32_t cp = 0;
        bool ok = true;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const sv digits = name.substr(hex ? 2 : 1);
            auto r = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
            ok = !digits.empty() && r.ec == std::errc() && r.ptr == digits.data() + digits.size();
        } else if (name == "amp") cp = '&';
        else if (name == "lt") cp = '<';
        else if (name == "gt") cp = '>';
        else if (name == "quot") cp = '"';
        else if (name == "apos") cp = '\'';
        else if (name == "nbsp") cp = ' ';
        else ok = false;
        if (!ok) {
            out += c;
            continue;
        }
        if (cp == 0 || (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r') || (cp >= 0x7F && cp < 0xA0)) {
            // A control character: dropped.
        } else {
            append_utf8(out, cp);
        }
        i = semi;
    }
}

/// Elements that end a paragraph when markup is turned into text.
bool block_tag(sv name) {
    static const char* const names[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                                        "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "hr"};
    for (const char* n : names)
        if (iequal(name, n)) return true;
    return false;
}

/** The text of markup @p s: tags dropped (block elements become blank
 *  lines), CDATA sections kept as they are, character references decoded
 *  (outside CDATA).
 */
std::string markup_text(sv s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t lt = s.find('<', i);
        append_decoded(out, s.substr(i, lt == npos ? npos : lt - i));
        if (lt == npos) break;
        if (s.substr(lt).starts_with("<![CDATA[")) {
            const std::size_t end = s.find("]]>", lt + 9);
            out.append(s.substr(lt + 9, end == npos ? npos : end - lt - 9));
            i = end == npos ? s.size() : end + 3;
            continue;
        }
        if (s.substr(lt).starts_with("<!--")) {
            const std::size_t end = s.find("-->", lt + 4);
            i = end == npos ? s.size() : end + 3;
            continue;
        }
        // A '<' that does not start a tag (a name or '/' right after it) is text.
        const char next = lt + 1 < s.size() ? s[lt + 1] : '\0';
        if (!(std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!' || next == '?')) {
            out += '<';
            i = lt + 1;
            continue;
        }
        const std::size_t gt = s.find('>', lt + 1);
        if (gt == npos) {
            append_decoded(out, s.substr(lt));
            break;
        }
        sv name = s.substr(lt + 1, gt - lt - 1);
        if (!name.empty() && name[0] == '/') name.remove_prefix(1);
        std::size_t n = 0;
        while (n < name.size() && (std::isalnum(static_cast<unsigned char>(name[n])) || name[n] == ':')) ++n;
        if (block_tag(name.substr(0, n))) out += "\n\n";
        i = gt + 1;
    }
    return out;
}

/// @p s with runs of white space (line ends too) as one space, trimmed: a title.
std::string one_line(sv s) {
    s = trim(s);
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    if (out.size() > max_title) {
        std::size_t cut = max_title;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return out;
}

/// Body text: CR LF as LF, lines trimmed at their end, at most one blank line in a row, trimmed.
std::string tidy_body(sv s) {
    std::string out;
    out.reserve(s.size());
    std::size_t blank = 0;
    while (!s.empty()) {
        std::size_t nl = s.find('\n');
        sv line = s.substr(0, nl);
        s = nl == npos ? sv() : s.substr(nl + 1);
        while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
        if (trim(line).empty()) {
            ++blank;
            continue;
        }
        if (!out.empty()) out += blank ? "\n\n" : "\n";
        blank = 0;
        out.append(line);
    }
    // Leading indentation of the first line (SogouCS: U+3000 U+3000) goes too.
    sv t = trim(out);
    return std::string(t);
}

/// Field names as Analysis::fields wants them: [a-z][a-z0-9_]*, or empty.
std::string field_name(sv s) {
    std::string out;
    for (char c : s) {
        c = lower(c);
        if ((c >= 'a' && c <= 'z') || is_digit(c)) out += c;
        else if (c == '_' || c == '-' || c == ':' || c == '.') out += '_';
        else return {};
    }
    if (out.empty() || !(out[0] >= 'a' && out[0] <= 'z')) return {};
    return out;
}

void add_field(Article& a, sv name, sv value) {
    std::string n = field_name(name);
    std::string v = one_line(value);
    if (n.empty() || v.empty() || value.size() > max_field || a.fields.size() >= max_fields) return;
    a.fields.emplace_back(std::move(n), std::move(v));
}

void finish(Article& a, sv title, sv body) {
    a.title = one_line(title);
    std::string b = tidy_body(body);
    if (!a.title.empty()) {
        a.text = a.title;
        if (!b.empty()) a.text += "\n\n";
    }
    a.text += b;
}

// ---------------------------------------------------------------------------
// Markup scanning, case-insensitive on element names.

/// Where "<name" starts at or after @p from, followed by '>', '/' or white space; npos if nowhere.
std::size_t find_open(sv s, sv name, std::size_t from) {
    while (from < s.size()) {
        const std::size_t lt = s.find('<', from);
        if (lt == npos || lt + 1 + name.size() > s.size()) return npos;
        if (iequal(s.substr(lt + 1, name.size()), name)) {
            const std::size_t after = lt + 1 + name.size();
            if (after == s.size() || s[after] == '>' || s[after] == '/' || is_space(s[after])) return lt;
        }
        from = lt + 1;
    }
    return npos;
}

/// Where "</name>" (white space allowed before '>') starts at or after @p from.
std::size_t find_close(sv s, sv name, std::size_t from) {
    while (from < s.size()) {
        const std::size_t lt = s.find("</", from);
        if (lt == npos || lt + 2 + name.size() > s.size()) return npos;
        if (iequal(s.substr(lt + 2, name.size()), name)) {
            std::size_t after = lt + 2 + name.size();
            while (after < s.size() && is_space(s[after])) ++after;
            if (after < s.size() && s[after] == '>') return lt;
        }
        from = lt + 2;
    }
    return npos;
}

/// One element found in a piece of markup.
struct Element {
    sv tag;    ///< the start tag, "<name attr=...>"
    sv inner;  ///< what lies between start and end tag (empty for <name/>)
    bool found = false;
    bool closed = false;  ///< its end tag was found (or it is <name/>)
};

/// The first element @p name in @p s at or after @p from (its end tag
/// searched before the next @p limit_from, if given).
Element element(sv s, sv name, std::size_t from = 0) {
    Element e;
    const std::size_t open = find_open(s, name, from);
    if (open == npos) return e;
    const std::size_t gt = s.find('>', open);
    if (gt == npos) return e;
    e.found = true;
    e.tag = s.substr(open, gt + 1 - open);
    e.closed = true;
    e.inner = s.substr(gt + 1, 0);
    if (s[gt - 1] == '/') return e;  // <link href="..."/>
    const std::size_t close = find_close(s, name, gt + 1);
    e.closed = close != npos;
    e.inner = s.substr(gt + 1, close == npos ? npos : close - gt - 1);
    return e;
}

/// The value of attribute @p key in start tag @p tag, or empty.
sv attribute(sv tag, sv key) {
    std::size_t i = 0;
    while ((i = tag.find('=', i + 1)) != npos) {
        std::size_t k = i;
        while (k > 0 && is_space(tag[k - 1])) --k;
        std::size_t b = k;
        while (b > 0 && (std::isalnum(static_cast<unsigned char>(tag[b - 1])) || tag[b - 1] == '_' ||
                         tag[b - 1] == '-' || tag[b - 1] == ':'))
            --b;
        std::size_t v = i + 1;
        while (v < tag.size() && is_space(tag[v])) ++v;
        if (v >= tag.size()) return {};
        sv value;
        if (tag[v] == '"' || tag[v] == '\'') {
            const std::size_t end = tag.find(tag[v], v + 1);
            value = tag.substr(v + 1, end == npos ? npos : end - v - 1);
        } else {
            std::size_t end = v;
            while (end < tag.size() && !is_space(tag[end]) && tag[end] != '>') ++end;
            value = tag.substr(v, end - v);
        }
        if (b > 0 && iequal(tag.substr(b, k - b), key) && (is_space(tag[b - 1]) || tag[b - 1] == '<')) return value;
    }
    return {};
}

/// The text of the first element among @p names in @p s, or empty.
std::string first_text(sv s, std::initializer_list<sv> names) {
    for (sv n : names) {
        Element e = element(s, n);
        if (!e.found) continue;
        std::string t = markup_text(e.inner);
        if (!trim(t).empty()) return t;
    }
    return {};
}

/** Walk the elements @p name of @p text: each one's inner markup goes to @p f.
 *  An element whose end tag is missing (or comes after the next start tag)
 *  is an article with an error. @return the number of articles.
 */
template <class F>
std::size_t each_element(sv text, sv name, std::size_t& number, F&& f,
                         const std::function<bool(Article&&)>& sink) {
    std::size_t pos = 0;
    std::size_t count = 0;
    while (true) {
        const std::size_t open = find_open(text, name, pos);
        if (open == npos) break;
        // The end tag is looked for before the next start tag only: linear
        // time however many elements are unclosed.
        const std::size_t next = find_open(text, name, open + 1);
        const sv region = text.substr(0, next);
        const std::size_t gt = region.find('>', open);
        const std::size_t close = gt == npos ? npos : find_close(region, name, gt + 1);
        Article a;
        a.number = ++number;
        ++count;
        if (close == npos) {
            a.error = "unclosed <" + std::string(name) + "> element";
            if (!sink(std::move(a)) || next == npos) break;
            pos = next;
            continue;
        }
        f(a, text.substr(open, gt + 1 - open), text.substr(gt + 1, close - gt - 1));
        if (a.text.empty() && a.error.empty()) a.error = "no title and no text";
        if (!a.error.empty()) {
            a.text.clear(), a.title.clear(), a.date.clear(), a.date_source.clear(), a.fields.clear();
        }
        if (!sink(std::move(a))) break;
        pos = close + 1;
    }
    return count;
}

void set_date(Article& a, sv value) {
    a.date = parse_field_date(value);
    if (!a.date.empty()) a.date_source = "field";
}

// ---------------------------------------------------------------------------
// Layouts.

std::size_t split_reuters(sv text, const std::function<bool(Article&&)>& sink) {
    std::size_t number = 0;
    return each_element(
        text, "REUTERS", number,
        [](Article& a, sv tag, sv inner) {
            set_date(a, markup_text(element(inner, "DATE").inner));
            Element body_text = element(inner, "TEXT");
            sv t = body_text.inner;
            std::string title = first_text(t, {"TITLE"});
            std::string dateline = first_text(t, {"DATELINE"});
            std::string body;
            if (Element b = element(t, "BODY"); b.found) {
                body = markup_text(b.inner);
            } else {
                // TYPE="BRIEF" and "UNPROC" stories: the text beside the title.
                std::string rest(t);
                for (sv n : {"TITLE", "DATELINE", "AUTHOR"}) {
                    Element e = element(rest, n);
                    if (!e.found) continue;
                    const std::size_t at = static_cast<std::size_t>(e.tag.data() - rest.data());
                    const std::size_t close = find_close(rest, n, at);
                    const std::size_t end = close == npos ? at + e.tag.size() : rest.find('>', close) + 1;
                    rest.erase(at, end - at);
                }
                body = markup_text(rest);
            }
            // The trailing "Reuter" signature and the &#3; end-of-text mark
            // are no part of the story, nor the "******" of a flash (BRIEF).
            sv b = trim(body);
            while (b.starts_with('*')) b.remove_prefix(1);
            b = trim(b);
            if (b.ends_with("Reuter")) b.remove_suffix(6);
            std::string full = one_line(dateline);
            if (!full.empty()) full += ' ';
            full += trim(b);
            finish(a, title, full);
            add_field(a, "newid", attribute(tag, "NEWID"));
            for (sv list : {"TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES"}) {
                Element l = element(inner, list);
                std::string name = field_name(list);
                for (std::size_t at = 0;;) {
                    Element d = element(l.inner, "D", at);
                    if (!d.found || !d.closed) break;
                    add_field(a, name, markup_text(d.inner));
                    at = static_cast<std::size_t>(d.inner.data() - l.inner.data()) + d.inner.size();
                }
            }
            if (!dateline.empty()) add_field(a, "dateline", one_line(dateline));
        },
        sink);
}

std::size_t split_docs(sv text, const std::function<bool(Article&&)>& sink) {
    std::size_t number = 0;
    return each_element(
        text, "doc", number,
        [](Article& a, sv, sv inner) {
            const std::string url = first_text(inner, {"url"});
            const std::string title = first_text(inner, {"contenttitle", "title", "headline", "hl", "head"});
            std::string body = first_text(inner, {"content"});
            if (trim(body).empty()) {
                // TREC: possibly several <TEXT> elements.
                for (std::size_t at = 0;;) {
                    Element e = element(inner, "text", at);
                    if (!e.found) break;
                    if (!body.empty()) body += "\n\n";
                    body += markup_text(e.inner);
                    if (!e.closed) break;
                    // Past its end tag: a <TEXT> inside it is no second one.
                    at = static_cast<std::size_t>(e.inner.data() - inner.data()) + e.inner.size();
                }
            }
            set_date(a, first_text(inner, {"date", "dd", "date_time", "pubdate"}));
            if (a.date.empty() && !url.empty()) {
                a.date = date_from_url(trim(url));
                if (!a.date.empty()) a.date_source = "url";
            }
            finish(a, title, body);
            add_field(a, "url", url);
            add_field(a, "docno", first_text(inner, {"docno"}));
        },
        sink);
}

std::size_t split_feed(sv text, const std::function<bool(Article&&)>& sink) {
    const bool atom = find_open(text, "entry", 0) != npos && find_open(text, "item", 0) == npos;
    std::size_t number = 0;
    return each_element(
        text, atom ? "entry" : "item", number,
        [](Article& a, sv, sv inner) {
            // Descriptions are often HTML escaped once more: read them twice.
            auto html = [](std::string s) {
                return s.find('<') == npos ? s : markup_text(s);
            };
            const std::string title = html(first_text(inner, {"title"}));
            std::string body = html(first_text(inner, {"content:encoded", "content", "description", "summary"}));
            std::string link = one_line(first_text(inner, {"link"}));
            if (link.empty()) link = std::string(attribute(element(inner, "link").tag, "href"));
            set_date(a, first_text(inner, {"pubDate", "published", "dc:date", "updated", "date"}));
            finish(a, title, body);
            add_field(a, "url", link);
            add_field(a, "id", first_text(inner, {"guid", "id"}));
        },
        sink);
}

// ---------------------------------------------------------------------------
// JSON Lines: a small parser that flattens one object into (path, value)
// pairs: nested objects give dotted paths, arrays repeat their path, null is
// left out.

class JsonFlattener {
  public:
    explicit JsonFlattener(sv s) : s_(s) {}

    /// False with error() set when the line is not one JSON object.
    bool parse(std::vector<std::pair<std::string, std::string>>& out) {
        out_ = &out;
        ws();
        if (i_ >= s_.size() || s_[i_] != '{') return fail("not a JSON object");
        std::string path;
        if (!value(path, 0)) return false;
        ws();
        if (i_ != s_.size()) return fail("text after the object");
        return true;
    }
    const std::string& error() const { return error_; }

  private:
    bool fail(std::string what) {
        if (error_.empty()) error_ = what + " at byte " + std::to_string(i_ + 1);
        return false;
    }
    void ws() {
        while (i_ < s_.size() && is_space(s_[i_])) ++i_;
    }
    bool literal(sv word) {
        if (s_.substr(i_, word.size()) != word) return fail("invalid JSON");
        i_ += word.size();
        return true;
    }
    bool hex4(uint32_t& v) {
        if (i_ + 4 > s_.size()) return fail("bad \\u escape");
        v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s_[i_++];
            v <<= 4;
            if (is_digit(c)) v |= static_cast<uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
            else return fail("bad \\u escape");
        }
        return true;
    }
    bool string(std::string& out) {
        ++i_;  // the opening quote
        while (true) {
            const std::size_t stop = s_.find_first_of("\"\\", i_);
            if (stop == npos) return fail("unterminated string");
            for (std::size_t k = i_; k < stop; ++k) {
                const auto b = static_cast<unsigned char>(s_[k]);
                if (b >= 0x20 || s_[k] == '\t') out += s_[k];  // a raw control character is tolerated, dropped
            }
            i_ = stop + 1;
            if (s_[stop] == '"') return true;
            if (i_ >= s_.size()) return fail("unterminated string");
            const char e = s_[i_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': break;
                case 'f': break;
                case 'n': out += '\n'; break;
                case 'r': break;
                case 't': out += '\t'; break;
                case 'u': {
                    uint32_t cp = 0;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(i_, 2) == "\\u") {
                        const std::size_t save = i_;
                        i_ += 2;
                        uint32_t lo = 0;
                        if (!hex4(lo)) return false;
                        if (lo >= 0xDC00 && lo <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        else i_ = save;  // a lone high surrogate: U+FFFD, the next escape read on its own
                    }
                    if (cp == 0 || (cp < 0x20 && cp != '\n' && cp != '\t')) break;
                    append_utf8(out, cp);
                    break;
                }
                default: return fail("bad escape");
            }
        }
    }
    bool value(std::string& path, int depth) {
        if (depth > max_json_depth) return fail("nested too deeply");
        ws();
        if (i_ >= s_.size()) return fail("unexpected end of line");
        const char c = s_[i_];
        if (c == '{') {
            ++i_;
            ws();
            if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
            while (true) {
                ws();
                if (i_ >= s_.size() || s_[i_] != '"') return fail("expected a key");
                std::string key;
                if (!string(key)) return false;
                ws();
                if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':'");
                ++i_;
                const std::size_t keep = path.size();
                if (!path.empty()) path += '.';
                path += key;
                const bool ok = value(path, depth + 1);
                path.resize(keep);
                if (!ok) return false;
                ws();
                if (i_ < s_.size() && s_[i_] == ',') {
                    ++i_;
                    continue;
                }
                if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
                return fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            ++i_;
            ws();
            if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
            while (true) {
                if (!value(path, depth + 1)) return false;
                ws();
                if (i_ < s_.size() && s_[i_] == ',') {
                    ++i_;
                    continue;
                }
                if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
                return fail("expected ',' or ']'");
            }
        }
        if (c == '"') {
            std::string v;
            if (!string(v)) return false;
            out_->emplace_back(path, std::move(v));
            return true;
        }
        if (c == 't') return literal("true") && (out_->emplace_back(path, "true"), true);
        if (c == 'f') return literal("false") && (out_->emplace_back(path, "false"), true);
        if (c == 'n') return literal("null");
        if (c == '-' || is_digit(c)) {
            const std::size_t start = i_;
            while (i_ < s_.size() && (is_digit(s_[i_]) || s_[i_] == '-' || s_[i_] == '+' || s_[i_] == '.' ||
                                      s_[i_] == 'e' || s_[i_] == 'E'))
                ++i_;
            out_->emplace_back(path, std::string(s_.substr(start, i_ - start)));
            return true;
        }
        return fail("invalid JSON");
    }

    sv s_;
    std::size_t i_ = 0;
    std::string error_;
    std::vector<std::pair<std::string, std::string>>* out_ = nullptr;
};

/// The values of the first of @p names present (the user's choice, else the
/// common spellings), joined by blank lines; @p used gets the path taken.
std::string pick(const std::vector<std::pair<std::string, std::string>>& kv, const std::string& chosen,
                 std::initializer_list<sv> names, std::string& used) {
    auto values_of = [&](sv name) {
        std::string out;
        bool any = false;
        for (auto& [k, v] : kv)
            if (iequal(k, name)) {
                if (any) out += "\n\n";
                out += v;
                any = true;
            }
        if (any) used = std::string(name);
        return std::pair{any, out};
    };
    if (!chosen.empty()) return values_of(chosen).second;
    for (sv n : names) {
        auto [any, v] = values_of(n);
        if (any && !trim(v).empty()) return v;
    }
    return {};
}

Article json_article(sv line, const DumpOptions& opt) {
    Article a;
    std::vector<std::pair<std::string, std::string>> kv;
    JsonFlattener parser(line);
    if (!parser.parse(kv)) {
        a.error = "invalid JSON: " + parser.error();
        return a;
    }
    std::string title_key, body_key, date_key, url_key;
    const std::string title = pick(kv, opt.json_title, {"title", "headline"}, title_key);
    const std::string body = pick(kv, opt.json_body, {"body", "text", "content", "article"}, body_key);
    const std::string date = pick(kv, opt.json_date,
                                  {"date", "published", "pubdate", "timestamp", "published_at",
                                   "publish_date", "datetime", "created_at"},
                                  date_key);
    std::string url = pick(kv, opt.json_url, {"url", "link"}, url_key);
    if (url.empty() && opt.json_url.empty()) {
        // "id" is the URL in some crawls; elsewhere it is a field of its own.
        for (auto& [k, v] : kv)
            if (k == "id" && (v.starts_with("http://") || v.starts_with("https://"))) url = v, url_key = "id";
    }
    if (trim(title).empty() && trim(body).empty()) {
        std::string names;
        std::size_t listed = 0;
        for (auto& [k, v] : kv) {
            if (listed == 8) {
                names += ", ...";
                break;
            }
            if (names.find(k) == npos) names += (names.empty() ? "" : ", ") + k, ++listed;
        }
        a.error = "no title or body field (it has: " + (names.empty() ? std::string("nothing") : names) +
                  "; name them with --json-fields)";
        return a;
    }
    set_date(a, date);
    finish(a, title, body);
    add_field(a, "url", url);
    for (auto& [k, v] : kv) {
        if (k.find('.') != npos) continue;  // nested objects: only through --json-fields
        if (iequal(k, title_key) || iequal(k, body_key) || iequal(k, date_key) || iequal(k, url_key)) continue;
        add_field(a, k, v);
    }
    return a;
}

std::size_t split_jsonl(sv text, const DumpOptions& opt, const std::function<bool(Article&&)>& sink) {
    std::size_t number = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        sv line = text.substr(0, nl);
        text = nl == npos ? sv() : text.substr(nl + 1);
        if (trim(line).empty()) continue;  // blank lines are no articles
        Article a = json_article(line, opt);
        a.number = ++number;
        if (!a.error.empty()) a.text.clear(), a.title.clear(), a.date.clear(), a.fields.clear();
        if (!sink(std::move(a))) break;
    }
    return number;
}

// ---------------------------------------------------------------------------
// Dates.

bool valid_ymd(int y, int m, int d) {
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

std::string iso(int y, int m = 0, int d = 0) {
    char buf[16];
    if (m && d) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    else if (m) std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    else std::snprintf(buf, sizeof buf, "%04d", y);
    return buf;
}

int num(sv s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

bool all_digits(sv s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

int month_of(sv s) {
    static const char* const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    if (s.size() < 3) return 0;
    for (int i = 0; i < 12; ++i)
        if (iequal(s.substr(0, 3), names[i])) return i + 1;
    return 0;
}

/// The civil date of @p days since 1970-01-01 (Howard Hinnant's algorithm).
std::string from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
    return valid_ymd(y, m, d) ? iso(y, m, d) : std::string();
}

}  // namespace

std::string parse_field_date(std::string_view value) {
    sv s = trim(value);
    if (s.empty() || s.size() > 200) return {};
    if (all_digits(s)) {
        if (s.size() == 8 && valid_ymd(num(s.substr(0, 4)), num(s.substr(4, 2)), num(s.substr(6, 2))))
            return iso(num(s.substr(0, 4)), num(s.substr(4, 2)), num(s.substr(6, 2)));
        if (s.size() == 6) {  // TREC's YYMMDD (880318)
            const int yy = num(s.substr(0, 2));
            const int y = yy < 50 ? 2000 + yy : 1900 + yy;
            if (valid_ymd(y, num(s.substr(2, 2)), num(s.substr(4, 2))))
                return iso(y, num(s.substr(2, 2)), num(s.substr(4, 2)));
            return {};
        }
        if (s.size() == 4 && valid_ymd(num(s), 1, 1)) return iso(num(s));
        if (s.size() >= 9 && s.size() <= 13) {  // Unix time, seconds or milliseconds
            int64_t t = 0;
            std::from_chars(s.data(), s.data() + s.size(), t);
            if (s.size() >= 12) t /= 1000;
            return from_days(t / 86400);
        }
        return {};
    }
    // 2012-05-09, 2012/05/09, 2012.05.09, with a time or not; 2012-05.
    if (s.size() >= 7 && all_digits(s.substr(0, 4)) && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
        is_digit(s[5])) {
        std::size_t i = 5;
        while (i < s.size() && i < 7 && is_digit(s[i])) ++i;
        const int y = num(s.substr(0, 4)), m = num(s.substr(5, i - 5));
        if (i + 1 < s.size() && s[i] == s[4] && is_digit(s[i + 1])) {
            std::size_t j = i + 1;
            while (j < s.size() && j < i + 3 && is_digit(s[j])) ++j;
            const int d = num(s.substr(i + 1, j - i - 1));
            if ((j == s.size() || !is_digit(s[j])) && valid_ymd(y, m, d)) return iso(y, m, d);
        } else if ((i == s.size() || !is_digit(s[i])) && valid_ymd(y, m, 1)) {
            return iso(y, m);
        }
    }
    // Reuters: 19-OCT-1987 15:37:46.03; RSS (RFC 822): Wed, 09 May 2012 10:00:00 GMT.
    {
        sv t = s;
        if (const std::size_t comma = t.find(','); comma != npos && comma <= 9 && !is_digit(t[0]))
            t = trim(t.substr(comma + 1));
        std::size_t i = 0;
        while (i < t.size() && i < 2 && is_digit(t[i])) ++i;
        if (i > 0 && i < t.size() && (t[i] == '-' || t[i] == ' ')) {
            const int d = num(t.substr(0, i));
            const char sep = t[i];
            const int m = month_of(t.substr(i + 1));
            std::size_t j = i + 1;
            while (j < t.size() && std::isalpha(static_cast<unsigned char>(t[j]))) ++j;
            if (m && j < t.size() && t[j] == sep && j + 5 <= t.size() && all_digits(t.substr(j + 1, 4)) &&
                (j + 5 == t.size() || !is_digit(t[j + 5])) && valid_ymd(num(t.substr(j + 1, 4)), m, d))
                return iso(num(t.substr(j + 1, 4)), m, d);
        }
    }
    return find_date(s);
}

std::string date_from_url(std::string_view url) {
    // Only the path: a host name holds no date.
    std::size_t start = url.find("://");
    start = start == npos ? 0 : url.find('/', start + 3);
    if (start == npos) return {};
    sv path = url.substr(start, url.find_first_of("?#", start) - start);
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        if (path[i] != '/') continue;
        sv p = path.substr(i + 1);
        auto digits = [&](std::size_t at, std::size_t n) { return at + n <= p.size() && all_digits(p.substr(at, n)); };
        auto ends = [&](std::size_t at) { return at == p.size() || !is_digit(p[at]); };
        int y = 0, m = 0, d = 0;
        if (digits(0, 8) && ends(8)) y = num(p.substr(0, 4)), m = num(p.substr(4, 2)), d = num(p.substr(6, 2));
        else if (digits(0, 4) && p.size() > 4 && (p[4] == '-' || p[4] == '/') && digits(5, 2) &&
                 p.size() > 7 && (p[7] == '-' || p[7] == '/') && digits(8, 2) && ends(10))
            y = num(p.substr(0, 4)), m = num(p.substr(5, 2)), d = num(p.substr(8, 2));
        else if (digits(0, 4) && p.size() > 4 && p[4] == '/' && digits(5, 4) && ends(9))
            y = num(p.substr(0, 4)), m = num(p.substr(5, 2)), d = num(p.substr(7, 2));
        if (y >= 1990 && valid_ymd(y, m, d)) return iso(y, m, d);
    }
    return {};
}

std::string_view dump_format_name(DumpFormat f) {
    switch (f) {
        case DumpFormat::JsonLines: return "jsonl";
        case DumpFormat::Docs: return "docs";
        case DumpFormat::Reuters: return "reuters";
        case DumpFormat::Feed: return "feed";
        case DumpFormat::None: break;
    }
    return "none";
}

void DumpOptions::set_json_fields(std::string_view spec) {
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        sv part = trim(spec.substr(0, comma));
        spec = comma == npos ? sv() : spec.substr(comma + 1);
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        const sv key = eq == npos ? sv() : trim(part.substr(0, eq));
        const std::string value(eq == npos ? sv() : trim(part.substr(eq + 1)));
        if (value.empty())
            throw std::invalid_argument("--json-fields: expected ROLE=FIELD, not '" + std::string(part) + "'");
        if (key == "title") json_title = value;
        else if (key == "body") json_body = value;
        else if (key == "date") json_date = value;
        else if (key == "url") json_url = value;
        else
            throw std::invalid_argument("--json-fields: '" + std::string(key) +
                                        "' is not one of title, body, date, url");
    }
}

DumpFormat sniff_dump(std::string_view head, std::string_view name) {
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    std::size_t i = 0;
    while (i < head.size() && is_space(head[i])) ++i;
    if (i >= head.size()) return DumpFormat::None;
    if (head[i] == '{') {
        // JSON Lines: the first line is a whole object (a pretty-printed
        // JSON document's first line is not). A line longer than the head
        // counts when the name says JSON Lines.
        const std::size_t nl = head.find('\n', i);
        std::string ext;
        if (const std::size_t dot = name.rfind('.'); dot != npos) {
            for (char c : name.substr(dot)) ext += lower(c);
        }
        if (nl == npos) return (ext == ".jsonl" || ext == ".ndjson") ? DumpFormat::JsonLines : DumpFormat::None;
        std::vector<std::pair<std::string, std::string>> kv;
        JsonFlattener p(head.substr(i, nl - i));
        return p.parse(kv) ? DumpFormat::JsonLines : DumpFormat::None;
    }
    if (head[i] != '<') return DumpFormat::None;
    const std::size_t html = find_open(head, "html", i);
    auto before_html = [&](std::size_t at) { return at != npos && (html == npos || at < html); };
    if (before_html(find_open(head, "REUTERS", i))) return DumpFormat::Reuters;
    if ((before_html(find_open(head, "rss", i)) || before_html(find_open(head, "rdf:RDF", i))) &&
        find_open(head, "item", i) != npos)
        return DumpFormat::Feed;
    if (before_html(find_open(head, "feed", i)) && find_open(head, "entry", i) != npos) return DumpFormat::Feed;
    if (before_html(find_open(head, "doc", i))) return DumpFormat::Docs;
    return DumpFormat::None;
}

std::size_t split_articles(std::string_view text, DumpFormat format, const DumpOptions& options,
                           const std::function<bool(Article&&)>& sink) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    switch (format) {
        case DumpFormat::JsonLines: return split_jsonl(text, options, sink);
        case DumpFormat::Docs: return split_docs(text, sink);
        case DumpFormat::Reuters: return split_reuters(text, sink);
        case DumpFormat::Feed: return split_feed(text, sink);
        case DumpFormat::None: break;
    }
    return 0;
}

std::vector<Article> split_articles(std::string_view text, DumpFormat format, const DumpOptions& options) {
    std::vector<Article> out;
    split_articles(text, format, options, [&](Article&& a) {
        out.push_back(std::move(a));
        return true;
    });
    return out;
}

std::string article_path(std::string_view file, std::size_t number) {
    return std::string(file) + "#" + std::to_string(number);
}

std::string_view article_file(std::string_view path, std::size_t* number) {
    const std::size_t hash = path.rfind('#');
    if (hash == npos || hash == 0 || hash + 1 == path.size()) return path;
    const sv n = path.substr(hash + 1);
    if (!all_digits(n) || n[0] == '0' || n.size() > 12) return path;
    if (number) *number = static_cast<std::size_t>(std::stoull(std::string(n)));
    return path.substr(0, hash);
}

}  // namespace hanidx
