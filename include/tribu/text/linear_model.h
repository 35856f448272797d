// Linear classifiers (multinomial logistic regression) over hashed features:
// stemmed words and word pairs (marked when negated), emoji, hashtags, and the
// lexicon scorer's figures (see Analyzer::Features). tribu ships two, built by
// scripts/train-models with `tribu train`: sentiment (negative, neutral,
// positive) and toxicity (not-offensive, offensive; English).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tribu/core/result.h"

namespace tribu::text {

inline constexpr int kFeatureBits = 18;
inline constexpr std::uint32_t kFeatureCount = 1U << kFeatureBits;
inline constexpr int kMaxClasses = 4;

using Feature = std::pair<std::uint32_t, float>;  // hashed index, value

// Index of a feature named by a kind tag and up to two strings.
std::uint32_t FeatureIndex(std::string_view kind, std::string_view a, std::string_view b = {});

// Class probabilities, in the model's class order; only the first size() count.
struct Probabilities {
  std::array<double, kMaxClasses> p{};
  int size = 0;
  int Best() const;
};

struct TrainingOptions {
  int epochs = 5;
  double learning_rate = 0.1;  // AdaGrad
  double l2 = 1e-4;            // per example
  std::uint64_t seed = 42;     // shuffling; same seed, same model
};

struct TrainingExample {
  std::vector<Feature> features;
  int label = 0;  // index into the classes
};

// Immutable once built; thread-safe.
class LinearModel {
 public:
  // 2..kMaxClasses class names.
  explicit LinearModel(std::vector<std::string> classes);

  // Parses the text format written by Serialize; errors name the line. When
  // `expected_classes` is not empty, the model must have exactly those.
  static Result<std::unique_ptr<LinearModel>> Parse(
      std::string_view text, const std::vector<std::string>& expected_classes = {});

  Probabilities Predict(const std::vector<Feature>& features) const;

  // The weight of a feature towards a class (for explanations).
  float Weight(std::uint32_t feature, int cls) const {
    return weights_[static_cast<std::size_t>(feature) * classes_.size() +
                    static_cast<std::size_t>(cls)];
  }

  // Text format: a header with the classes, the biases, then one line per
  // feature with a weight of note.
  std::string Serialize(std::string_view description) const;

  const std::vector<std::string>& classes() const { return classes_; }
  int ClassIndex(std::string_view name) const;  // -1 if absent

 private:
  friend LinearModel TrainLinearModel(const std::vector<TrainingExample>& examples,
                                      std::vector<std::string> classes,
                                      const TrainingOptions& options);
  std::vector<std::string> classes_;
  std::vector<float> bias_;
  std::vector<float> weights_;  // kFeatureCount x classes, row-major
};

// Deterministic for given examples and options.
LinearModel TrainLinearModel(const std::vector<TrainingExample>& examples,
                             std::vector<std::string> classes, const TrainingOptions& options);

}  // namespace tribu::text
