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
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

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


// ---------------------------------------------------------------------------
// Where a document states its own date: a field's value, the lines at its
// top (title, date line, URL), a dateline, a URL or a file name.

// The lines of @p text: each trimmed, blank ones dropped, with their offsets.
struct Line {
    std::string_view text;
    std::size_t begin = 0;
};

std::vector<Line> leading_lines(std::string_view text, std::size_t max_lines) {
    std::vector<Line> out;
    std::size_t at = 0;
    if (text.starts_with("\xEF\xBB\xBF")) at = 3;
    while (at < text.size() && out.size() < max_lines) {
        std::size_t nl = text.find('\n', at);
        if (nl == std::string_view::npos) nl = text.size();
        auto line = trim(text.substr(at, nl - at));
        if (!line.empty()) out.push_back({line, static_cast<std::size_t>(line.data() - text.data())});
        at = nl + 1;
    }
    return out;
}

std::vector<Line> trailing_lines(std::string_view text, std::size_t max_lines) {
    std::vector<Line> out;
    std::size_t end = text.size();
    while (end > 0 && out.size() < max_lines) {
        std::size_t nl = text.rfind('\n', end - 1);
        const std::size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
        auto line = trim(text.substr(begin, end - begin));
        if (!line.empty()) out.push_back({line, static_cast<std::size_t>(line.data() - text.data())});
        if (nl == std::string_view::npos) break;
        end = nl;
    }
    return out;
}

bool has(std::string_view s, std::string_view what) { return s.find(what) != std::string_view::npos; }

