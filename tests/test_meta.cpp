// Metadata a researcher brings: meta files (TSV, JSON Lines), applying them
// to documents, and `hanidx index --meta` end to end.
#include <doctest/doctest.h>

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>

#include "hanidx/meta.hpp"
#include "support.hpp"

using namespace hanidx;
using namespace hanidx::test;
using json = nlohmann::json;

namespace {

// "KEY@LINE name=value name=value" per record, for compact golden tables.
std::string describe(const std::vector<MetaRecord>& records) {
    std::string out;
    for (const MetaRecord& r : records) {
        out += (out.empty() ? "" : " | ") + r.key + "@" + std::to_string(r.line);
        for (const auto& [name, value] : r.fields) out += " " + name + "=" + value;
    }
    return out;
}

std::string parsed(std::string_view text) {
    auto r = parse_meta(text, "m");
    return r ? describe(*r) : "error: " + r.error();
}

}  // namespace

TEST_CASE("parse_meta: TSV with a header line and JSON Lines give the same records") {
    const std::pair<const char*, const char*> table[] = {
        {"path\ttitle\tdate\tsource\na.txt\tA title\t2012-07\txinhua\n", "a.txt@2 title=A title date=2012-07 source=xinhua"},
        {"\xEF\xBB\xBFpath\tsource\r\n\r\na.txt\txinhua\r\nb.txt#2\t\r\n", "a.txt@3 source=xinhua | b.txt#2@4"},
        {"{\"path\":\"a.txt\",\"title\":\"A title\",\"date\":\"2012-07\",\"source\":\"xinhua\"}\n",
         "a.txt@1 title=A title date=2012-07 source=xinhua"},
        {"{\"path\":\"a.txt\",\"tags\":[\"x\",\"y\"],\"rank\":3,\"ok\":true,\"none\":null}\n",
         "a.txt@1 tags=x tags=y rank=3 ok=true"},
        {"", ""},
    };
    for (auto [text, want] : table) {
        CAPTURE(text);
        CHECK(parsed(text) == want);
    }
}

TEST_CASE("parse_meta: a bad name or a malformed line is one error naming FILE:LINE") {
    const std::pair<const char*, const char*> table[] = {
        {"path\tSource\na\tx\n", "error: m:1: \"Source\" is not a field name (use [a-z][a-z0-9_]*)"},
        {"file\tsource\na\tx\n", "error: m:1: the first column of the header must be \"path\""},
        {"path\tsource\na\tx\ty\n", "error: m:2: 3 columns, the header has 2"},
        {"path\tdate\na\tsoon\n", "error: m:2: date \"soon\" is not a date"},
        {"path\tsource\n\ta\n", "error: m:2: no path"},
        {"path\tsource\na\t\xFF\n", "error: m:2: the value of source is not UTF-8"},
        {"{\"path\":\"a\"}\n{\"path\":\n", "error: m:2: not a JSON object"},
        {"{\"path\":\"a\"}\n[1]\n", "error: m:2: not a JSON object"},
        {"{\"title\":\"a\"}\n", "error: m:1: no \"path\" string"},
        {"{\"path\":\"a\",\"x-y\":\"b\"}\n", "error: m:1: \"x-y\" is not a field name (use [a-z][a-z0-9_]*)"},
        {"{\"path\":\"a\",\"obj\":{\"b\":1}}\n", "error: m:1: the value of obj is not a string, number or array of them"},
    };
    for (auto [text, want] : table) {
        CAPTURE(text);
        CHECK(parsed(text) == want);
    }
}

TEST_CASE("MetaTable: records override title, date and fields, later ones win, the hash covers PATH#N") {
    MetaTable t;
    auto same = [](std::string_view k) { return std::string(k); };
    t.add(*parse_meta("path\ttitle\tdate\tsource\n/a\tGiven title\t1907\txinhua\n/a#2\tSecond\t\t\n", "m"), same);
    t.add(*parse_meta("{\"path\":\"/a\",\"source\":\"reuters\"}\n", "m2"), same);
    Analysis a;
    a.title = "http://example.com/1";
    a.date = "2001-01-01";
    a.date_source = "header";
    a.fields = {{"source", "from the dump"}, {"url", "http://example.com/1"}};
    t.apply("/a", a);
    CHECK(a.title == "Given title");
    CHECK(a.date == "1907");
    CHECK(a.date_source == "field");
    CHECK(a.fields == std::vector<std::pair<std::string, std::string>>{{"url", "http://example.com/1"}, {"source", "reuters"}});
    Analysis untouched;
    t.apply("/b", untouched);
    CHECK(untouched.title.empty());
    CHECK(!t.hash_for("/a").empty());
    CHECK(t.hash_for("/b").empty());
    CHECK(t.hash_for("/a#2").empty() == false);
    MetaTable other;
    other.add(*parse_meta("path\ttitle\n/a\tGiven title\n", "m"), same);
    CHECK(other.hash_for("/a") != t.hash_for("/a"));
    CHECK(t.field_names() == std::vector<std::string>{"source"});
}

