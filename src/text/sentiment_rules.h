// Lexicon-and-rules sentiment, in the spirit of VADER (Hutto & Gilbert 2014),
// for French and English: word valences, boosters and dampeners, negation
// (including French "ne ... pas" and "j'aime pas"), contrast ("mais", "but"),
// capitals, elongation, exclamation marks, emoji and emoticons, idioms
// ("pas mal", "pas terrible") and cheap irony markers.
#pragma once

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

void ScoreLexicon(const Lexicons& lexicons, const TokenizedText& tokens, std::string_view lang,
                  LexiconScore* out);

Sentiment ToSentiment(const LexiconScore& score);

bool IsNegator(std::string_view folded);

}  // namespace tribu::text
