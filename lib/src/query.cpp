// The query language: a recursive-descent parser over the query bytes.
// Work is bounded (max_query_depth, max_query_leaves) so that any input,
// however long, is parsed or rejected in linear time without deep recursion.
#include "hanidx/query.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "hanidx/error.hpp"

namespace hanidx {

namespace {

/// Decode the code point at @p i (advancing @p i); malformed bytes count as one character each.
char32_t next_char(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        const auto cb = static_cast<unsigned char>(s[i + k]);
        if ((cb & 0xC0) != 0x80) {
            len = 1;
            c = b;
            break;
        }
        c = (c << 6) | (cb & 0x3F);
    }
    i += len;
    return c;
}

char32_t peek_char(std::string_view s, std::size_t i, std::size_t* len = nullptr) {
    std::size_t j = i;
    char32_t c = next_char(s, j);
    if (len) *len = j - i;
    return c;
}

bool is_space(char32_t c) {
    // U+3000 IDEOGRAPHIC SPACE separates words in CJK input methods.
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x3000;
}

// U+FF08/U+FF09 FULLWIDTH LEFT/RIGHT PARENTHESIS, as a CJK input method types them.
bool is_open(char32_t c) { return c == '(' || c == 0xFF08; }
bool is_close(char32_t c) { return c == ')' || c == 0xFF09; }

/// The closing quote for an opening one, or 0 if @p c opens no quote:
/// " and U+FF02 FULLWIDTH QUOTATION MARK close themselves, U+201C “ closes
/// with U+201D ”, U+300C 「 with U+300D 」.
char32_t closing_quote(char32_t c) {
    switch (c) {
        case '"': return '"';
        case 0xFF02: return 0xFF02;
        case 0x201C: return 0x201D;
        case 0x300C: return 0x300D;
        default: return 0;
    }
}

bool is_delimiter(char32_t c) { return is_space(c) || is_open(c) || is_close(c) || closing_quote(c); }

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

/// "2020", "2020-06", "2020-06-15" (also with '/'), normalized to '-'; empty if invalid.
std::string parse_date(std::string_view s) {
    std::string d(s);
    for (char& c : d)
        if (c == '/') c = '-';
    if (d.size() != 4 && d.size() != 7 && d.size() != 10) return {};
    if (!all_digits(std::string_view(d).substr(0, 4))) return {};
    if (d.size() >= 7) {
        if (d[4] != '-' || !all_digits(std::string_view(d).substr(5, 2))) return {};
        const int m = std::stoi(d.substr(5, 2));
        if (m < 1 || m > 12) return {};
    }
    if (d.size() == 10) {
        if (d[7] != '-' || !all_digits(std::string_view(d).substr(8, 2))) return {};
        const int day = std::stoi(d.substr(8, 2));
        if (day < 1 || day > 31) return {};
    }
    return d;
}

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// A bare ASCII word, as a field name is written: a letter, then letters, digits, '_' or '-'.
bool bare_word(std::string_view s) {
    if (s.empty() || !ascii_letter(s[0])) return false;
    for (char c : s)
        if (!ascii_letter(c) && !all_digits(std::string_view(&c, 1)) && c != '_' && c != '-') return false;
    return true;
}

class Parser {
  public:
    Parser(std::string_view q, const ParseOptions& options) : q_(q), options_(options) {}

    QueryNode parse() {
        skip_space();
        if (at_end()) fail(0, "empty query");
        if (options_.literal) {
            // The whole query is the text; the analyzer drops what is not a word.
            std::size_t end = q_.size();
            while (end > i_ && (q_[end - 1] == ' ' || q_[end - 1] == '\t' || q_[end - 1] == '\n' || q_[end - 1] == '\r'))
                --end;
            QueryNode n = make(QueryNode::Text, i_);
            n.text = std::string(q_.substr(i_, end - i_));
            return n;
        }
        check_balance();
        QueryNode n = parse_or();
        skip_space();
        if (!at_end()) fail(i_, "unbalanced parenthesis");  // only a stray ')' stops parse_or
        return n;
    }

