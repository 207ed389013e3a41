// Querying: query text -> Xapian query (through the same analyzer as
// documents), ranked hits, snippets with match offsets.
#include "hanidx/search.hpp"

#include <xapian.h>

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>

#include "hanidx/analyze.hpp"
#include "hanidx/normalize.hpp"
#include "hanidx/query.hpp"
#include "hanidx/terms.hpp"
#include "positions.hpp"
#include "schema.hpp"

namespace hanidx {

namespace {

/// A phrase to find: terms at positions relative to the first.
struct Phrase {
    std::vector<std::pair<std::string, uint32_t>> terms;  // (term, relative position)
    std::vector<bool> bigram;                             // per term: a Han/kana bigram
    bool exact = true;                                    // positions are contiguous

    /// The window OP_PHRASE and the position check use.
    Xapian::termcount window() const {
        return exact ? static_cast<Xapian::termcount>(terms.size()) : terms.back().second + 1;
    }
};

/** Pick, from the positional terms of one query segment, the terms that
 *  pin it down: at each position the bigram starting there, else the
 *  unigram or word; a final character already covered by a bigram is left
 *  out.
 */
Phrase phrase_of(const std::vector<Term>& terms) {
    std::map<uint32_t, const Term*> best;
    for (const Term& t : terms) {
        if (t.pos == 0) continue;
        auto [it, fresh] = best.emplace(t.pos, &t);
        if (!fresh && t.kind == Term::Bigram) it->second = &t;
    }
    Phrase p;
    if (best.empty()) return p;
    const uint32_t first = best.begin()->first;
    const uint32_t last = best.rbegin()->first;
    uint32_t expect = first;
    for (auto& [pos, term] : best) {
        if (pos == last && pos > first && term->kind == Term::Unigram) {
            auto prev = best.find(pos - 1);
            if (prev != best.end() && prev->second->kind == Term::Bigram) break;
        }
        if (pos != expect) p.exact = false;
        p.terms.emplace_back(term->name, pos - first);
        p.bigram.push_back(term->kind == Term::Bigram);
        expect = pos + 1;
    }
    return p;
}

/// The phrase as Xapian's OP_PHRASE over positional terms (databases of format 1).
Xapian::Query to_query(const Phrase& p, std::string_view prefix = {}) {
    auto term = [&](const std::string& t) { return std::string(prefix) + t; };
    if (p.terms.size() == 1) return Xapian::Query(term(p.terms[0].first));
    std::vector<Xapian::Query> sub;
    for (auto& [t, pos] : p.terms) sub.emplace_back(term(t));
    return Xapian::Query(Xapian::Query::OP_PHRASE, sub.begin(), sub.end(), p.window());
}

/** Matches the documents whose body (or title) holds a phrase: those with
 *  all of its terms (it walks their posting lists together) whose positions
 *  (positions.hpp, in value slot schema::positions or schema::title_positions)
 *  have the terms in place. A filter: it adds no weight.
 */
class PhraseSource : public Xapian::PostingSource {
  public:
    /// @p prefix: of the terms in Xapian; @p slot: the value slot of the positions.
    PhraseSource(std::shared_ptr<const detail::PhraseCheck> phrase, std::string prefix, Xapian::valueno slot)
        : phrase_(std::move(phrase)), prefix_(std::move(prefix)), slot_(slot) {}