// A line that is a URL and nothing else.
bool url_line(std::string_view line) {
    const std::string l = lower_ascii(line.substr(0, 8));
    if (!(l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www."))) return false;
    return line.find_first_of(" \t") == std::string_view::npos;
}

/** A date in a URL or a file name: 2012-07-06, 2012/07/06, 2012_07_06,
 *  20120706, 2012-07/06 (Xinhua), 2012/0706 (People's Daily), or a year and
 *  month (2012-07, 2012/07) when @p partial; the year 1900..2099 and not
 *  inside a longer number.
 */
std::optional<Date> path_date(std::string_view s, bool partial) {
    auto sep = [](char c) { return c == '-' || c == '/' || c == '_' || c == '.'; };
    auto two = [&](std::size_t j) { return j + 2 <= s.size() && is_digit(s[j]) && is_digit(s[j + 1]); };
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        if (i > 0 && is_digit(s[i - 1])) continue;
        if (!(s.substr(i, 2) == "19" || s.substr(i, 2) == "20") || !two(i + 2)) continue;
        const int y = std::stoi(std::string(s.substr(i, 4)));
        std::size_t j = i + 4;
        if (j < s.size() && sep(s[j])) ++j;
        if (!two(j)) continue;
        const int m = (s[j] - '0') * 10 + (s[j + 1] - '0');
        j += 2;
        std::size_t k = j;
        if (k < s.size() && sep(s[k])) ++k;
        if (two(k) && !(k + 2 < s.size() && is_digit(s[k + 2]))) {
            const Date t{y, m, (s[k] - '0') * 10 + (s[k + 1] - '0')};
            if (valid(t)) return t;
            continue;
        }
        if (partial && !(j < s.size() && is_digit(s[j]))) {
            const Date t{y, m, 0};
            if (valid(t)) return t;
        }
    }
    return std::nullopt;
}

// Labels of header lines that are not the title: a date's, a source's, an
// author's (checked lower-cased, at the start of a line).
constexpr std::string_view header_labels[] = {
    "date", "published", "posted", "updated", "source", "author", "by ", "reporter",
    "日期", "日時", "日付", "时间", "時間", "发布", "發布", "发表", "發表", "掲載", "公開", "更新", "配信",
    "発行", "発表", "作成", "来源", "來源", "出典", "出处", "出處", "作者", "记者", "記者", "编辑", "編輯",
    "责任编辑", "責任編輯", "撰文", "文／", "文/", "提供",
};

// The label at the start of @p line, if any, and where the text after it
// (and a colon) starts.
std::optional<std::size_t> header_label(std::string_view line) {
    const std::string l = lower_ascii(line.substr(0, 40));
    for (std::string_view label : header_labels) {
        if (!std::string_view(l).starts_with(label)) continue;
        std::size_t i = label.size();
        skip_spaces(l, i);
        // A label word is followed by a colon (ASCII or U+FF1A), or is "By "
        // and the like; "Date of birth" is not a label.
        if (eat(l, i, ":") || eat(l, i, "\xEF\xBC\x9A") || label.ends_with(' ') || label.ends_with("/") ||
            label.ends_with("／")) {
            skip_spaces(l, i);
            return i;
        }
        // 发布时间 2012-07-06, 発表日 2012年..., 日期 2013-08-07: a CJK label
        // needs no colon when a digit follows (after a 日 or 时间 of its own).
        std::size_t k = i;
        while (k < l.size() && static_cast<unsigned char>(l[k]) >= 0xE0 && k - i < 9) k += 3;
        std::size_t k2 = k;
        if (eat(l, k2, ":") || eat(l, k2, "\xEF\xBC\x9A")) k = k2;
        skip_spaces(l, k);
        if (static_cast<unsigned char>(label[0]) >= 0xE0 && k < l.size() && is_digit(l[k])) return k;
    }
    return std::nullopt;
}

// Sentence ends: a line with one is prose, not a header.
bool prose(std::string_view line) {
    if (line.ends_with(".") && std::count(line.begin(), line.end(), ' ') >= 6) return true;
    return has(line, "。") || has(line, "! ") || has(line, "? ") || has(line, ". ") || has(line, "！") ||
           has(line, "？");
}

/** The date of a date line: an optional label, then a date (with a time, a
 *  weekday, a time zone or a source name after it, but no sentence); a
 *  short header line whose label is right before a date counts too
 *  ("来源：新华网　发布时间：2012-07-06"). Partial dates count when labelled.
 */
std::optional<Date> date_line(std::string_view line) {
    if (line.size() > 160 || prose(line)) return std::nullopt;
    const std::string s = fold_for_dates(line);
    std::size_t i = 0;
    const auto label = header_label(s);
    if (label) i = *label;
    skip_spaces(s, i);
    for (std::string_view open : {"(", "（", "[", "【"})
        if (eat(s, i, open)) break;
    if (i < s.size()) {
        if (auto t = date_at(s, i); t && valid(*t) && (t->complete() || label || t->era)) {
            return t;
        }
        // 中華民國一一一年五月二日: a short line, the date a word or two in.
        if (!label && s.size() <= 60)
            for (std::size_t k = i + 1; k < s.size() && k <= i + 12; ++k)
                if (may_start_date(s, k))
                    if (auto t = date_at(s, k); t && valid(*t) && t->era) return t;
        // Mon, 09 Jul 2012 / Friday, July 6, 2012
        std::size_t k = i;
        while (k < s.size() && std::isalpha(static_cast<unsigned char>(s[k]))) ++k;
        if (k > i && k < s.size() && s[k] == ',') {
            ++k;
            skip_spaces(s, k);
            if (auto t = k < s.size() ? date_at(s, k) : std::nullopt; t && valid(*t) && t->complete()) return t;
        }
    }
    // A label right before a date further along the line.
    if (s.size() > 100) return std::nullopt;
    for (std::size_t k = 1; k < s.size(); ++k) {
        if (!may_start_date(s, k)) continue;
        auto t = date_at(s, k);
        if (!t || !valid(*t) || !t->complete()) continue;
        const std::size_t from = k > 16 ? k - 16 : 0;
        if (header_label(std::string_view(s).substr(from, k - from)).has_value() || labeled(s, k)) {
            std::string before = lower_ascii(std::string_view(s).substr(from, k - from));
            for (std::string_view l : date_labels)
                if (has(before, l)) return t;
        }
    }
    return std::nullopt;
}

// Words that are a menu entry or page furniture when they are all of a line.
constexpr std::string_view furniture_words[] = {
    "home", "menu", "navigation", "search", "skip to content", "skip to main content", "skip navigation",
    "about us", "contact us", "contact", "sign in", "log in", "login", "subscribe", "share", "print",
    "advertisement", "首页", "首頁", "主页", "導航", "导航", "菜单", "返回首页", "返回首頁", "跳到主要内容",
    "ホーム", "メニュー", "トップ", "トップページ", "本文へ", "本文へスキップ", "ナビゲーション",
};

// A breadcrumb or menu line: "首页 > 新闻 > 国内", "Home | News | World".
bool furniture(std::string_view line) {
    const std::string l = lower_ascii(line);
    for (std::string_view w : furniture_words)
        if (l == w) return true;
    if (l.starts_with("skip to ") || l.starts_with("jump to ")) return true;
    if (prose(line)) return false;
    int separators = 0;
    std::size_t longest = 0, run = 0;
    for (std::size_t i = 0; i < line.size();) {
        std::size_t len = 0;
        for (std::string_view sep : {" > ", " >> ", " » ", " › ", " | ", "｜", "＞", " / ", "»", "›", " - ", "　>　"})
            if (line.substr(i).starts_with(sep)) {
                len = sep.size();
                break;
            }
        if (len) {
            ++separators, longest = std::max(longest, run), run = 0, i += len;
            continue;
        }
        // Count characters, not bytes.
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++run;
        ++i;
    }
    longest = std::max(longest, run);
    // Two separators or more between short items: a menu or a breadcrumb.
    // (One " - " is a headline's.)
    return separators >= 2 && longest <= 16;
}

// A line of bylines and credits: "By Jane Doe", "記者 山田太郎", "（記者 張三）".
bool byline(std::string_view line) {
    if (line.size() > 80 || prose(line)) return false;
    const std::string l = lower_ascii(line);
    if (l.starts_with("by ") && line.size() <= 60) {
        // "By Jane Doe", "BY STAFF REPORTER", "By Jane Doe and John Roe";
        // not the headline "By the numbers: ...".
        std::istringstream words{std::string(line.substr(3))};
        int n = 0;
        for (std::string w; words >> w;) {
            if (++n > 6) return false;
            const bool name = std::isupper(static_cast<unsigned char>(w[0])) ||
                              static_cast<unsigned char>(w[0]) >= 0x80 || w == "and" || w == "in" || w == "de";
            if (!name) return false;
        }
        return n > 0;
    }
    if (auto at = header_label(line); at && !date_line(line)) return true;
    return false;
}

// The date of a dateline at the start of @p line: "BEIJING, Oct. 19, 2012
// (Xinhua) --", "WASHINGTON, March 3 (Reuters) -", "新华社北京6月12日电",
// "【中新网6月12日电】". The year may be missing (0).
std::optional<Date> dateline(std::string_view line) {
    const std::string s = fold_for_dates(line.substr(0, 200));
    if (s.empty()) return std::nullopt;
    if (std::isupper(static_cast<unsigned char>(s[0]))) {
        // PLACE[, REGION], DATE followed by ( or a dash.
        std::size_t i = 0;
        while (i < s.size() && i < 60) {
            const char c = s[i];
            if (!(std::isalpha(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == '\'' || c == '-' ||
                  c == ',' || c == '/'))
                break;
            if (c == ',' && i + 1 < s.size() && s[i + 1] == ' ') {
                std::size_t k = i + 2;
                Date t;
                if (auto full = date_at(s, k); full && valid(*full) && full->complete()) {
                    t = *full;
                } else {
                    std::size_t j = k;
                    const int m = read_month(s, j);
                    if (!m) {
                        ++i;
                        continue;
                    }
                    skip_spaces(s, j);
                    auto d = read_number(s, j, 2);
                    if (!d || (j < s.size() && is_digit(s[j])) || *d < 1 || *d > 31) return std::nullopt;
                    t = Date{0, m, *d};
                }
                // Past the date to what ends a dateline.
                const std::size_t stop = std::min(s.size(), k + 30);
                while (k < stop && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == ' ' || s[k] == ',' ||
                                    s[k] == '.'))
                    ++k;
                const std::string_view rest = std::string_view(s).substr(k, 4);
                if (rest.starts_with("(") || rest.starts_with("-") || rest.starts_with("—") ||
                    rest.starts_with("–") || rest.starts_with("/"))
                    return t;
                return std::nullopt;
            }
            ++i;
        }
        return std::nullopt;
    }
    // Chinese: an agency and a place, then [YYYY年]M月D日电 (or 讯), within the
    // first 40 characters.
    for (std::size_t i = 0; i < s.size() && i < 120; ++i) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1]))) continue;
        std::size_t j = i;
        int y = 0;
        auto n = read_number(s, j, 4);
        if (!n) continue;
        if (j - i == 4) {
            if (!eat(s, j, "年")) continue;
            y = *n;
            n = read_number(s, j, 2);
            if (!n) continue;
        }
        if (!eat(s, j, "月")) continue;
        auto d = read_number(s, j, 2);
        if (!d || !(eat(s, j, "日") || eat(s, j, "号"))) continue;
        for (std::string_view tail : {"电", "電", "讯", "訊", "消息"})
            if (std::string_view(s).substr(j).starts_with(tail)) return Date{y, *n, *d};
    }
    return std::nullopt;
}

