// Snowball stemming (libstemmer) for French and English, with a cache: social
// text repeats the same words, and a cached stem costs one hash lookup.
// Not thread-safe: use one Stemmer per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tribu::text {

class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // Stem of a folded word in "fr" or "en"; other languages, and words that are
  // not plain letters, are returned unchanged. The view stays valid until the
  // next call.
  std::string_view Stem(std::string_view lang, std::string_view folded);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tribu::text