    // The phrase's terms are ANDed beside this source (to_checked_query), so
    // the matcher walks their posting lists and only asks check() about the
    // documents that have them all. Estimating "every document" keeps it
    // from choosing this source to lead; its own walk over the terms' lists
    // (opened on first use) is only for a caller that does.
    void init(const Xapian::Database& db) override {
        db_ = db;
        lists_.clear();
        opened_ = false;
        values_ = Xapian::ValueIterator();
        values_open_ = false;
        last_did_ = 0;
        did_ = 0;
        here_ = false;
        at_end_ = false;
        tf_ = db.get_doccount();
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return tf_; }
    Xapian::doccount get_termfreq_max() const override { return tf_; }
    Xapian::docid get_docid() const override { return did_; }
    bool at_end() const override { return at_end_; }
    void next(double) override { advance(did_ + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (here_ && did <= did_) return;
        advance(std::max(did, did_ + 1));
    }
    bool check(Xapian::docid did, double) override {
        if (did == did_) return here_;
        // The caller has a document with the other terms: look at it alone.
        did_ = did;
        here_ = verified(did);
        return here_;  // false: "indeterminate", next() and skip_to() go on after it
    }
    Xapian::PostingSource* clone() const override { return new PhraseSource(phrase_, prefix_, slot_); }
    std::string get_description() const override {
        std::string d = prefix_.empty() ? "positions" : "positions " + prefix_ + ":";
        for (const detail::PhraseTerm& t : phrase_->terms) d += " " + t.text + "@" + std::to_string(t.rel);
        if (!phrase_->exact) d += " within " + std::to_string(phrase_->window);
        return d;
    }

  private:
    struct List {
        Xapian::PostingIterator it, end;
    };

    // The terms' posting lists, rarest first.
    void open_lists() {
        opened_ = true;
        std::vector<std::pair<Xapian::doccount, std::string>> by_freq;
        for (const detail::PhraseTerm& t : phrase_->terms) {
            const std::string term = prefix_ + t.text;
            by_freq.emplace_back(db_.get_termfreq(term), term);
        }
        std::sort(by_freq.begin(), by_freq.end());
        by_freq.erase(std::unique(by_freq.begin(), by_freq.end()), by_freq.end());
        for (auto& [freq, term] : by_freq) {
            if (freq == 0) at_end_ = true;
            lists_.push_back({db_.postlist_begin(term), db_.postlist_end(term)});
        }
    }

    // Move to the first document >= @p did that has every term and the phrase.
    void advance(Xapian::docid did) {
        if (!opened_) open_lists();
        while (!at_end_) {
            // Leapfrog the posting lists (rarest first) to a document in all of them.
            for (bool agreed = false; !agreed;) {
                agreed = true;
                for (List& l : lists_) {
                    l.it.skip_to(did);
                    if (l.it == l.end) {
                        at_end_ = true;
                        return;
                    }
                    if (*l.it > did) {
                        did = *l.it;
                        agreed = false;
                    }
                }
            }
            if (verified(did)) {
                did_ = did;
                here_ = true;
                return;
            }
            ++did;
        }
    }

    bool verified(Xapian::docid did) {
        // The matcher asks in increasing document order: one stream over the
        // slot, moved forward, reads each block once where a lookup per
        // document would descend the table from its root every time.
        if (!values_open_ || did < last_did_) {
            values_ = db_.valuestream_begin(slot_);
            values_open_ = true;
        }
        last_did_ = did;
        const Xapian::ValueIterator end = db_.valuestream_end(slot_);
        if (values_ == end) return false;
        values_.skip_to(did);
        if (values_ == end || values_.get_docid() != did) return false;
        return positions_.load(*values_) && positions_.contains(*phrase_);
    }

    std::shared_ptr<const detail::PhraseCheck> phrase_;
    std::string prefix_;
    Xapian::valueno slot_;
    Xapian::Database db_;
    std::vector<List> lists_;
    detail::Positions positions_;
    Xapian::docid did_ = 0;
    bool here_ = false;  // did_ is a match (not just where a check() stopped)
    bool opened_ = false;  // lists_ are open
    Xapian::ValueIterator values_;  // over slot_, at or before the last document verified
    bool values_open_ = false;
    Xapian::docid last_did_ = 0;
    Xapian::doccount tf_ = 0;
    bool at_end_ = false;
};

/** The phrase (format 2): the documents with all its terms, checked by
 *  PhraseSource; @p prefix and @p slot: body (none, schema::positions) or
 *  title (schema::title_prefix, schema::title_positions).
 */
Xapian::Query to_checked_query(const Phrase& p, std::string_view prefix = {},
                               Xapian::valueno slot = schema::positions) {
    if (p.terms.size() == 1) return Xapian::Query(std::string(prefix) + p.terms[0].first);
    auto check = std::make_shared<detail::PhraseCheck>();
    std::vector<Xapian::Query> all;
    for (std::size_t k = 0; k < p.terms.size(); ++k) {
        check->terms.push_back({p.terms[k].first, p.terms[k].second, p.bigram[k]});
        all.emplace_back(std::string(prefix) + p.terms[k].first);
    }
    check->exact = p.exact;
    check->window = p.window();
    if (p.exact) check->run = detail::PhraseCheck::characters(check->terms);
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end()),
                         Xapian::Query((new PhraseSource(std::move(check), std::string(prefix), slot))->release()));
}

/// @p s on one line (control characters as spaces), cut to about @p bytes at a character boundary.
std::string one_line(std::string_view s, std::size_t bytes) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (out.size() >= bytes && (c & 0xC0) != 0x80) {
            out += "...";
            break;
        }
        out += c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c);
    }
    return out;
}

/// A byte range of the text and the query part (phrase, stem or prefix) that matched it.
struct Match {
    Span span;
    std::size_t part;
};

/// Most positional terms one text leaf may become: bounds the work of a pasted paragraph.
constexpr std::size_t max_phrase_terms = 512;
/// Most terms a wildcard expands to (the most frequent ones are kept).
constexpr Xapian::termcount max_wildcard_terms = 256;

bool path_matches(const std::string& pattern, const std::string& path);

/** The documents whose path matches a path: pattern. The ids are listed in
 *  init(), which Xapian calls once for each database it searches: once for
 *  each shard of a sharded database, whose document ids are its own.
 */