// The header of a plain text: the title, a date line, a URL line, and where
// the body starts.
struct Header {
    std::string title;
    std::optional<Date> date;
    std::string url;
    std::size_t title_line = 0;  // index into the lines of the title
    std::size_t body_line = 0;   // ... and of the first body line
};

constexpr std::size_t max_lines_before_title = 12;
constexpr std::size_t max_header_after_title = 2;

Header read_header(const std::vector<Line>& lines) {
    Header h;
    std::size_t i = 0;
    bool have_title = false;
    std::size_t after = 0;
    for (; i < lines.size(); ++i) {
        const std::string_view line = lines[i].text;
        if (url_line(line)) {
            if (h.url.empty()) h.url = std::string(line);
            continue;
        }
        if (auto t = date_line(line)) {
            if (!h.date) h.date = t;
            continue;
        }
        if (furniture(line) || byline(line)) continue;
        if (!have_title) {
            if (i >= max_lines_before_title) break;
            h.title = clip_title(line);
            h.title_line = i;
            have_title = true;
            continue;
        }
        break;  // the body
    }
    (void)after;
    h.body_line = i;
    if (!have_title && !lines.empty()) {
        // Nothing but header lines: the first line is the best there is.
        h.title = clip_title(lines.front().text);
    }
    if (have_title && h.date == std::nullopt) {
        // A date line may follow the title by a few lines (after a subtitle).
        for (std::size_t k = i; k < lines.size() && k < i + max_header_after_title; ++k)
            if (auto t = date_line(lines[k].text)) {
                h.date = t;
                break;
            }
    }
    return h;
}

