// Querying: query text -> Xapian query (through the same analyzer as
// documents), ranked hits, snippets with match offsets.
#include "hanidx/search.hpp"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "hanidx/analyze.hpp"
#include "hanidx/terms.hpp"
#include "schema.hpp"

namespace hanidx {

namespace {

/// A phrase to find: terms at positions relative to the first.
struct Phrase {
    std::vector<std::pair<std::string, uint32_t>> terms;  // (term, relative position)
    bool exact = true;                                    // positions are contiguous
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
        expect = pos + 1;
    }
    return p;
}

Xapian::Query to_query(const Phrase& p) {
    if (p.terms.size() == 1) return Xapian::Query(p.terms[0].first);
    std::vector<Xapian::Query> sub;
    for (auto& [t, pos] : p.terms) sub.emplace_back(t);
    const Xapian::termcount window =
        p.exact ? static_cast<Xapian::termcount>(sub.size()) : p.terms.back().second + 1;
    return Xapian::Query(Xapian::Query::OP_PHRASE, sub.begin(), sub.end(), window);
}

/// The pieces of a query: quoted phrases and whitespace-separated words.
std::vector<std::pair<std::string, bool>> split_query(std::string_view q) {
    std::vector<std::pair<std::string, bool>> out;  // (text, quoted)
    std::size_t i = 0;
    while (i < q.size()) {
        unsigned char c = static_cast<unsigned char>(q[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '"') {
            std::size_t close = q.find('"', i + 1);
            if (close == std::string_view::npos)
                throw QueryError("unterminated quote at byte " + std::to_string(i) + ": " +
                                 std::string(q.substr(i, 40)));
            out.emplace_back(std::string(q.substr(i + 1, close - i - 1)), true);
            i = close + 1;
            continue;
        }
        std::size_t j = i;
        while (j < q.size() && q[j] != ' ' && q[j] != '\t' && q[j] != '\n' && q[j] != '\r' &&
               q[j] != '"')
            ++j;
        out.emplace_back(std::string(q.substr(i, j - i)), false);
        i = j;
    }
    return out;
}

}  // namespace

struct Searcher::Impl {
    Xapian::Database db;
    Analyzer analyzer;
    Xapian::Stem stemmer{"english"};

    struct Parsed {
        Xapian::Query query;
        std::vector<Phrase> phrases;  // for highlighting
    };

    Parsed parse(std::string_view query) {
        std::string q;
        repair_utf8(query, q);
        Parsed parsed;
        std::vector<Xapian::Query> parts;
        for (auto& [text, quoted] : split_query(q)) {
            auto tokens = analyzer.tokenize(text);
            std::vector<Term> terms;
            uint32_t pos = 1;
            make_terms(tokens, pos, terms);
            Phrase p = phrase_of(terms);
            if (p.terms.empty()) continue;
            Xapian::Query sub = to_query(p);
            // An unquoted English word also finds its other forms.
            if (!quoted && tokens.size() == 1 && tokens[0].script == Script::Latin)
                sub = Xapian::Query(Xapian::Query::OP_OR, sub,
                                    Xapian::Query(std::string(schema::stem_prefix) +
                                                  stemmer(tokens[0].text)));
            parts.push_back(sub);
            parsed.phrases.push_back(std::move(p));
        }
        if (parts.empty()) throw QueryError("the query has no words to search for");
        parsed.query = Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
        return parsed;
    }

    // Byte ranges of @p text matched by @p phrases, sorted and merged.
    std::vector<Span> find_matches(const std::string& text, const std::vector<Phrase>& phrases) {
        auto tokens = analyzer.tokenize(text);
        std::vector<Term> terms;
        uint32_t pos = 1;
        make_terms(tokens, pos, terms);
        std::unordered_map<std::string_view, std::vector<const Term*>> by_name;
        std::map<std::pair<uint32_t, std::string_view>, const Term*> by_pos;
        for (const Term& t : terms) {
            if (!t.pos) continue;
            by_name[t.name].push_back(&t);
            by_pos.emplace(std::make_pair(t.pos, std::string_view(t.name)), &t);
        }
        std::vector<Span> spans;
        for (const Phrase& p : phrases) {
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
                spans.push_back(s);
            }
        }
        std::sort(spans.begin(), spans.end(),
                  [](const Span& a, const Span& b) { return a.begin < b.begin; });
        std::vector<Span> merged;
        for (const Span& s : spans) {
            if (!merged.empty() && s.begin <= merged.back().end)
                merged.back().end = std::max(merged.back().end, s.end);
            else
                merged.push_back(s);
        }
        return merged;
    }
};

namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A window of about @p bytes around the first match, cut at character
// boundaries, with line breaks and runs of space shown as one space.
void make_snippet(const std::string& text, const std::vector<Span>& matches, std::size_t bytes,
                  Hit& hit) {
    std::size_t begin = 0;
    if (!matches.empty()) {
        std::size_t lead = bytes / 4;
        begin = matches[0].begin > lead ? matches[0].begin - lead : 0;
        // Start at the beginning of the line if it is near.
        std::size_t nl = text.rfind('\n', matches[0].begin);
        if (nl != std::string::npos && nl + 1 >= begin) begin = nl + 1;
    }
    while (begin > 0 && begin < text.size() && is_utf8_continuation(text[begin])) --begin;
    std::size_t end = std::min(text.size(), begin + bytes);
    while (end < text.size() && is_utf8_continuation(text[end])) ++end;

    std::string& out = hit.snippet;
    std::size_t m = 0;
    bool space = false;
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
            if (!space && !out.empty()) out += ' ';
            space = true;
            continue;
        }
        space = false;
        out += c;
    }
    if (in_match) hit.snippet_matches.push_back({open.begin, static_cast<uint32_t>(out.size())});
    while (!out.empty() && out.back() == ' ') out.pop_back();
    for (Span& s : hit.snippet_matches) s.end = std::min<uint32_t>(s.end, out.size());
}

}  // namespace

Searcher::Searcher(const std::string& db_dir) : impl_(std::make_unique<Impl>()) {
    try {
        impl_->db = Xapian::Database(db_dir);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw IndexError(db_dir + ": no hanidx database here (create one with 'hanidx index')");
    } catch (const Xapian::Error& e) {
        throw IndexError(db_dir + ": " + e.get_description());
    }
}

Searcher::~Searcher() = default;

Results Searcher::search(std::string_view query, const SearchOptions& options) {
    Impl::Parsed parsed = impl_->parse(query);
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(parsed.query);
    const Xapian::doccount all = impl_->db.get_doccount();
    const Xapian::doccount limit =
        options.limit == 0 ? std::max<Xapian::doccount>(all, 1) : options.limit;
    Xapian::MSet mset = enquire.get_mset(options.offset, limit, all);
    Results r;
    r.total = mset.get_matches_estimated();
    unsigned rank = static_cast<unsigned>(options.offset);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document doc = it.get_document();
        Hit h;
        h.rank = ++rank;
        h.score = it.get_weight();
        h.path = doc.get_value(schema::path);
        h.title = doc.get_value(schema::title);
        h.date = doc.get_value(schema::date);
        h.languages = doc.get_value(schema::languages);
        if (options.snippets) {
            const std::string text = doc.get_data();
            h.matches = impl_->find_matches(text, parsed.phrases);
            make_snippet(text, h.matches, options.snippet_bytes, h);
        }
        r.hits.push_back(std::move(h));
    }
    return r;
}

std::string Searcher::explain(std::string_view query) {
    return impl_->parse(query).query.get_description();
}

}  // namespace hanidx