  private:
    std::string_view q_;
    const ParseOptions& options_;
    std::size_t i_ = 0;
    std::size_t depth_ = 0;
    std::size_t leaves_ = 0;

    [[noreturn]] void fail(std::size_t at, std::string_view what) const {
        std::size_t column = 1;
        for (std::size_t k = 0; k < at && k < q_.size(); ++column) next_char(q_, k);
        std::string excerpt;
        std::size_t k = at;
        for (int n = 0; k < q_.size() && n < 40; ++n) {
            const std::size_t b = k;
            const char32_t c = next_char(q_, k);
            if (c < 0x20 || c == 0x7F) excerpt += ' ';  // keep the message on one line
            else excerpt.append(q_.substr(b, k - b));
        }
        while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
        if (k < q_.size()) excerpt += "...";
        std::string msg = "query: ";
        msg.append(what).append(" at column ").append(std::to_string(column));
        if (!excerpt.empty()) msg.append(": ").append(excerpt);
        throw QueryError(msg);
    }

    /// Report unbalanced parentheses and quotes first: they explain any other error.
    void check_balance() const {
        std::vector<std::size_t> open;
        for (std::size_t k = 0; k < q_.size();) {
            const std::size_t at = k;
            const char32_t c = next_char(q_, k);
            if (const char32_t close = closing_quote(c)) {
                bool closed = false;
                while (k < q_.size() && !closed) closed = next_char(q_, k) == close;
                if (!closed) fail(at, "unterminated quote");
            } else if (is_open(c)) {
                open.push_back(at);
            } else if (is_close(c)) {
                if (open.empty()) fail(at, "unbalanced parenthesis");
                open.pop_back();
            }
        }
        if (!open.empty()) fail(open.back(), "unbalanced parenthesis");
    }

    bool at_end() const { return i_ >= q_.size(); }
    char32_t peek() const { return at_end() ? 0 : peek_char(q_, i_); }
    void skip_space() {
        std::size_t len;
        while (!at_end() && is_space(peek_char(q_, i_, &len))) i_ += len;
    }

    /// True if the operator word @p op (upper case) starts at the cursor.
    bool at_operator(std::string_view op) const {
        if (q_.substr(i_, op.size()) != op) return false;
        const std::size_t after = i_ + op.size();
        return after >= q_.size() || is_delimiter(peek_char(q_, after));
    }

    /// True if what follows can start an operand.
    bool at_operand() const { return !at_end() && !is_close(peek()) && !at_operator("OR") && !at_near(); }

    /// True if "NEAR" or "NEAR/..." starts at the cursor.
    bool at_near() const {
        if (q_.substr(i_, 4) != "NEAR") return false;
        const std::size_t after = i_ + 4;
        return after >= q_.size() || q_[after] == '/' || is_delimiter(peek_char(q_, after));
    }

    /// Digits at the cursor as a distance (0-999); fails naming @p what otherwise.
    std::size_t parse_distance(std::size_t op, std::string_view what) {
        const std::size_t begin = i_;
        while (!at_end() && q_[i_] >= '0' && q_[i_] <= '9') ++i_;
        const bool ends = at_end() || is_delimiter(peek());
        if (i_ == begin || i_ - begin > 3 || !ends) fail(op, what);
        return static_cast<std::size_t>(std::stoi(std::string(q_.substr(begin, i_ - begin))));
    }

    void count_leaf(std::size_t at) {
        if (++leaves_ > max_query_leaves)
            fail(at, "too many words and fields (more than " + std::to_string(max_query_leaves) + ")");
    }

    QueryNode make(QueryNode::Kind kind, std::size_t at) const {
        QueryNode n;
        n.kind = kind;
        std::size_t column = 1;
        for (std::size_t k = 0; k < at; ++column) next_char(q_, k);
        n.column = column;
        return n;
    }

    QueryNode parse_or() {
        const std::size_t start = i_;
        std::vector<QueryNode> alts;
        alts.push_back(parse_and());
        for (;;) {
            skip_space();
            if (!at_operator("OR")) break;
            const std::size_t op = i_;
            i_ += 2;
            skip_space();
            if (!at_operand()) fail(op, "OR needs a query on both sides");
            alts.push_back(parse_and());
        }
        if (alts.size() == 1) return std::move(alts[0]);
        QueryNode n = make(QueryNode::Or, start);
        n.children = std::move(alts);
        return n;
    }