class PathSource : public Xapian::PostingSource {
  public:
    explicit PathSource(std::string pattern) : pattern_(std::move(pattern)) {}
    Xapian::doccount get_termfreq_min() const override { return ids_.size(); }
    Xapian::doccount get_termfreq_est() const override { return ids_.size(); }
    Xapian::doccount get_termfreq_max() const override { return ids_.size(); }
    Xapian::docid get_docid() const override { return ids_[i_]; }
    void next(double) override {
        if (started_) ++i_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        i_ = std::lower_bound(ids_.begin() + i_, ids_.end(), did) - ids_.begin();
    }
    bool at_end() const override { return started_ && i_ >= ids_.size(); }
    void init(const Xapian::Database& db) override {
        ids_.clear();
        for (auto it = db.valuestream_begin(schema::path); it != db.valuestream_end(schema::path); ++it)
            if (path_matches(pattern_, *it)) ids_.push_back(it.get_docid());
        i_ = 0;
        started_ = false;
    }
    Xapian::PostingSource* clone() const override { return new PathSource(pattern_); }
    std::string get_description() const override { return "path filter (" + pattern_ + ")"; }

  private:
    std::string pattern_;
    std::vector<Xapian::docid> ids_;
    std::size_t i_ = 0;
    bool started_ = false;
};

/// The path: pattern made absolute if it is written relative to "." or "~".
std::string resolve_path_pattern(const std::string& pattern) {
    namespace fs = std::filesystem;
    const bool dot = pattern == "." || pattern == ".." || pattern.starts_with("./") ||
                     pattern.starts_with("../");
    if (dot) {
        std::error_code ec;
        fs::path p = fs::absolute(pattern, ec);
        if (!ec) return p.lexically_normal().string();
    }
    if (pattern == "~" || pattern.starts_with("~/")) {
        const char* home = std::getenv("HOME");
        if (home && *home) return (fs::path(home) / pattern.substr(std::min<std::size_t>(2, pattern.size())))
                                  .lexically_normal()
                                  .string();
    }
    return pattern;
}

/// Does @p path match the path: @p pattern (see Searcher::search)?
bool path_matches(const std::string& pattern, const std::string& path) {
    if (pattern.find_first_of("*?[") != std::string::npos) {
        const std::string anchored = pattern.starts_with("/") ? pattern : "*/" + pattern;
        return ::fnmatch(anchored.c_str(), path.c_str(), 0) == 0 ||
               ::fnmatch((anchored + "/*").c_str(), path.c_str(), 0) == 0 ||
               ::fnmatch(pattern.c_str(), path.c_str(), 0) == 0;
    }
    std::string_view pat(pattern);
    while (pat.size() > 1 && pat.back() == '/') pat.remove_suffix(1);
    if (pat.empty()) return false;
    const bool anchored = pat.front() == '/';
    for (std::size_t at = path.find(pat); at != std::string::npos; at = path.find(pat, at + 1)) {
        const bool starts = anchored ? at == 0 : at == 0 || path[at - 1] == '/' || pat.front() == '/';
        const std::size_t after = at + pat.size();
        const bool ends = after == path.size() || path[after] == '/' || pat.back() == '/';
        if (starts && ends) return true;
        if (anchored) break;
    }
    return false;
}

}  // namespace

struct Searcher::Impl {
    explicit Impl(const AnalyzerOptions& options = {}) : analyzer(options) {}
    Xapian::Database db;
    Analyzer analyzer;
    Xapian::Stem stemmer{"english"};
    bool positions_in_xapian = false;  // a database of index format 1

    /// What to highlight in a document's text.
    struct Highlight {
        std::vector<Phrase> phrases;
        std::vector<std::string> stems;     // English stems (unquoted words)
        std::vector<std::string> prefixes;  // wildcards
        /// Normalized strings, one of which occurs (in normalized text) wherever
        /// something above matches: where to look before analyzing.
        std::vector<std::string> needles;
    };

    struct Compiled {
        Xapian::Query query;
        Highlight highlight;
        std::string tree;  // the parsed query, for --explain
    };

    // Boost queries (title phrases, whole words) collected while compiling.
    std::vector<Xapian::Query> boosts;

