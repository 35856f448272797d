#include "text/lexicons.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "tribu/text/tokenizer.h"

namespace tribu::text {
namespace {

float ParseFloat(std::string_view s) {
  float value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    throw std::logic_error("embedded lexicon has a bad number: " + std::string(s));
  }
  return value;
}

std::string_view Required(std::string_view name) {
  const std::string_view data = EmbeddedData(name);
  if (data.empty()) throw std::logic_error("embedded lexicon missing: " + std::string(name));
  return data;
}

void LoadValences(const Folder& folder, std::string_view name, StringMap<float>* out) {
  ForEachTsvRow(Required(name), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    // The folded form may collide ("pâle" and "pale"); keep the strongest.
    const float v = ParseFloat(f[1]);
    auto [it, inserted] = out->try_emplace(folder.Fold(f[0]), v);
    if (!inserted && std::abs(v) > std::abs(it->second)) it->second = v;
  });
}

void LoadSet(const Folder& folder, std::string_view name, StringSet* out) {
  ForEachTsvRow(Required(name),
                [&](const std::vector<std::string_view>& f) { out->insert(folder.Fold(f[0])); });
}

}  // namespace

Lexicons::Lexicons(const Folder& folder) {
  LoadValences(folder, "sentiment-en.tsv", &english_);
  LoadValences(folder, "sentiment-fr.tsv", &french_);
  // Hand-written colloquial French overrides Pattern where both have a word.
  ForEachTsvRow(Required("sentiment-fr-extra.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() >= 2) french_[folder.Fold(f[0])] = ParseFloat(f[1]);
  });
  ForEachTsvRow(Required("emoji.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() >= 2) emoji_.emplace(std::string(f[0]), ParseFloat(f[1]));
  });
  LoadSet(folder, "stopwords-en.tsv", &stop_en_);
  LoadSet(folder, "stopwords-fr.tsv", &stop_fr_);
  LoadSet(folder, "profanity-en.tsv", &profane_);
  LoadSet(folder, "profanity-fr.tsv", &profane_);

  // Risk phrases are tokenized like posts, so "qu'il" or "e-mail" split alike.
  const Tokenizer tokenizer(folder);
  TokenizedText tokens;
  ForEachTsvRow(Required("risk.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) throw std::logic_error("risk.tsv: a row needs signal, phrase, weight");
    RiskPhrase phrase;
    phrase.signal = std::string(f[0]);
    phrase.weight = ParseFloat(f[2]);
    std::string_view text = f[1];
    if (!text.empty() && text.back() == '*') {
      phrase.prefix = true;
      text.remove_suffix(1);
    }
    tokenizer.Tokenize(text, &tokens);
    for (const Token& t : tokens.tokens) {
      if (!t.Has(token_flags::kVariant)) phrase.words.emplace_back(tokens.Norm(t));
    }
    if (phrase.words.empty()) return;
    if (phrase.prefix && phrase.words.size() == 1) {
      risk_prefixes_.push_back(std::move(phrase));
    } else {
      risk_phrases_.push_back(std::move(phrase));
    }
  });
  for (const RiskPhrase& p : risk_phrases_) risk_by_first_[p.words.front()].push_back(&p);
}

std::optional<float> Lexicons::Valence(std::string_view lang, std::string_view folded) const {
  auto find = [&](const StringMap<float>& map) -> std::optional<float> {
    const auto it = map.find(folded);
    if (it == map.end()) return std::nullopt;
    return it->second;
  };
  if (lang == "fr") return find(french_);
  if (lang == "en") return find(english_);
  if (auto v = find(english_)) return v;
  return find(french_);
}

std::optional<float> Lexicons::EmojiValence(std::string_view emoji) const {
  const auto it = emoji_.find(emoji);
  if (it == emoji_.end()) return std::nullopt;
  return it->second;
}

bool Lexicons::IsStopWord(std::string_view lang, std::string_view folded) const {
  if (lang == "fr") return stop_fr_.contains(folded);
  if (lang == "en") return stop_en_.contains(folded);
  return stop_en_.contains(folded) || stop_fr_.contains(folded);
}

bool Lexicons::IsProfane(std::string_view folded) const { return profane_.contains(folded); }

const std::vector<const RiskPhrase*>* Lexicons::RiskPhrasesStartingWith(
    std::string_view word) const {
  const auto it = risk_by_first_.find(word);
  return it == risk_by_first_.end() ? nullptr : &it->second;
}

}  // namespace tribu::text