    QueryNode parse_and() {
        skip_space();
        const std::size_t start = i_;
        if (at_operator("OR")) fail(i_, "OR needs a query on both sides");
        std::vector<QueryNode> parts;
        for (;;) {
            skip_space();
            if (!at_operand()) break;
            if (at_operator("AND")) {
                const std::size_t op = i_;
                i_ += 3;
                skip_space();
                if (parts.empty() || !at_operand()) fail(op, "AND needs a query on both sides");
                continue;
            }
            parts.push_back(parse_near());
        }
        if (parts.empty()) fail(start, at_end() ? "missing query" : "empty parentheses");
        if (parts.size() == 1) return std::move(parts[0]);
        QueryNode n = make(QueryNode::And, start);
        n.children = std::move(parts);
        return n;
    }

    /// Words or phrases joined by NEAR/N: one Near node (the largest N of the chain).
    QueryNode parse_near() {
        const std::size_t start = i_;
        QueryNode first = parse_unary();
        skip_space();
        if (!at_near()) return first;
        QueryNode n = make(QueryNode::Near, start);
        n.distance = 0;
        auto check = [&](const QueryNode& part, std::size_t at) {
            if (part.kind != QueryNode::Text || part.title || part.word || part.prefix)
                fail(at, "NEAR joins words or phrases (not fields, groups, NOT or wildcards)");
        };
        check(first, start);
        n.children.push_back(std::move(first));
        while (at_near()) {
            const std::size_t op = i_;
            i_ += 4;
            std::size_t distance = 10;
            if (!at_end() && q_[i_] == '/') {
                ++i_;
                distance = parse_distance(op, "NEAR/N needs a number from 0 to 999");
            }
            skip_space();
            if (!at_operand()) fail(op, "NEAR needs a query on both sides");
            const std::size_t at = i_;
            QueryNode part = parse_unary();
            check(part, at);
            n.distance = std::max(n.distance, distance);
            n.children.push_back(std::move(part));
            skip_space();
        }
        return n;
    }

    QueryNode parse_unary() {
        // NOTs and '-' are counted in a loop, not by recursion: "NOT NOT ... x" stays flat.
        bool negate = false;
        std::size_t first = i_;
        for (;;) {
            skip_space();
            if (at_operator("NOT")) {
                first = i_;
                i_ += 3;
                negate = !negate;
                skip_space();
                if (!at_operand()) fail(first, "NOT needs a query after it");
                continue;
            }
            if (peek() == '-' && i_ + 1 < q_.size() && !is_space(peek_char(q_, i_ + 1)) &&
                !is_close(peek_char(q_, i_ + 1))) {
                first = i_;
                ++i_;
                negate = !negate;
                continue;
            }
            break;
        }
        QueryNode p = parse_primary();
        if (!negate) return p;
        QueryNode n = make(QueryNode::Not, first);
        n.children.push_back(std::move(p));
        return n;
    }

    /// '(' or ... ')' starting at the cursor; @p title marks every text leaf as title:.
    QueryNode parse_group(bool title) {
        const std::size_t open = i_;
        if (++depth_ > max_query_depth)
            fail(open, "parentheses nested too deeply (more than " + std::to_string(max_query_depth) + ")");
        std::size_t len;
        peek_char(q_, i_, &len);
        i_ += len;
        skip_space();
        if (at_end()) fail(open, "unbalanced parenthesis");
        if (is_close(peek())) fail(open, "empty parentheses");
        QueryNode n = parse_or();
        skip_space();
        if (at_end() || !is_close(peek())) fail(open, "unbalanced parenthesis");
        peek_char(q_, i_, &len);
        i_ += len;
        --depth_;
        if (title) mark_title(n);
        return n;
    }

    static void mark_title(QueryNode& n) {
        if (n.kind == QueryNode::Text) n.title = true;
        for (QueryNode& c : n.children) mark_title(c);
    }