/** Fill @p e's date and date_source from what a document says: @p found
 *  candidates in the order of trust. */
struct DateCandidates {
    std::string meta;                 // an explicit field
    std::optional<Date> header;       // a date line at the top
    std::optional<Date> dateline;     // may lack a year
    std::optional<Date> foot;         // a date line of its own at the foot
    std::string url;                  // the document's own URL
    std::string_view source;          // the file's name
};

void settle_date(Extracted& e, const DateCandidates& c) {
    auto set = [&](const Date& t, const char* from) {
        e.date = iso(t);
        e.date_source = from;
    };
    if (!c.meta.empty()) {
        e.date = c.meta;
        e.date_source = "meta";
        return;
    }
    if (c.header) return set(*c.header, "header");
    std::optional<Date> from_url = c.url.empty() ? std::nullopt : path_date(c.url, true);
    std::optional<Date> from_name;
    if (!c.source.empty()) {
        std::string_view base = c.source;
        if (auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
        from_name = path_date(base, true);
        if (!from_name) from_name = path_date(c.source, false);
    }
    if (c.dateline) {
        Date t = *c.dateline;
        if (t.y == 0) {
            // "BEIJING, Oct 19 -" says no year: take the URL's or the name's.
            const std::optional<Date>& y = from_url ? from_url : from_name;
            if (y) t.y = y->y;
        }
        if (t.y && valid(t)) return set(t, "dateline");
    }
    if (c.foot) return set(*c.foot, "header");
    if (from_url) return set(*from_url, "url");
    if (from_name) return set(*from_name, "filename");
}

/** The date a field's value gives: 2012-07-06T10:00:00+0900, 2012-07-06,
 *  2012-07, 2012, 20120706, or any form find_date() reads. */
std::string date_value(std::string_view v) {
    const std::string s = fold_for_dates(trim(v));
    if (s.empty()) return {};
    if (auto t = date_at(s, 0); t && valid(*t)) return iso(*t);
    // YYYY, YYYY-MM, YYYYMMDD.
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) ++n;
    if (n == 4 || n == 8) {
        Date t{std::stoi(s.substr(0, 4)), 0, 0};
        if (n == 8) t.m = std::stoi(s.substr(4, 2)), t.d = std::stoi(s.substr(6, 2));
        else if (s.size() >= 7 && (s[4] == '-' || s[4] == '/') && is_digit(s[5]) && is_digit(s[6]) &&
                 (s.size() == 7 || !is_digit(s[7])))
            t.m = std::stoi(s.substr(5, 2));
        if ((n == 8 || s.size() == 4 || t.m || !std::isalnum(static_cast<unsigned char>(s[4]))) && valid(t))
            return iso(t);
    }
    return find_date(s);
}

