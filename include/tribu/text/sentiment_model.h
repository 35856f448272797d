// A linear (multinomial logistic regression) sentiment model over hashed
// features: stemmed words and word pairs (marked when negated), emoji,
// hashtags, and the lexicon scorer's figures. Trained by `tribu train
// sentiment` (see TrainSentimentModel); the model built into tribu comes from
// scripts/train-sentiment.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/text/analysis.h"

namespace tribu::text {

inline constexpr int kFeatureBits = 18;
inline constexpr std::uint32_t kFeatureCount = 1U << kFeatureBits;
inline constexpr int kClassCount = 3;  // negative, neutral, positive

using Feature = std::pair<std::uint32_t, float>;  // hashed index, value

// Index of a feature named by a kind tag and up to two strings.
std::uint32_t FeatureIndex(std::string_view kind, std::string_view a, std::string_view b = {});

// Immutable once parsed; thread-safe.
class SentimentModel {
 public:
  // Parses the text format written by Serialize; errors name the line.
  static Result<std::unique_ptr<SentimentModel>> Parse(std::string_view text);

  std::array<double, kClassCount> Probabilities(const std::vector<Feature>& features) const;
  Sentiment Predict(const std::vector<Feature>& features) const;

  // Text format: a header, the biases, then one line per non-zero feature.
  std::string Serialize(std::string_view description) const;

  std::array<float, kClassCount> bias{};
  std::vector<std::array<float, kClassCount>> weights =
      std::vector<std::array<float, kClassCount>>(kFeatureCount);
};

struct TrainingOptions {
  int epochs = 30;
  double learning_rate = 0.1;  // AdaGrad
  double l2 = 1e-4;            // per example
  std::uint64_t seed = 42;     // shuffling; same seed, same model
};

struct TrainingExample {
  std::vector<Feature> features;
  SentimentLabel label;
};

// Deterministic for given examples and options.
SentimentModel TrainSentimentModel(const std::vector<TrainingExample>& examples,
                                   const TrainingOptions& options);

}  // namespace tribu::text
