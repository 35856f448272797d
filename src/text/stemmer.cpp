#include "tribu/text/stemmer.h"

#include <libstemmer.h>

#include <stdexcept>

#include "text/lexicons.h"

namespace tribu::text {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

StemmerPtr MakeStemmer(const char* algorithm) {
  StemmerPtr s(sb_stemmer_new(algorithm, "UTF_8"));
  if (!s) throw std::runtime_error(std::string("libstemmer has no ") + algorithm + " stemmer");
  return s;
}

// The cache is dropped when it grows past this many words (a crude but bounded
// policy: vocabularies are Zipfian, so it refills with the frequent words).
constexpr std::size_t kMaxCachedWords = 200'000;
constexpr std::size_t kMaxStemmedBytes = 64;

}  // namespace

struct Stemmer::Impl {
  StemmerPtr french = MakeStemmer("french");
  StemmerPtr english = MakeStemmer("english");
  StringMap<std::string> french_cache;
  StringMap<std::string> english_cache;
  std::string scratch;

  std::string_view Stem(sb_stemmer* stemmer, StringMap<std::string>* cache, std::string_view word) {
    if (auto it = cache->find(word); it != cache->end()) return it->second;
    if (cache->size() >= kMaxCachedWords) cache->clear();
    const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
    std::string stem = out == nullptr
                           ? std::string(word)
                           : std::string(reinterpret_cast<const char*>(out),
                                         static_cast<std::size_t>(sb_stemmer_length(stemmer)));
    return cache->emplace(std::string(word), std::move(stem)).first->second;
  }
};

Stemmer::Stemmer() : impl_(std::make_unique<Impl>()) {}
Stemmer::~Stemmer() = default;

std::string_view Stemmer::Stem(std::string_view lang, std::string_view folded) {
  if (folded.size() > kMaxStemmedBytes || folded.size() < 3) return folded;
  if (lang == "fr") return impl_->Stem(impl_->french.get(), &impl_->french_cache, folded);
  if (lang == "en") return impl_->Stem(impl_->english.get(), &impl_->english_cache, folded);
  return folded;
}

}  // namespace tribu::text