// "datePublished": "2012-07-06T..." in a JSON-LD block.
std::string json_ld_date(std::string_view json) {
    for (std::string_view key : {"\"datePublished\"", "\"dateCreated\""}) {
        std::size_t at = json.find(key);
        if (at == std::string_view::npos) continue;
        at += key.size();
        while (at < json.size() && (json[at] == ' ' || json[at] == ':' || json[at] == '\t' || json[at] == '\n')) ++at;
        if (at >= json.size() || json[at] != '"') continue;
        const std::size_t end = json.find('"', at + 1);
        if (end == std::string_view::npos) continue;
        if (auto d = date_value(json.substr(at + 1, end - at - 1)); !d.empty()) return d;
    }
    return {};
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
    std::string title, title_buf;
    std::string meta_date;       // from a <meta> naming a publication date
    int meta_rank = 99;          // how surely that <meta> names one (0: best)
    std::string time_date;       // from the first <time datetime> near the top
    std::string ld_date;         // JSON-LD "datePublished"
    std::string og_title, h1, url;
    std::string ld_buf;          // text of a <script type="application/ld+json">
    std::size_t h1_start = 0;    // sink.out.size() when the first <h1> opened
    int skip = 0;       // depth inside an element whose content is dropped
    int pre = 0;        // depth inside <pre> and the like
    int head = 0;       // inside <head>: only <title> and <meta> count
    int h1_depth = 0;   // inside the first <h1>
    bool in_title = false, in_ld = false, h1_done = false;
};

