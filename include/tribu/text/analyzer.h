// The text analysis of a post in one call: tokenize, detect the language,
// score sentiment and risk.
//
//   auto analyzer = Analyzer::Create({});          // loads lexicons and model
//   AnalysisScratch scratch;                      // one per thread
//   Analysis a = (*analyzer)->Analyze(text, "", &scratch);
//   scratch.tokens()                              // the tokens, for matching
//
// Analyzer is immutable once created and safe to share between threads; each
// thread brings its own AnalysisScratch, which keeps buffers and caches warm.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/text/analysis.h"
#include "tribu/text/folder.h"
#include "tribu/text/tokenizer.h"

namespace tribu::text {

enum class SentimentMethod {
  kLexicon,  // lexicon and rules (VADER-like); no training data involved
  kModel,    // linear model over words and lexicon features (the default)
};

Result<SentimentMethod> ParseSentimentMethod(std::string_view name);  // "lexicon", "model"

struct AnalyzerOptions {
  SentimentMethod sentiment = SentimentMethod::kModel;
  // A model file written by `tribu train sentiment`; empty uses the model
  // built into tribu (resources/models/sentiment.tsv).
  std::string model_text;
  // Adds a "toxicity" risk signal from a model trained on offensive English
  // tweets (resources/models/toxicity.tsv, or toxicity_model_text).
  bool toxicity = true;
  std::string toxicity_model_text;
};

// A post counts as toxic from this probability on.
inline constexpr double kToxicityThreshold = 0.5;

// The classes of the two models, in their order.
const std::vector<std::string>& SentimentClasses();  // negative, neutral, positive
const std::vector<std::string>& ToxicityClasses();   // not-toxic, toxic

class LinearModel;
class Lexicons;
class RiskMatcher;

// Per-thread state for Analyze: buffers, stemmers and their caches.
class AnalysisScratch {
 public:
  AnalysisScratch();
  ~AnalysisScratch();
  AnalysisScratch(const AnalysisScratch&) = delete;
  AnalysisScratch& operator=(const AnalysisScratch&) = delete;

  // The tokens of the last analysed text; they point into that text.
  const TokenizedText& tokens() const { return tokens_; }

 private:
  friend class Analyzer;
  struct Impl;
  TokenizedText tokens_;
  std::unique_ptr<Impl> impl_;
};

class Analyzer {
 public:
  // Fails (kInvalidArgument) when a model text given in options is not a
  // valid model with the right classes.
  static Result<std::unique_ptr<Analyzer>> Create(AnalyzerOptions options);
  ~Analyzer();

  // lang_hint: the language the source declared ("fr"), or empty. It is used
  // when detection says "und" on a short text, and ignored otherwise.
  Analysis Analyze(std::string_view text, std::string_view lang_hint,
                   AnalysisScratch* scratch) const;

  const Folder& folder() const { return folder_; }
  // Whether a folded word carries no subject of its own: a stop word ("le",
  // "the") of the language ("fr", "en"; anything else: of either), or a word
  // the sentiment rules use (negations, intensifiers: "pas", "plus", "very").
  bool IsFillerWord(std::string_view lang, std::string_view folded) const;
  const Tokenizer& tokenizer() const { return tokenizer_; }
  SentimentMethod method() const { return options_.sentiment; }

  // For training: the model features of the text last analysed in scratch;
  // that text must still be alive (the tokens point into it).
  // Used by `tribu train sentiment`, so training sees what prediction sees.
  void Features(const Analysis& analysis, AnalysisScratch* scratch,
                std::vector<std::pair<std::uint32_t, float>>* out) const;

 private:
  Analyzer(AnalyzerOptions options, std::unique_ptr<LinearModel> sentiment,
           std::unique_ptr<LinearModel> toxicity);
  RiskSignal ToxicitySignal(double probability, const AnalysisScratch& scratch) const;

  AnalyzerOptions options_;
  Folder folder_;
  Tokenizer tokenizer_;
  std::unique_ptr<Lexicons> lexicons_;
  std::unique_ptr<RiskMatcher> risk_;
  std::unique_ptr<LinearModel> sentiment_model_;
  std::unique_ptr<LinearModel> toxicity_model_;
};

}  // namespace tribu::text
