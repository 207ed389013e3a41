// Japanese word segmentation with MeCab and IPADIC; see mecab_backend.hpp.
#include "mecab_backend.hpp"

#ifdef HANIDX_HAVE_MECAB
#include <mecab.h>
#include <unistd.h>

#include <deque>
#include <string>

#include "dynlib.hpp"
#endif

namespace hanidx::detail {

#ifdef HANIDX_HAVE_MECAB

bool mecab_built_in() { return true; }

namespace {

// One morpheme: its byte range in the text and the first part-of-speech fields.
struct Morph {
    int32_t begin, end;
    std::string_view pos1, pos2, pos3;
    std::string_view surface;
};

// Field @p n (0-based) of IPADIC's comma-separated feature string.
std::string_view field(std::string_view feature, int n) {
    for (; n > 0; --n) {
        std::size_t comma = feature.find(',');
        if (comma == std::string_view::npos) return {};
        feature.remove_prefix(comma + 1);
    }
    return feature.substr(0, feature.find(','));
}

// libmecab is loaded the first time Japanese is segmented (dynlib.hpp); the
// rest of its C++ interface is virtual, so MeCab::createModel is the one
// symbol looked up.
constexpr const char* mecab_soname = "libmecab.so.2";
using CreateModel = MeCab::Model* (*)(const char*);

// Where Debian's mecab-ipadic-utf8 puts the compiled dictionary.
constexpr const char* ipadic_dirs[] = {"/var/lib/mecab/dic/ipadic-utf8",
                                       "/usr/lib/x86_64-linux-gnu/mecab/dic/ipadic-utf8",
                                       "/usr/lib/mecab/dic/ipadic-utf8"};

}  // namespace

struct Mecab::Impl {
    MeCab::Model* model = nullptr;
    MeCab::Tagger* tagger = nullptr;
    MeCab::Lattice* lattice = nullptr;

    ~Impl() {
        delete lattice;
        delete tagger;
        delete model;
    }

    // Morphemes of text[begin, end), offsets relative to text.
    void parse(std::string_view text, int32_t begin, int32_t end, std::vector<Morph>& out,
               std::deque<std::string>& keep) {
        lattice->set_sentence(text.data() + begin, static_cast<std::size_t>(end - begin));
        if (!tagger->parse(lattice)) return;
        const char* base = text.data();
        for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next) {
            if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || n->length == 0) continue;
            keep.emplace_back(n->feature);
            std::string_view f = keep.back();
            Morph m;
            m.begin = static_cast<int32_t>(n->surface - base);
            m.end = m.begin + static_cast<int32_t>(n->length);
            m.pos1 = field(f, 0);
            m.pos2 = field(f, 1);
            m.pos3 = field(f, 2);
            m.surface = text.substr(m.begin, n->length);
            out.push_back(m);
        }
    }
};

std::unique_ptr<Mecab> Mecab::open() {
#ifdef HANIDX_MECAB_STATIC
    const CreateModel create_model = &MeCab::createModel;  // linked in (lib/CMakeLists.txt)
#else
    void* lib = load_library(mecab_soname);
    if (!lib) return nullptr;  // as if MeCab were not installed: ICU segments Japanese
    static const auto create_model = library_symbol<CreateModel>(lib, mecab_soname, "_ZN5MeCab11createModelEPKc");
#endif
    for (const char* dir : ipadic_dirs) {
        if (::access((std::string(dir) + "/sys.dic").c_str(), R_OK) != 0) continue;
        auto impl = std::make_unique<Impl>();
        // -r /dev/null: ignore any mecabrc, whose dictionary may not be IPADIC.
        const std::string args = std::string("-r /dev/null -d ") + dir;
        impl->model = create_model(args.c_str());
        if (!impl->model) continue;
        impl->tagger = impl->model->createTagger();
        impl->lattice = impl->model->createLattice();
        if (!impl->tagger || !impl->lattice) continue;
        return std::unique_ptr<Mecab>(new Mecab(std::move(impl)));
    }
    return nullptr;
}

void Mecab::split(std::string_view text, std::vector<int32_t>& cuts) {
    std::deque<std::string> keep;  // feature strings; views into them stay valid
    std::vector<Morph> ms;
    impl_->parse(text, 0, static_cast<int32_t>(text.size()), ms, keep);

    std::vector<Morph> words;
    words.reserve(ms.size() + 8);
    for (const Morph& m : ms) {
        // IPADIC's multiword particles (助詞 連語: として, について, による,
        // に対して ...) are a particle followed by a verb form; short-unit
        // segmentation splits them: と|し|て, に|つい|て.
        if (m.pos1 == "助詞" && (m.pos2 == "連語" || m.pos3 == "連語") && m.end - m.begin > 3) {
            words.push_back({m.begin, m.begin + 3, "助詞", "", "", m.surface.substr(0, 3)});
            std::vector<Morph> rest;
            impl_->parse(text, m.begin + 3, m.end, rest, keep);  // offsets relative to text
            words.insert(words.end(), rest.begin(), rest.end());
            continue;
        }
        // Two-particle sequences that IPADIC lists as one particle.
        if (m.pos1 == "助詞" &&
            (m.surface == "ので" || m.surface == "でも" || m.surface == "とも" || m.surface == "かも")) {
            words.push_back({m.begin, m.begin + 3, "助詞", "", "", m.surface.substr(0, 3)});
            words.push_back({m.begin + 3, m.end, "助詞", "", "", m.surface.substr(3)});
            continue;
        }
        // The volitional/conjectural auxiliary う is part of the conjugated
        // form before it in short units (でしょう, だろう, 行こう).
        if (m.pos1 == "助動詞" && m.surface == "う" && !words.empty() && words.back().end == m.begin &&
            (words.back().pos1 == "助動詞" || words.back().pos1 == "動詞" ||
             words.back().pos1 == "形容詞")) {
            words.back().end = m.end;
            continue;
        }
        words.push_back(m);
    }
    for (const Morph& w : words)
        if (w.begin > 0 && w.begin < static_cast<int32_t>(text.size())) cuts.push_back(w.begin);
}

Mecab::Mecab(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

#else  // built without MeCab

bool mecab_built_in() { return false; }

struct Mecab::Impl {};

std::unique_ptr<Mecab> Mecab::open() { return nullptr; }

void Mecab::split(std::string_view, std::vector<int32_t>&) {}

Mecab::Mecab(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

#endif

Mecab::~Mecab() = default;

}  // namespace hanidx::detail