    Compiled compile(std::string_view query) {
        std::string q;
        repair_utf8(query, q);
        QueryNode tree = parse_query(q);
        Compiled c;
        c.tree = to_string(tree);
        boosts.clear();
        std::optional<Xapian::Query> main = compile(tree, false, c.highlight);
        if (!main) throw QueryError("query: no words to search for: " + one_line(q, 80));
        c.query = boosts.empty()
                      ? *main
                      : Xapian::Query(Xapian::Query::OP_AND_MAYBE, *main,
                                      Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
        return c;
    }

    /** date:A..B: documents whose date overlaps A..B, so a document dated
     *  "1907" matches date:1907-03..1907-04 and date:1907-01-01..1907-12-31
     *  as well as date:1907 (schema::date_first/date_last). Documents
     *  indexed before those slots existed compare their date as a string. */
    Xapian::Query compile_date(const QueryNode& n) {
        Xapian::Query by_string;
        const std::string hi = n.date_to + "\xff";  // "2020" also covers "2020-12-31"
        if (n.date_from.empty()) by_string = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::date, hi);
        else if (n.date_to.empty()) by_string = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::date, n.date_from);
        else by_string = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::date, n.date_from, hi);
        const Xapian::doccount spans = db.get_value_freq(schema::date_first);
        if (spans == 0) return by_string;
        std::vector<Xapian::Query> parts;
        if (!n.date_to.empty())
            parts.emplace_back(Xapian::Query::OP_VALUE_LE, schema::date_first, schema::last_day(n.date_to));
        if (!n.date_from.empty())
            parts.emplace_back(Xapian::Query::OP_VALUE_GE, schema::date_last, schema::first_day(n.date_from));
        Xapian::Query by_span = parts.size() == 1 ? parts[0] : Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
        if (spans >= db.get_value_freq(schema::date)) return by_span;
        // Some dated documents have no span: they were indexed before it.
        return Xapian::Query(Xapian::Query::OP_OR, by_span,
                             Xapian::Query(Xapian::Query::OP_AND_NOT, by_string,
                                           Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::date_first, "0")));
    }

    static Xapian::Query filter(Xapian::Query q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

    std::optional<Xapian::Query> compile(const QueryNode& n, bool negated, Highlight& hl) {
        switch (n.kind) {
            case QueryNode::Text: return compile_text(n, negated, hl);
            case QueryNode::Lang:
                if (n.text == "zh")
                    return filter(Xapian::Query(Xapian::Query::OP_OR,
                                                Xapian::Query(std::string(schema::lang_prefix) + "zh-Hans"),
                                                Xapian::Query(std::string(schema::lang_prefix) + "zh-Hant")));
                return filter(Xapian::Query(std::string(schema::lang_prefix) + n.text));
            case QueryNode::Date: return filter(compile_date(n));
            case QueryNode::Path: {
                return filter(Xapian::Query((new PathSource(resolve_path_pattern(n.text)))->release()));
            }
            case QueryNode::Not: {
                auto child = compile(n.children.at(0), !negated, hl);
                if (!child) return std::nullopt;
                return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, *child);
            }
            case QueryNode::Or: {
                std::vector<Xapian::Query> alts;
                for (const QueryNode& c : n.children)
                    if (auto q = compile(c, negated, hl)) alts.push_back(*q);
                if (alts.empty()) return std::nullopt;
                return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
            }
            case QueryNode::And: {
                std::vector<Xapian::Query> pos, neg;
                for (const QueryNode& c : n.children) {
                    const bool is_not = c.kind == QueryNode::Not;
                    auto q = compile(is_not ? c.children.at(0) : c, negated != is_not, hl);
                    if (q) (is_not ? neg : pos).push_back(*q);
                }
                if (pos.empty() && neg.empty()) return std::nullopt;
                Xapian::Query p = pos.empty() ? Xapian::Query::MatchAll
                                              : Xapian::Query(Xapian::Query::OP_AND, pos.begin(), pos.end());
                if (neg.empty()) return p;
                return Xapian::Query(Xapian::Query::OP_AND_NOT, p,
                                     Xapian::Query(Xapian::Query::OP_OR, neg.begin(), neg.end()));
            }
        }
        return std::nullopt;
    }

    std::optional<Xapian::Query> compile_text(const QueryNode& n, bool negated, Highlight& hl) {
        auto tokens = analyzer.tokenize(n.text);
        const std::string_view field = n.title ? schema::title_prefix : std::string_view();
        const bool one_word = tokens.size() == 1 && tokens[0].script == Script::Latin;
        if (n.prefix && one_word) {
            Xapian::Query q(Xapian::Query::OP_WILDCARD, std::string(field) + tokens[0].text,
                            max_wildcard_terms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
            if (!negated && !n.title) {
                hl.prefixes.push_back(tokens[0].text);
                hl.needles.push_back(tokens[0].text);
            }
            return q;
        }
        std::vector<Term> terms;
        uint32_t pos = 1;
        make_terms(tokens, pos, terms);
        Phrase p = phrase_of(terms);
        if (p.terms.empty()) {
            // Punctuation alone is skipped; a word too long to be indexed never matches.
            if (tokens.empty()) return std::nullopt;
            return Xapian::Query::MatchNothing;
        }
        if (p.terms.size() > max_phrase_terms)
            throw QueryError("query: text too long at column " + std::to_string(n.column) + " (more than " +
                             std::to_string(max_phrase_terms) + " words or characters in one phrase)");
        auto phrase = [&](std::string_view prefix, Xapian::valueno slot) {
            return positions_in_xapian ? to_query(p, prefix) : to_checked_query(p, prefix, slot);
        };
        if (n.title) return phrase(schema::title_prefix, schema::title_positions);
        Xapian::Query q = phrase({}, schema::positions);
        // An unquoted English word also finds its other forms.
        std::string stem;
        if (!n.quoted && one_word) {
            stem = stemmer(tokens[0].text);
            q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(std::string(schema::stem_prefix) + stem));
        }
        if (!negated) {
            // Title matches and whole dictionary words rank above n-gram-only matches.
            boosts.push_back(phrase(schema::title_prefix, schema::title_positions));
            for (const Term& t : terms)
                if (t.kind == Term::WholeWord) boosts.emplace_back(t.name);
            if (!stem.empty()) {
                hl.stems.push_back(stem);
                // A Porter stem is a prefix of its words but for a final y -> i ("happi").
                hl.needles.push_back(stem.size() > 3 ? stem.substr(0, stem.size() - 1) : stem);
            }
            const Token* longest = &tokens[0];
            for (const Token& t : tokens)
                if (t.text.size() > longest->text.size()) longest = &t;
            hl.needles.push_back(longest->text);
            hl.phrases.push_back(std::move(p));
        }
        return q;
    }

    /** The parts of @p text worth analyzing for @p hl: the lines (or
     *  sentences, or a few hundred bytes) around each place where a needle
     *  occurs in the normalized text. Analyzing a whole document for every
     *  hit would cost most of a search.
     */
    static std::vector<Span> regions(const std::string& text, const Highlight& hl) {
        const Normalized n = normalize(text);
        std::vector<Span> found;
        constexpr std::size_t max_found = 2048;
        for (const std::string& needle : hl.needles) {
            if (needle.empty()) continue;
            for (std::size_t at = n.text.find(needle); at != std::string::npos && found.size() < max_found;
                 at = n.text.find(needle, at + 1))
                found.push_back({static_cast<uint32_t>(n.source_begin(at)),
                                 static_cast<uint32_t>(n.source_end(at + needle.size()))});
        }
        if (found.size() >= max_found) return {{0, static_cast<uint32_t>(text.size())}};
        std::sort(found.begin(), found.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
        std::vector<Span> out;
        for (Span s : found) {
            // A needle inside the last region (dense hits: "the" in English
            // text) needs no scan for boundaries: the region's start covers
            // it, and its end, a boundary after this needle, is the first.
            if (!out.empty() && s.begin <= out.back().end) {
                const uint32_t end = out.back().end;
                if (s.end < end && (end == text.size() || boundary_at(text, end))) continue;
            }
            s.begin = static_cast<uint32_t>(boundary_before(text, s.begin));
            s.end = static_cast<uint32_t>(boundary_after(text, s.end));
            if (!out.empty() && s.begin <= out.back().end) out.back().end = std::max(out.back().end, s.end);
            else out.push_back(s);
        }
        return out;
    }

    // A line break, or U+3002 IDEOGRAPHIC FULL STOP, U+FF01 FULLWIDTH
    // EXCLAMATION MARK, U+FF1F FULLWIDTH QUESTION MARK just before @p i,
    // next to a Han/kana character: no phrase matches across it (terms.hpp
    // leaves a position gap there). Between Latin words there is no gap, so
    // no boundary either (hard-wrapped English: "New\nYork").
    static bool boundary_at(const std::string& text, std::size_t i) {
        std::size_t mark;
        const auto last = static_cast<unsigned char>(text[i - 1]);
        if (last == '\n') mark = 1;
        else if (last != 0x82 && last != 0x81 && last != 0x9F) return false;  // the marks' last bytes
        else if (i >= 3 && (text.compare(i - 3, 3, "\xE3\x80\x82") == 0 || text.compare(i - 3, 3, "\xEF\xBC\x81") == 0 ||
                            text.compare(i - 3, 3, "\xEF\xBC\x9F") == 0))
            mark = 3;
        else return false;
        auto latin = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == ',' || c == '.'; };
        std::size_t b = i - mark;
        while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\n' || text[b - 1] == '\r' || text[b - 1] == '\t')) --b;
        std::size_t a = i;
        while (a < text.size() && (text[a] == ' ' || text[a] == '\n' || text[a] == '\r' || text[a] == '\t')) ++a;
        const bool latin_before = b == 0 || latin(text[b - 1]);
        const bool latin_after = a == text.size() || latin(text[a]);
        return !(latin_before && latin_after);
    }
    static constexpr std::size_t max_context = 600;
    static std::size_t boundary_before(const std::string& text, std::size_t b) {
        const std::size_t lo = b > max_context ? b - max_context : 0;
        for (std::size_t i = b; i > lo; --i)
            if (boundary_at(text, i)) return i;
        if (lo == 0) return 0;
        std::size_t i = text.find(' ', lo);  // far from any boundary: start after a space
        i = i < b ? i + 1 : lo;
        while (i < b && is_continuation(text[i])) ++i;
        return i;
    }
    static std::size_t boundary_after(const std::string& text, std::size_t e) {
        const std::size_t hi = std::min(text.size(), e + max_context);
        for (std::size_t i = e; i < hi; ++i)
            if (boundary_at(text, i + 1)) return i + 1;
        if (hi == text.size()) return hi;
        std::size_t i = text.rfind(' ', hi);
        i = i != std::string::npos && i > e ? i : hi;
        while (i > e && is_continuation(text[i])) --i;
        return i;
    }
    static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

    // Byte ranges of @p text matched by @p hl, sorted and merged (@p merge:
    // for highlighting); else sorted, the leftmost of overlapping ones kept
    // and neighbours left apart (occurrences to count).
    std::vector<Match> find_matches(const std::string& text, const Highlight& hl, bool merge = true) {
        std::vector<Token> tokens;
        std::vector<Term> terms;
        uint32_t pos = 1;
        for (const Span& r : regions(text, hl)) {
            const uint32_t first = static_cast<uint32_t>(tokens.size());
            for (Token& t : analyzer.tokenize(std::string_view(text).substr(r.begin, r.end - r.begin))) {
                t.begin += r.begin;
                t.end += r.begin;
                tokens.push_back(std::move(t));
            }
            make_terms(std::span<const Token>(tokens).subspan(first), pos, terms, first);
            pos += 2;  // nothing matches across regions
        }
        std::unordered_map<std::string_view, std::vector<const Term*>> by_name;
        std::map<std::pair<uint32_t, std::string_view>, const Term*> by_pos;
        std::vector<Match> spans;
        for (const Term& t : terms) {
            if (!t.pos) continue;
            by_name[t.name].push_back(&t);
            by_pos.emplace(std::make_pair(t.pos, std::string_view(t.name)), &t);
            if (t.kind != Term::Word || (hl.stems.empty() && hl.prefixes.empty())) continue;
            if (tokens[t.token].script != Script::Latin) continue;
            for (std::size_t k = 0; k < hl.prefixes.size(); ++k)
                if (t.name.starts_with(hl.prefixes[k]))
                    spans.push_back({{t.begin, t.end}, hl.phrases.size() + hl.stems.size() + k});
            if (!hl.stems.empty()) {
                const std::string stem = stemmer(t.name);
                for (std::size_t k = 0; k < hl.stems.size(); ++k)
                    if (stem == hl.stems[k]) spans.push_back({{t.begin, t.end}, hl.phrases.size() + k});
            }
        }
        for (std::size_t part = 0; part < hl.phrases.size(); ++part) {
            const Phrase& p = hl.phrases[part];
            auto it = by_name.find(p.terms[0].first);
            if (it == by_name.end()) continue;
            for (const Term* head : it->second) {
                std::vector<const Term*> found{head};
                for (std::size_t k = 1; k < p.terms.size() && found.size() == k; ++k) {
                    auto f = by_pos.find({head->pos + p.terms[k].second, p.terms[k].first});
                    if (f != by_pos.end()) found.push_back(f->second);
                }
                if (found.size() != p.terms.size()) continue;
                Span s{head->begin, head->end};
                for (const Term* t : found) {
                    s.begin = std::min(s.begin, t->begin);
                    s.end = std::max(s.end, t->end);
                }
                spans.push_back({s, part});
            }
        }
        std::sort(spans.begin(), spans.end(),
                  [](const Match& a, const Match& b) {
                      return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
                  });
        std::vector<Match> merged;
        if (!merge) {
            for (const Match& m : spans)
                if (merged.empty() || m.span.begin >= merged.back().span.end) merged.push_back(m);
            return merged;
        }
        for (const Match& m : spans) {
            if (!merged.empty() && m.span.begin <= merged.back().span.end)
                merged.back().span.end = std::max(merged.back().span.end, m.span.end);
            else
                merged.push_back(m);
        }
        return merged;
    }
};

namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/** The start of the window of about @p bytes that holds the most distinct
 *  query parts, then the most matches (the densest window, not just the first
 *  match); SIZE_MAX when there are no matches.
 */
std::size_t best_window(const std::vector<Match>& matches, std::size_t bytes) {
    std::size_t best = SIZE_MAX, best_parts = 0, best_count = 0;
    const std::size_t reach = bytes * 3 / 4;  // leave room for some text before the first match
    for (std::size_t i = 0; i < matches.size(); ++i) {
        std::vector<std::size_t> parts;
        std::size_t count = 0;
        for (std::size_t j = i; j < matches.size() && matches[j].span.end <= matches[i].span.begin + reach; ++j) {
            ++count;
            if (std::find(parts.begin(), parts.end(), matches[j].part) == parts.end())
                parts.push_back(matches[j].part);
        }
        if (best == SIZE_MAX || parts.size() > best_parts || (parts.size() == best_parts && count > best_count)) {
            best = i;
            best_parts = parts.size();
            best_count = count;
        }
        if (count > 64 && i > 256) break;  // bound the work on very repetitive texts
    }
    return best == SIZE_MAX ? SIZE_MAX : matches[best].span.begin;
}

// A window of about @p bytes around the densest cluster of matches, cut at
// character boundaries, with line breaks and runs of space shown as one
// space, and "…" where text was cut off.
void make_snippet(const std::string& text, const std::vector<Span>& matches, std::size_t first,
                  std::size_t bytes, Hit& hit) {
    std::size_t begin = 0;
    if (first != SIZE_MAX) {
        const std::size_t lead = bytes / 4;
        begin = first > lead ? first - lead : 0;
        // Start at the beginning of the line if it is near.
        std::size_t nl = first == 0 ? std::string::npos : text.rfind('\n', first - 1);
        if (nl != std::string::npos && nl + 1 >= begin) begin = nl + 1;
        // Do not start in the middle of a Latin word.
        for (std::size_t k = 0; begin > 0 && begin < first && k < 16 && std::isalnum(static_cast<unsigned char>(text[begin - 1])); ++k) ++begin;
    }
    while (begin > 0 && begin < text.size() && is_utf8_continuation(text[begin])) --begin;
    std::size_t end = std::min(text.size(), begin + bytes);
    while (end < text.size() && is_utf8_continuation(text[end])) ++end;

    std::string& out = hit.snippet;
    if (begin > 0) out += "…";
    std::size_t m = 0;
    bool space = true;
    Span open{};
    bool in_match = false;
    for (std::size_t i = begin; i < end; ++i) {
        while (m < matches.size() && matches[m].end <= i) ++m;
        const bool inside = m < matches.size() && matches[m].begin <= i && i < matches[m].end;
        if (inside && !in_match) open.begin = static_cast<uint32_t>(out.size());
        if (!inside && in_match) {
            open.end = static_cast<uint32_t>(out.size());
            hit.snippet_matches.push_back(open);
        }
        in_match = inside;
        char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (!space) out += ' ';
            space = true;
            continue;
        }
        space = false;
        out += c;
    }
    if (in_match) hit.snippet_matches.push_back({open.begin, static_cast<uint32_t>(out.size())});
    while (!out.empty() && out.back() == ' ') out.pop_back();
    for (Span& s : hit.snippet_matches) s.end = std::min<uint32_t>(s.end, out.size());
    std::erase_if(hit.snippet_matches, [](const Span& s) { return s.begin >= s.end; });
    if (end < text.size()) out += "…";
}

}  // namespace

