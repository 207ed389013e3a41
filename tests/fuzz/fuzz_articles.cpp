// Fuzz target: splitting multi-article files (articles.hpp). Any bytes, read
// as each layout: no crash, every string of every article valid UTF-8, the
// numbers 1, 2, 3, ... and the output bounded by the input.
#include "fuzz.hpp"
#include "hanidx/articles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    const std::string text = fuzz::utf8(data, size);
    (void)sniff_dump(fuzz::bytes(data, size), "x.jsonl");
    DumpOptions nested;
    nested.set_json_fields("title=a.b,body=a.c");
    for (DumpFormat f : {DumpFormat::JsonLines, DumpFormat::Docs, DumpFormat::Reuters, DumpFormat::Feed}) {
        std::size_t expected = 0, bytes = 0;
        auto check = [&](Article&& a) {
            fuzz::require(a.number == ++expected, "articles not numbered 1, 2, 3, ...");
            for (const std::string* s : {&a.text, &a.title, &a.date, &a.date_source, &a.error})
                fuzz::require(fuzz::valid_utf8(*s), "an article string is not valid UTF-8");
            fuzz::require(a.error.empty() || (a.text.empty() && a.title.empty()), "a malformed article has text");
            fuzz::require(a.text.empty() || a.title.empty() || a.text.starts_with(a.title),
                          "the text does not start with the title");
            fuzz::require(a.date.empty() || a.date.size() == 4 || a.date.size() == 7 || a.date.size() == 10,
                          "the date is not YYYY, YYYY-MM or YYYY-MM-DD");
            bytes += a.text.size() + a.title.size();
            for (auto& [k, v] : a.fields) {
                fuzz::require(fuzz::valid_utf8(k) && fuzz::valid_utf8(v), "a field is not valid UTF-8");
                fuzz::require(!k.empty() && k[0] >= 'a' && k[0] <= 'z', "a field name is not [a-z]...");
                bytes += k.size() + v.size();
            }
            return true;
        };
        const std::size_t n = split_articles(text, f, {}, check);
        fuzz::require(n == expected, "split_articles() miscounted");
        fuzz::require(n <= text.size(), "more articles than bytes");
        // Titles repeat in the text, fields are short: a few times the input at most.
        fuzz::require(bytes <= 4 * text.size() + 64, "output out of proportion to the input");
        if (f == DumpFormat::JsonLines) split_articles(text, f, nested, [](Article&&) { return true; });
    }
    fuzz::require(fuzz::valid_utf8(parse_field_date(text)), "parse_field_date() is not valid UTF-8");
    fuzz::require(fuzz::valid_utf8(date_from_url(text)), "date_from_url() is not valid UTF-8");
    return 0;
}
