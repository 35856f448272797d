// Lexicon-and-rules sentiment, in the spirit of VADER (Hutto & Gilbert 2014),
// for French and English: word valences, boosters and dampeners, negation
// (including French "ne ... pas" and "j'aime pas"), contrast ("mais", "but"),
// capitals, elongation, exclamation marks, emoji and emoticons, idioms
// ("pas mal", "pas terrible") and cheap irony markers.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "text/lexicons.h"
#include "tribu/text/analysis.h"
#include "tribu/text/tokenizer.h"

namespace tribu::text {

struct LexiconScore {
  double positive = 0;  // sum of positive valences after rules
  double negative = 0;  // sum of negative valences (<= 0)
  double compound = 0;  // -1..1
  int negations = 0;
  int polar_words = 0;
  bool irony = false;
  // Per token: true when the token sits in the scope of a negation.
  std::vector<bool> negated;
  std::vector<std::size_t> main;    // scratch: indices of the main tokens
  std::vector<std::uint8_t> roles;  // scratch: function-word roles of main tokens
};

// Roles of function words, as WordInfo::roles holds them.
enum Role : std::uint8_t {
  kRoleNegator = 1,
  kRoleBooster = 2,
  kRoleDampener = 4,
  kRoleContrast = 8,
  kRoleSubject = 16,
};

// The negations, boosters, dampeners, contrasts and subject pronouns the rules
// know, for Lexicons to index.
std::span<const FunctionWord> FunctionWords();

// A word's roles: its entry's, plus negation for English "n't" forms.
std::uint8_t Roles(const WordInfo* info, std::string_view folded);

// info[i] is lexicons.Find(norm of token i) for words, numbers and emoticons,
// nullptr otherwise (Analyzer looks each token up once for all the scorers).
void ScoreLexicon(const Lexicons& lexicons, const TokenizedText& tokens,
                  std::span<const WordInfo* const> info, std::string_view lang, LexiconScore* out);

Sentiment ToSentiment(const LexiconScore& score);

}  // namespace tribu::text