    /// A quoted phrase starting at the cursor: its text (without the quotes).
    std::string parse_quoted() {
        const std::size_t open = i_;
        std::size_t len;
        const char32_t close = closing_quote(peek_char(q_, i_, &len));
        i_ += len;
        const std::size_t begin = i_;
        while (!at_end()) {
            const std::size_t at = i_;
            if (next_char(q_, i_) == close) return std::string(q_.substr(begin, at - begin));
        }
        fail(open, "unterminated quote");
    }

    /// A bare word starting at the cursor.
    std::string_view parse_word() {
        const std::size_t begin = i_;
        std::size_t len;
        while (!at_end() && !is_delimiter(peek_char(q_, i_, &len))) i_ += len;
        return q_.substr(begin, i_ - begin);
    }

    QueryNode parse_primary() {
        skip_space();
        const std::size_t start = i_;
        const char32_t c = peek();
        if (is_open(c)) return parse_group(false);
        if (is_close(c)) fail(start, "unbalanced parenthesis");
        count_leaf(start);
        if (closing_quote(c)) {
            QueryNode n = make(QueryNode::Text, start);
            n.text = parse_quoted();
            n.quoted = true;
            if (at_end() || peek() != '~') return n;
            // "interest rates"~3: the phrase's words within 3 positions of each other.
            const std::size_t tilde = i_++;
            QueryNode near = make(QueryNode::Near, start);
            near.distance = parse_distance(tilde, "~ after a phrase needs a number from 0 to 999 (\"a b\"~3)");
            near.children.push_back(std::move(n));
            return near;
        }
        std::string_view word = parse_word();
        const std::size_t colon = word.find(':');
        if (colon != std::string_view::npos && bare_word(word.substr(0, colon))) {
            const std::string field = lower_ascii(word.substr(0, colon));
            const std::string_view value = word.substr(colon + 1);
            const auto& builtin = builtin_fields();
            if (std::find(builtin.begin(), builtin.end(), field) != builtin.end())
                return parse_field(field, value, start);
            if (std::find(options_.fields.begin(), options_.fields.end(), field) != options_.fields.end())
                return parse_meta_field(field, value, start);
            // Not a field: a URL ("http://x", "mailto:a@b"), a Windows path
            // ("C:\x"), or a word ending with a colon ("Note: ...").
            static constexpr std::array<std::string_view, 6> schemes{"mailto", "tel", "urn", "news", "data", "file"};
            const bool text = value.empty() ? at_end() || !closing_quote(peek())
                                            : value[0] == '/' || value[0] == '\\' ||
                                                  std::find(schemes.begin(), schemes.end(), field) != schemes.end();
            if (!text) unknown_field(field, start);
        }
        QueryNode n = make(QueryNode::Text, start);
        if (word.size() > 1 && word.back() == '*') {
            n.prefix = true;
            word.remove_suffix(1);
        }
        n.text = std::string(word);
        return n;
    }

    [[noreturn]] void unknown_field(const std::string& field, std::size_t at) const {
        std::size_t column = 1;
        for (std::size_t k = 0; k < at && k < q_.size(); ++column) next_char(q_, k);
        std::string known;
        for (const std::string& f : builtin_fields()) known += (known.empty() ? "" : ", ") + f;
        for (const std::string& f : options_.fields)
            if (std::find(builtin_fields().begin(), builtin_fields().end(), f) == builtin_fields().end())
                known += ", " + f;
        throw QueryError("query: unknown field '" + field + "' at column " + std::to_string(column) +
                         " (fields: " + known + ")");
    }

    /// NAME:VALUE, NAME:"VALUE" or NAME:PREFIX* for a metadata field.
    QueryNode parse_meta_field(const std::string& field, std::string_view rest, std::size_t start) {
        QueryNode n = make(QueryNode::Field, start);
        n.field = field;
        n.text = std::string(rest);
        if (n.text.empty()) {
            if (at_end() || !closing_quote(peek())) fail(start, field + ": needs a value");
            n.text = parse_quoted();
            n.quoted = true;
            if (n.text.empty()) fail(start, field + ": needs a value");
        } else if (n.text.size() > 1 && n.text.back() == '*') {
            n.prefix = true;
            n.text.pop_back();
        }
        return n;
    }

