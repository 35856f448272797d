// What tribu learns from the text of a post: its language, its sentiment and
// the risks it carries. Produced by Analyzer (analyzer.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/text/language.h"

namespace tribu::text {

enum class SentimentLabel { kNegative, kNeutral, kPositive };

std::string_view SentimentLabelName(SentimentLabel label);  // "negative", ...
Result<SentimentLabel> ParseSentimentLabel(std::string_view name);

struct Sentiment {
  double score = 0;  // -1 (most negative) .. 1 (most positive)
  SentimentLabel label = SentimentLabel::kNeutral;
};

// One kind of risk found in a text, with the words that fired.
struct RiskSignal {
  std::string name;                   // "insult", "profanity", "threat", "crisis", "churn"
  double score = 0;                   // 0..1
  std::vector<std::string> evidence;  // the phrases as written in the text
};

struct Analysis {
  LanguageGuess language;
  Sentiment sentiment;  // the configured method's verdict
  Sentiment lexicon;    // the lexicon-and-rules score, always computed
  std::vector<RiskSignal> risks;
  double risk = 0;  // 0..1: the strongest signal, raised when several agree
};

}  // namespace tribu::text