HtmlState& state_of(void* ctx) {
    return *static_cast<HtmlState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

const char* str(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

// Names (name=, property=, itemprop=) of <meta> elements that give the
// publication date: first those that say so, then those that say "date".
constexpr std::string_view published_names[] = {
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "dc.date.issued",
    "dcterms.issued", "citation_publication_date", "parsely-pub-date", "sailthru.date",
    "article.published", "originalpublicationdate", "ptime", "pub_date",
};
constexpr std::string_view date_names[] = {"date", "dc.date", "dcterms.date", "dc.date.created",
                                           "dcterms.created", "citation_date", "datecreated"};

void on_meta(HtmlState& st, const xmlChar** atts) {
    std::string key, content;
    for (const xmlChar** a = atts; a[0]; a += 2) {
        const std::string attr = lower_ascii(str(a[0]));
        const char* value = a[1] ? str(a[1]) : "";
        if (attr == "name" || attr == "property" || attr == "itemprop") key = lower_ascii(trim(value));
        else if (attr == "content") content = value;
    }
    if (key.empty()) return;
    if (key == "og:title" || key == "twitter:title") {
        if (st.og_title.empty()) st.og_title = clip_title(collapse(content));
        return;
    }
    if (key == "og:url") {
        if (st.url.empty()) st.url = content;
        return;
    }
    // A page's modification or expiry date is not when it was published.
    if (has(key, "modif") || has(key, "update") || has(key, "expir") || has(key, "revis")) return;
    int rank = 99;
    for (std::string_view n : published_names)
        if (key == n) rank = 0;
    for (std::string_view n : date_names)
        if (rank > 1 && key == n) rank = 1;
    if (rank > 2 && (has(key, "date") || has(key, "published"))) rank = 2;
    if (rank >= st.meta_rank) return;
    if (std::string d = date_value(content); !d.empty()) {
        st.meta_date = std::move(d);
        st.meta_rank = rank;
    }
}

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
    if (name_is(name, {"meta"}) && atts) on_meta(st, atts);
    if (name_is(name, {"link"}) && atts && st.url.empty()) {
        // <link rel="canonical" href="...">: the page's own URL (a date in it).
        std::string rel, href;
        for (const xmlChar** a = atts; a[0]; a += 2) {
            const std::string attr = lower_ascii(str(a[0]));
            if (attr == "rel" && a[1]) rel = lower_ascii(str(a[1]));
            else if (attr == "href" && a[1]) href = str(a[1]);
        }
        if (rel == "canonical") st.url = href;
    }
    if (name_is(name, {"time"}) && atts && st.time_date.empty() && st.sink.out.size() < 2000) {
        // A <time datetime> near the top of the page dates it (a byline's);
        // one further down dates something the article mentions.
        for (const xmlChar** a = atts; a[0]; a += 2)
            if (lower_ascii(str(a[0])) == "datetime" && a[1]) st.time_date = date_value(str(a[1]));
    }
    if (name_is(name, {"script"}) && atts) {
        for (const xmlChar** a = atts; a[0]; a += 2)
            if (lower_ascii(str(a[0])) == "type" && a[1] && lower_ascii(str(a[1])) == "application/ld+json")
                st.in_ld = true;
    }
    if (name_is(name, {"h1"}) && !st.h1_done && !st.head) {
        if (st.h1_depth++ == 0) st.h1_start = st.sink.out.size();
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
        if (st.skip == 0 && st.in_ld) {
            if (st.ld_date.empty()) st.ld_date = json_ld_date(st.ld_buf);
            st.ld_buf.clear();
            st.in_ld = false;
        }
        return;
    }
    if (name_is(name, {"h1"}) && st.h1_depth > 0 && --st.h1_depth == 0) {
        st.h1 = clip_title(collapse(std::string_view(st.sink.out).substr(std::min(st.h1_start, st.sink.out.size()))));
        st.h1_done = !st.h1.empty();
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
    if (st.in_ld && st.skip == 1 && st.ld_buf.size() < 65536) st.ld_buf += text;
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

// Whether @p title (from <title>) is @p name plus a site's name: "NAME - 新华网",
// "NAME | NHK", "NAME_新浪网", "新华网 - NAME".
bool title_with_site(std::string_view title, std::string_view name) {
    if (name.empty() || name.size() >= title.size()) return false;
    for (std::string_view sep : {" - ", " | ", " – ", " — ", "_", " :: ", "｜", "－", " · ", "|", "-", " : "}) {
        if (title.starts_with(name) && title.substr(name.size()).starts_with(sep)) return true;
        if (title.ends_with(name) && title.substr(0, title.size() - name.size()).ends_with(sep)) return true;
    }
    return false;
}

/** A page's title: its <title> without the site's name when the <h1> or
 *  og:title says which part is the headline; else the <title> as is; else
 *  og:title, the <h1>, the first line of the text. */
std::string html_title(const HtmlState& st, std::string_view text) {
    if (!st.title.empty()) {
        for (const std::string* name : {&st.og_title, &st.h1})
            if (title_with_site(st.title, *name)) return *name;
        // og:title may carry the site's name too; the <h1> then tells.
        if (!st.h1.empty() && !st.og_title.empty() && st.og_title != st.title &&
            title_with_site(st.og_title, st.h1))
            return st.h1;
        return st.title;
    }
    if (!st.og_title.empty()) return st.og_title;
    if (!st.h1.empty()) return st.h1;
    return first_line_title(text);
}

Extracted extract_html(std::string_view text, std::string_view source) {
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
    e.title = html_title(st, e.text);
    // Dates: the page's own fields first, then the lines at the top of its
    // text (after the menus), then a dateline, its URL, the file's name.
    DateCandidates c;
    c.meta = !st.meta_date.empty() ? st.meta_date : !st.ld_date.empty() ? st.ld_date : st.time_date;
    // A date line among the first lines (menus come first), up to a few
    // lines past the headline: further down, a date line is the body's.
    const auto lines = leading_lines(e.text, 60);
    std::size_t last = std::min<std::size_t>(lines.size(), 20);
    // (The headline's line: the <h1> repeating the title, else the <title>
    // line that opens the text.)
    for (std::size_t i = 0; i < lines.size() && i < 20; ++i)
        if (!e.title.empty() && lines[i].text == e.title) last = std::min(lines.size(), i + 4);
    for (std::size_t i = 0; i < last && !c.header; ++i) c.header = date_line(lines[i].text);
    const Header h = read_header(lines);
    for (std::size_t i = h.body_line; i < lines.size() && i < h.body_line + 3 && !c.dateline; ++i)
        c.dateline = dateline(lines[i].text);
    c.url = st.url.empty() ? h.url : st.url;
    c.source = source;
    settle_date(e, c);
    return e;
}

}  // namespace

std::string field_date(std::string_view value) { return date_value(value); }

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

Extracted extract(std::string_view text, Format format, std::string_view source) {
    if (format == Format::Auto) format = sniff_format(text);
    if (format == Format::Html) return extract_html(text, source);
    Extracted e;
    e.text.assign(text);
    // The header: URL, timestamp, title lines in any order, menus and
    // bylines skipped; then a dateline at the start of the body, a date line
    // of its own at the foot, the URL, the file's name.
    const auto lines = leading_lines(text, 40);
    const Header h = read_header(lines);
    e.title = h.title;
    DateCandidates c;
    c.header = h.date;
    // (A text that starts with its dateline has no headline: its title is
    // that line.)
    for (std::size_t i = h.title_line; i < lines.size() && i < h.body_line + 2 && !c.dateline; ++i)
        c.dateline = dateline(lines[i].text);
    for (const Line& l : trailing_lines(text, 3)) {
        if (l.begin < (h.body_line < lines.size() ? lines[h.body_line].begin : text.size())) break;
        if (auto t = date_line(l.text); t && l.text.size() <= 40) {
            c.foot = t;
            break;
        }
    }
    c.url = h.url;
    c.source = source;
    settle_date(e, c);
    return e;
}

}  // namespace hanidx
