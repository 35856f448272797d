// The word lists and valences tribu ships (resources/lexicons/*.tsv, embedded at
// build time), keyed by folded form. Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tribu/text/folder.h"

namespace tribu::text {

// Hash and equality that accept std::string_view for lookups in std::string maps.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Embedded data file by name ("sentiment-en.tsv"); empty if absent.
std::string_view EmbeddedData(std::string_view name);

struct RiskPhrase {
  std::string signal;              // "insult", "threat", "crisis", "churn"
  std::vector<std::string> words;  // folded; the last may be a prefix
  bool prefix = false;             // last word is a prefix ("idiot*")
  float weight = 0;
};

// A function word and its roles in the sentiment rules (see sentiment_rules.h).
struct FunctionWord {
  std::string_view word;
  std::uint8_t roles;
};

// Everything the lexicons know of one folded word, found with one lookup.
struct WordInfo {
  std::optional<float> english;  // valence -4..4
  std::optional<float> french;
  bool stop_en = false;
  bool stop_fr = false;
  bool profane = false;
  std::uint8_t roles = 0;               // FunctionWord roles
  std::vector<const RiskPhrase*> risk;  // risk phrases starting with this word

  std::optional<float> Valence(std::string_view lang) const {
    if (lang == "fr") return french;
    if (lang == "en") return english;
    return english ? english : french;
  }
  bool IsStopWord(std::string_view lang) const {
    if (lang == "fr") return stop_fr;
    if (lang == "en") return stop_en;
    return stop_en || stop_fr;
  }
};

class Lexicons {
 public:
  Lexicons(const Folder& folder, std::span<const FunctionWord> function_words);

  // The word's entry, or nullptr for a word no list knows (most words).
  const WordInfo* Find(std::string_view folded) const {
    const auto it = words_.find(folded);
    return it == words_.end() ? nullptr : &it->second;
  }

  // Valence -4..4 of a folded word, emoticon or emoji in a language ("en", "fr";
  // anything else looks in both, English first).
  std::optional<float> Valence(std::string_view lang, std::string_view folded) const;
  std::optional<float> EmojiValence(std::string_view emoji) const;
  bool IsStopWord(std::string_view lang, std::string_view folded) const;
  bool IsProfane(std::string_view folded) const;

  // Risk phrases by their first word; prefix phrases of one word apart.
  const std::vector<const RiskPhrase*>* RiskPhrasesStartingWith(std::string_view word) const;
  const std::vector<RiskPhrase>& RiskPrefixes() const { return risk_prefixes_; }

 private:
  StringMap<WordInfo> words_;
  StringMap<float> emoji_;
  std::vector<RiskPhrase> risk_phrases_;
  std::vector<RiskPhrase> risk_prefixes_;
};

// Calls fn(fields) for each non-comment, non-empty line of a TSV text.
template <typename Fn>
void ForEachTsvRow(std::string_view data, Fn&& fn) {
  while (!data.empty()) {
    const std::size_t eol = data.find('\n');
    std::string_view line = data.substr(0, eol);
    data = eol == std::string_view::npos ? std::string_view{} : data.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    while (true) {
      const std::size_t tab = line.find('\t');
      fields.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    fn(fields);
  }
}

}  // namespace tribu::text