Searcher::Searcher(const std::string& db_dir) : Searcher(db_dir, SegmenterOptions{}) {}

Searcher::Searcher(const std::string& db_dir, const SegmenterOptions& segmenter)
    : impl_(std::make_unique<Impl>([&] {
          // Queries and snippets are segmented as documents are: jieba's
          // table is embedded in the binary, so it costs a search nothing.
          AnalyzerOptions a;
          a.segmenter = segmenter;
          return a;
      }())) {
    try {
        impl_->db = Xapian::Database(db_dir);
        // A writer may commit twice between the open and this read.
        impl_->positions_in_xapian = schema::with_reopen(
            impl_->db, 3, [&] { return impl_->db.get_metadata(schema::meta_version) == "1"; });
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw IndexError(db_dir + ": no hanidx database here (create one with 'hanidx index')");
    } catch (const Xapian::Error& e) {
        throw IndexError(db_dir + ": " + e.get_description());
    }
}

Searcher::~Searcher() = default;

Results Searcher::search(std::string_view query, const SearchOptions& options) {
    // A concurrent `hanidx index` may commit while we read: reopen and run
    // again on the new revision.
    try {
        return schema::with_reopen(impl_->db, 3, [&] { return run(query, options); });
    } catch (const Xapian::DatabaseModifiedError& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

namespace {

/// An Enquire for @p query with the listing's order and duplicate rule.
Xapian::Enquire make_enquire(const Xapian::Database& db, const Xapian::Query& query, SortOrder sort, bool collapse) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (collapse) enquire.set_collapse_key(schema::dup_key);
    if (sort == SortOrder::Date) enquire.set_sort_by_value_then_relevance(schema::date, false);
    if (sort == SortOrder::DateDesc) enquire.set_sort_by_value_then_relevance(schema::date, true);
    return enquire;
}

}  // namespace

Results Searcher::run(std::string_view query, const SearchOptions& options) {
    Impl::Compiled compiled = impl_->compile(query);
    try {
        Xapian::Enquire enquire = make_enquire(impl_->db, compiled.query, options.sort, options.collapse_duplicates);
        const Xapian::doccount all = std::max<Xapian::doccount>(impl_->db.get_doccount(), 1);
        Results r;
        if (options.count_only) {
            if (options.estimate) {
                // From the first page of matches, as a listing would estimate it
                // (with none checked, a PhraseSource filter estimates 0).
                r.total = enquire.get_mset(0, 10).get_matches_estimated();
                r.total_is_estimate = true;
                return r;
            }
            // The count is the length of the whole list of matches: Xapian's
            // get_matches_estimated() is not exact with collapsed duplicates or
            // a PostingSource filter (PhraseSource) even when every candidate is
            // checked. Unweighted and in docid order, the list costs no
            // weighting and no sort; which copy of a duplicate is kept does
            // not change the number.
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            r.total = enquire.get_mset(0, all).size();
            return r;
        }
        const Xapian::doccount limit = options.limit == 0 ? all : static_cast<Xapian::doccount>(options.limit);
        const auto offset = static_cast<Xapian::doccount>(options.offset);
        Xapian::MSet mset;
        Xapian::doccount first = 0;  // index in mset of the first hit to return
        if (options.estimate) {
            mset = enquire.get_mset(offset, limit);
            r.total = mset.get_matches_estimated();
            r.total_is_estimate = true;
        } else {
            // Every match (the matcher weighs them all anyway to be exact),
            // of which the hits are a slice: the total is the list's length.
            mset = enquire.get_mset(0, all, all);
            r.total = mset.size();
            first = std::min(offset, mset.size());
        }
        const Xapian::doccount last = std::min<Xapian::doccount>(mset.size(), first + std::min(limit, all));
        unsigned rank = static_cast<unsigned>(options.offset);
        // Sized once: growing a vector of Hits by doubling moves each one and
        // touches twice the memory (fresh pages cost a fault each).
        r.hits.reserve(last - first);
        for (Xapian::doccount i = first; i < last; ++i) {
            Hit h;
            h.rank = ++rank;
            h.score = mset[i].get_weight();
            r.hits.push_back(std::move(h));
        }
        if (!options.snippets) {
            // Metadata only: read the value streams in docid order, which is
            // cheaper than opening every document (a --limit 0 path listing).
            std::vector<std::pair<Xapian::docid, std::size_t>> order;
            order.reserve(last - first);
            for (Xapian::doccount i = first; i < last; ++i) order.emplace_back(*mset[i], i - first);
            std::sort(order.begin(), order.end());
            auto fill = [&](Xapian::valueno slot, std::string Hit::*field) {
                Xapian::ValueIterator v = impl_->db.valuestream_begin(slot);
                const Xapian::ValueIterator end = impl_->db.valuestream_end(slot);
                for (auto [did, i] : order) {
                    if (v == end) break;
                    v.skip_to(did);
                    if (v != end && v.get_docid() == did) r.hits[i].*field = *v;
                }
            };
            fill(schema::path, &Hit::path);
            if (!options.metadata) return r;
            fill(schema::title, &Hit::title);
            fill(schema::date, &Hit::date);
            fill(schema::languages, &Hit::languages);
            return r;
        }
        for (Xapian::doccount i = first; i < last; ++i) {
            Xapian::Document doc = mset[i].get_document();
            Hit& h = r.hits[i - first];
            h.path = doc.get_value(schema::path);
            h.title = doc.get_value(schema::title);
            h.date = doc.get_value(schema::date);
            h.languages = doc.get_value(schema::languages);
            const std::string text = doc.get_data();
            auto matches = impl_->find_matches(text, compiled.highlight);
            h.matches.reserve(matches.size());
            for (const auto& m : matches) h.matches.push_back(m.span);
            make_snippet(text, h.matches, best_window(matches, options.snippet_bytes), options.snippet_bytes, h);
        }
        return r;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

uint64_t Searcher::for_each_document(std::string_view query, const ScanOptions& options, const DocumentSink& sink) {
    Impl::Compiled compiled = impl_->compile(query);
    try {
        // The list of matches is taken on one revision (reopening if a writer
        // moved on meanwhile); a document read after a later commit ends
        // the walk with an error rather than report documents twice.
        Xapian::MSet mset = schema::with_reopen(impl_->db, 3, [&] {
            Xapian::Enquire enquire =
                make_enquire(impl_->db, compiled.query, options.sort, options.collapse_duplicates);
            const Xapian::doccount all = std::max<Xapian::doccount>(impl_->db.get_doccount(), 1);
            return enquire.get_mset(0, all, all);
        });
        uint64_t n = 0;
        ScannedDocument d;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Xapian::Document doc = it.get_document();
            d.path = doc.get_value(schema::path);
            d.title = doc.get_value(schema::title);
            d.date = doc.get_value(schema::date);
            d.languages = doc.get_value(schema::languages);
            d.fields = doc.get_value(schema::fields);
            d.occurrences.clear();
            d.text.clear();
            if (options.occurrences) {
                d.text = doc.get_data();
                for (const Match& m : impl_->find_matches(d.text, compiled.highlight, false))
                    d.occurrences.push_back(m.span);
            }
            ++n;
            if (!sink(d)) break;
        }
        return n;
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

std::vector<std::string> Searcher::field_names() {
    std::string list;
    try {
        list = schema::with_reopen(impl_->db, 3, [&] { return impl_->db.get_metadata(schema::meta_fields); });
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read the database: " + e.get_description());
    }
    std::vector<std::string> names;
    std::size_t at = 0;
    while (at < list.size()) {
        std::size_t end = list.find_first_of(" \t\n", at);
        if (end == std::string::npos) end = list.size();
        if (end > at) names.push_back(list.substr(at, end - at));
        at = end + 1;
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::string Searcher::explain(std::string_view query) {
    Impl::Compiled c = impl_->compile(query);
    std::string terms;
    for (auto it = c.query.get_unique_terms_begin(); it != c.query.get_unique_terms_end(); ++it) {
        if (!terms.empty()) terms += ' ';
        terms += *it;
    }
    std::string out = "parsed: " + c.tree + "\nterms:  " + terms + "\n";
    for (const std::string& prefix : c.highlight.prefixes) {
        out += "wildcard " + prefix + "*:";
        Xapian::termcount n = 0;
        for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it, ++n) {
            if (n == 20) {
                out += " ...";
                break;
            }
            out += " " + *it;
        }
        out += "\n";
    }
    return out + "xapian: " + c.query.get_description() + "\n";
}

}  // namespace hanidx
