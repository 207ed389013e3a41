// gen_word_rules: build-time dump of ICU's compiled word-break rules (the
// root locale's, as BreakIterator::createWordInstance loads them), which
// lib/src/segment.cpp embeds so that a process builds its word iterator
// from them directly instead of looking them up in ICU's resource bundles
// (measured: 70 -> 20 us, once per hanidx process). Run by lib/CMakeLists.txt
// against the ICU that hanidx links:
//   gen_word_rules OUTPUT.brk
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/rbbi.h>

#include <fstream>
#include <iostream>
#include <memory>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: gen_word_rules OUTPUT.brk\n";
        return 2;
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    auto* rules = dynamic_cast<icu::RuleBasedBreakIterator*>(words.get());
    if (U_FAILURE(status) || !rules) {
        std::cerr << "gen_word_rules: ICU has no word-break rules: " << u_errorName(status) << "\n";
        return 2;
    }
    uint32_t size = 0;
    const uint8_t* data = rules->getBinaryRules(size);
    std::ofstream out(argv[1], std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), size);
    if (!out) {
        std::cerr << "gen_word_rules: " << argv[1] << ": cannot write\n";
        return 2;
    }
    return 0;
}
