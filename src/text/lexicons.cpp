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

void LoadValences(const Folder& folder, std::string_view name, StringMap<WordInfo>* words,
                  std::optional<float> WordInfo::*field) {
  ForEachTsvRow(Required(name), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    // The folded form may collide ("pâle" and "pale"); keep the strongest.
    const float v = ParseFloat(f[1]);
    std::optional<float>& slot = (*words)[folder.Fold(f[0])].*field;
    if (!slot || std::abs(v) > std::abs(*slot)) slot = v;
  });
}

void LoadFlag(const Folder& folder, std::string_view name, StringMap<WordInfo>* words,
              bool WordInfo::*field) {
  ForEachTsvRow(Required(name), [&](const std::vector<std::string_view>& f) {
    (*words)[folder.Fold(f[0])].*field = true;
  });
}

}  // namespace

Lexicons::Lexicons(const Folder& folder, std::span<const FunctionWord> function_words) {
  LoadValences(folder, "sentiment-en.tsv", &words_, &WordInfo::english);
  LoadValences(folder, "sentiment-fr.tsv", &words_, &WordInfo::french);
  // Hand-written colloquial French overrides Pattern where both have a word.
  ForEachTsvRow(Required("sentiment-fr-extra.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() >= 2) words_[folder.Fold(f[0])].french = ParseFloat(f[1]);
  });
  ForEachTsvRow(Required("emoji.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() >= 2) emoji_.emplace(std::string(f[0]), ParseFloat(f[1]));
  });
  LoadFlag(folder, "stopwords-en.tsv", &words_, &WordInfo::stop_en);
  LoadFlag(folder, "stopwords-fr.tsv", &words_, &WordInfo::stop_fr);
  LoadFlag(folder, "profanity-en.tsv", &words_, &WordInfo::profane);
  LoadFlag(folder, "profanity-fr.tsv", &words_, &WordInfo::profane);
  for (const FunctionWord& w : function_words) words_[std::string(w.word)].roles |= w.roles;

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
  for (const RiskPhrase& p : risk_phrases_) words_[p.words.front()].risk.push_back(&p);
}

std::optional<float> Lexicons::Valence(std::string_view lang, std::string_view folded) const {
  const WordInfo* info = Find(folded);
  return info == nullptr ? std::nullopt : info->Valence(lang);
}

std::optional<float> Lexicons::EmojiValence(std::string_view emoji) const {
  const auto it = emoji_.find(emoji);
  if (it == emoji_.end()) return std::nullopt;
  return it->second;
}

bool Lexicons::IsStopWord(std::string_view lang, std::string_view folded) const {
  const WordInfo* info = Find(folded);
  return info != nullptr && info->IsStopWord(lang);
}

bool Lexicons::IsProfane(std::string_view folded) const {
  const WordInfo* info = Find(folded);
  return info != nullptr && info->profane;
}

const std::vector<const RiskPhrase*>* Lexicons::RiskPhrasesStartingWith(
    std::string_view word) const {
  const WordInfo* info = Find(word);
  return info == nullptr || info->risk.empty() ? nullptr : &info->risk;
}

}  // namespace tribu::text
