// Risk signals: insults, profanity, threats (violent or legal), crisis
// vocabulary and churn intent, each with the words that fired.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "text/lexicons.h"
#include "tribu/text/analysis.h"
#include "tribu/text/tokenizer.h"

namespace tribu::text {

// Index of the single-word prefix phrases by first byte, built once.
// Sorts the signals, strongest first, and returns the overall risk 0..1: the
// strongest signal, raised halfway towards the noisy-or of all of them.
double CombineRisk(std::vector<RiskSignal>* signals);

class RiskMatcher {
 public:
  // Indexes the lexicons' prefix phrases; keeps no reference to them.
  explicit RiskMatcher(const Lexicons& lexicons);

  // Replaces *signals with what the lexicons find. info: as for ScoreLexicon;
  // words: scratch space. Returns CombineRisk(signals).
  double Score(const TokenizedText& tokens, std::span<const WordInfo* const> info,
               std::vector<RiskSignal>* signals, std::vector<std::size_t>* words) const;

 private:
  std::array<std::vector<const RiskPhrase*>, 256> prefixes_by_byte_;
};

}  // namespace tribu::text