TEST_CASE("index --meta: TSV and JSON Lines set title, date and fields, searchable as field terms and listed by stats") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "docs/a.txt", "http://example.com/a\nHospital news\n\nThe hospital opened a clinic.\n");
    write_file(tmp / "docs/b.txt", "Clinic report\n\nThe clinic opened.\n");
    write_file(tmp / "meta.tsv", "path\ttitle\tdate\tsource\tcategory\n" + (tmp / "docs/a.txt") +
                                     "\tA hospital opens\t2012-07\tXinhua\thealth\n");
    write_file(tmp / "meta.jsonl", "{\"path\":\"" + (tmp / "docs/b.txt") + "\",\"source\":\"Reuters\",\"date\":\"2013\"}\n");
    Run r = run_hanidx("index -q --db " + sh_quote(db) + " --meta " + sh_quote(tmp / "meta.tsv") + " --meta " +
                       sh_quote(tmp / "meta.jsonl") + " " + sh_quote(tmp / "docs"));
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());

    Run show = run_hanidx("show --no-text --format json --db " + sh_quote(db) + " " + sh_quote(tmp / "docs/a.txt"));
    json a = json::parse(show.out);
    CHECK(a["title"] == "A hospital opens");
    CHECK(a["date"] == "2012-07");
    CHECK(a["date_source"] == "field");
    CHECK(a["fields"] == json({{"source", "Xinhua"}, {"category", "health"}}));

    // The field terms (schema::field_term: "X" NAME ":" normalized value).
    Xapian::Database x(db);
    CHECK(x.get_termfreq("Xsource:xinhua") == 1);
    CHECK(x.get_termfreq("Xsource:reuters") == 1);
    CHECK(x.get_termfreq("Xcategory:health") == 1);
    CHECK(x.get_metadata("hanidx.fields") == "category source");

    Run stats = run_hanidx("stats --format json --db " + sh_quote(db));
    CHECK(json::parse(stats.out)["fields"] == json({{"category", 1}, {"source", 2}}));
    Run text = run_hanidx("stats --db " + sh_quote(db));
    CHECK(text.out.find("fields:      category 1 source 2\n") != std::string::npos);

    // The title and date are searched as the document's own.
    Run found = run_hanidx("search --format paths --db " + sh_quote(db) + " " + sh_quote("title:opens date:2012-07-15"));
    CHECK(found.out == tmp / "docs/a.txt" + "\n");
}

TEST_CASE("index --meta: a changed record takes effect on unchanged files, a run without --meta keeps it") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "docs/a.txt", "Hospital news\n\nThe hospital opened a clinic.\n");
    const std::string index = "index --db " + sh_quote(db) + " ";
    write_file(tmp / "m.tsv", "path\tsource\n" + (tmp / "docs/a.txt") + "\txinhua\n");
    REQUIRE(run_hanidx(index + "-q --meta " + sh_quote(tmp / "m.tsv") + " " + sh_quote(tmp / "docs")).status == 0);
    write_file(tmp / "m.tsv", "path\tsource\n" + (tmp / "docs/a.txt") + "\treuters\n");
    Run again = run_hanidx(index + "--meta " + sh_quote(tmp / "m.tsv") + " " + sh_quote(tmp / "docs"));
    CHECK(again.err.find("1 indexed, 0 unchanged") != std::string::npos);
    Run same = run_hanidx(index + "--meta " + sh_quote(tmp / "m.tsv") + " " + sh_quote(tmp / "docs"));
    CHECK(same.err.find("0 indexed, 1 unchanged") != std::string::npos);
    Run without = run_hanidx(index + sh_quote(tmp / "docs"));
    CHECK(without.err.find("0 indexed, 1 unchanged") != std::string::npos);
    Xapian::Database x(db);
    CHECK(x.get_termfreq("Xsource:reuters") == 1);
    CHECK(x.get_termfreq("Xsource:xinhua") == 0);
    // A relative key is resolved from the current directory, as index paths are.
    write_file(tmp / "docs/rel.tsv", "path\tsource\na.txt\tkyodo\n");
    Run rel = run_hanidx(index + "-q --meta rel.tsv .", "cd " + sh_quote(tmp / "docs") + " &&");
    CHECK(rel.status == 0);
    x.reopen();
    CHECK(x.get_termfreq("Xsource:kyodo") == 1);
}

TEST_CASE("index --meta: a bad meta file is one line naming FILE:LINE, exit 2, nothing indexed") {
    TempDir tmp;
    write_file(tmp / "docs/a.txt", "Hospital news\n");
    write_file(tmp / "m.tsv", "path\tsource\n" + (tmp / "docs/a.txt") + "\tx\textra\n");
    Run r = run_hanidx("index --db " + sh_quote(tmp / "db") + " --meta " + sh_quote(tmp / "m.tsv") + " " +
                       sh_quote(tmp / "docs"));
    CHECK(r.status == 2);
    CHECK(r.err == "hanidx: " + (tmp / "m.tsv") + ":2: 3 columns, the header has 2\n");
    Run missing = run_hanidx("index --db " + sh_quote(tmp / "db") + " --meta " + sh_quote(tmp / "none.tsv") + " " +
                             sh_quote(tmp / "docs"));
    CHECK(missing.status == 2);
    CHECK(missing.err == "hanidx: " + (tmp / "none.tsv") + ": No such file or directory\n");
}
