// Fuzz target: meta files (meta.hpp). Any bytes give records or a one-line
// error naming the file and line; records hold valid names and UTF-8 values.
#include "fuzz.hpp"
#include "hanidx/meta.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace hanidx;
    auto r = parse_meta(fuzz::bytes(data, size), "meta.tsv");
    if (!r) {
        fuzz::require(r.error().starts_with("meta.tsv:"), "parse_meta() error does not name the file");
        fuzz::require(r.error().find('\n') == std::string::npos, "parse_meta() error is not one line");
        return 0;
    }
    MetaTable table;
    table.add(*r, [](std::string_view k) { return std::string(k); });
    for (const MetaRecord& rec : *r) {
        fuzz::require(!rec.key.empty(), "parse_meta() record without a key");
        for (const auto& [name, value] : rec.fields) {
            fuzz::require(valid_field_name(name), "parse_meta() invalid field name");
            fuzz::require(fuzz::valid_utf8(value) && !value.empty(), "parse_meta() value not UTF-8 or empty");
        }
        Analysis a;
        table.apply(rec.key, a);
        fuzz::require(fuzz::valid_utf8(a.date), "applied date is not UTF-8");
    }
    return 0;
}