    QueryNode parse_field(const std::string& field, std::string_view rest, std::size_t start) {
        std::string value(rest);
        bool quoted = false;
        if (value.empty()) {
            if (!at_end() && closing_quote(peek())) {
                value = parse_quoted();
                quoted = true;
            } else if (field == "title" && !at_end() && is_open(peek())) {
                return parse_group(true);
            }
            if (value.empty()) fail(start, field + ": needs a value");
        }
        if (field == "word") {
            QueryNode n = make(QueryNode::Text, start);
            n.text = std::move(value);
            n.quoted = quoted;
            n.word = true;
            return n;
        }
        if (field == "title") {
            QueryNode n = make(QueryNode::Text, start);
            n.text = std::move(value);
            n.quoted = quoted;
            n.title = true;
            if (!quoted && n.text.size() > 1 && n.text.back() == '*') {
                n.prefix = true;
                n.text.pop_back();
            }
            return n;
        }
        if (field == "lang") {
            static constexpr std::array<std::string_view, 5> known{"zh", "zh-Hans", "zh-Hant", "ja", "en"};
            const std::string v = lower_ascii(value);
            for (std::string_view k : known)
                if (lower_ascii(k) == v) {
                    QueryNode n = make(QueryNode::Lang, start);
                    n.text = std::string(k);
                    return n;
                }
            fail(start, "unknown language (known: zh, zh-Hans, zh-Hant, ja, en)");
        }
        if (field == "path") {
            QueryNode n = make(QueryNode::Path, start);
            n.text = std::move(value);
            return n;
        }
        // date:FROM..TO, date:FROM.., date:..TO, date:DAY/MONTH/YEAR
        QueryNode n = make(QueryNode::Date, start);
        const std::size_t dots = value.find("..");
        const std::string from = dots == std::string::npos ? value : value.substr(0, dots);
        const std::string to = dots == std::string::npos ? value : value.substr(dots + 2);
        n.date_from = from.empty() ? std::string() : parse_date(from);
        n.date_to = to.empty() ? std::string() : parse_date(to);
        const bool bad = (!from.empty() && n.date_from.empty()) || (!to.empty() && n.date_to.empty()) ||
                         (from.empty() && to.empty());
        if (bad) fail(start, "bad date (use YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO)");
        if (!n.date_from.empty() && !n.date_to.empty() &&
            n.date_from.substr(0, std::min(n.date_from.size(), n.date_to.size())) >
                n.date_to.substr(0, std::min(n.date_from.size(), n.date_to.size())))
            fail(start, "date range ends before it starts");
        return n;
    }
};

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

}  // namespace

const std::vector<std::string>& builtin_fields() {
    static const std::vector<std::string> names{"title", "lang", "path", "date", "word"};
    return names;
}

QueryNode parse_query(std::string_view query, const ParseOptions& options) { return Parser(query, options).parse(); }

std::string to_string(const QueryNode& n) {
    switch (n.kind) {
        case QueryNode::And:
        case QueryNode::Or: {
            std::string s = n.kind == QueryNode::And ? "(and" : "(or";
            for (const QueryNode& c : n.children) s += ' ' + to_string(c);
            return s + ')';
        }
        case QueryNode::Not: return "(not " + to_string(n.children.at(0)) + ')';
        case QueryNode::Near: {
            std::string s = "(near/" + std::to_string(n.distance);
            for (const QueryNode& c : n.children) s += ' ' + to_string(c);
            return s + ')';
        }
        case QueryNode::Field: return n.field + ":" + quote(n.text) + (n.prefix ? "*" : "");
        case QueryNode::Text: {
            std::string s = n.title ? "title:" : n.word ? "word:" : "";
            s += n.quoted ? quote(n.text) : n.text;
            if (n.prefix) s += '*';
            return s;
        }
        case QueryNode::Lang: return "lang:" + n.text;
        case QueryNode::Path: return "path:" + quote(n.text);
        case QueryNode::Date: return "date:" + n.date_from + ".." + n.date_to;
    }
    return {};
}

}  // namespace hanidx
