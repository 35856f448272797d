#include "tribu/text/sentiment_model.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <random>

#include "text/lexicons.h"

namespace tribu::text {
namespace {

constexpr std::string_view kMagic = "tribu-sentiment-model 1";
constexpr float kPruneBelow = 0.02F;

std::uint64_t Fnv1a(std::uint64_t h, std::string_view s) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::array<double, kClassCount> Softmax(std::array<double, kClassCount> z) {
  double top = z[0];
  for (double v : z) top = std::max(top, v);
  double sum = 0;
  for (double& v : z) {
    v = std::exp(v - top);
    sum += v;
  }
  for (double& v : z) v /= sum;
  return z;
}

Result<float> ParseWeight(std::string_view s, std::size_t line) {
  float value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("sentiment model line {}: '{}' is not a number", line, s));
  }
  return value;
}

}  // namespace

std::uint32_t FeatureIndex(std::string_view kind, std::string_view a, std::string_view b) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  h = Fnv1a(h, kind);
  h = Fnv1a(h, "\x1f");
  h = Fnv1a(h, a);
  if (!b.empty()) {
    h = Fnv1a(h, "\x1f");
    h = Fnv1a(h, b);
  }
  return static_cast<std::uint32_t>((h ^ (h >> 32)) & (kFeatureCount - 1));
}

Result<std::unique_ptr<SentimentModel>> SentimentModel::Parse(std::string_view text) {
  auto model = std::make_unique<SentimentModel>();
  std::size_t line_no = 0;
  bool seen_magic = false;
  bool seen_bias = false;
  Status status;
  ForEachTsvRow(text, [&](const std::vector<std::string_view>& f) {
    ++line_no;
    if (!status) return;
    if (!seen_magic) {
      seen_magic = f[0] == kMagic;
      if (!seen_magic) {
        status =
            Fail(ErrorCode::kInvalidArgument,
                 fmt::format("not a tribu sentiment model (first line should be '{}')", kMagic));
      }
      return;
    }
    if (f.size() != 1 + kClassCount) {
      status = Fail(ErrorCode::kInvalidArgument,
                    fmt::format("sentiment model row {}: expected {} tab-separated fields, got {}",
                                line_no, 1 + kClassCount, f.size()));
      return;
    }
    std::array<float, kClassCount>* target = nullptr;
    if (f[0] == "bias") {
      target = &model->bias;
      seen_bias = true;
    } else {
      std::uint32_t index = 0;
      const auto [ptr, ec] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), index);
      if (ec != std::errc() || ptr != f[0].data() + f[0].size() || index >= kFeatureCount) {
        status = Fail(ErrorCode::kInvalidArgument,
                      fmt::format("sentiment model row {}: bad feature index '{}'", line_no, f[0]));
        return;
      }
      target = &model->weights[index];
    }
    for (int c = 0; c < kClassCount; ++c) {
      auto w = ParseWeight(f[1 + c], line_no);
      if (!w) {
        status = std::unexpected(w.error());
        return;
      }
      (*target)[c] = *w;
    }
  });
  if (!status) return std::unexpected(status.error());
  if (!seen_magic || !seen_bias) {
    return Fail(ErrorCode::kInvalidArgument, "sentiment model is empty or has no bias row");
  }
  return model;
}

std::array<double, kClassCount> SentimentModel::Probabilities(
    const std::vector<Feature>& features) const {
  std::array<double, kClassCount> z{};
  for (int c = 0; c < kClassCount; ++c) z[c] = bias[c];
  for (const auto& [index, value] : features) {
    const auto& w = weights[index];
    for (int c = 0; c < kClassCount; ++c) z[c] += w[c] * value;
  }
  return Softmax(z);
}

Sentiment SentimentModel::Predict(const std::vector<Feature>& features) const {
  const auto p = Probabilities(features);
  Sentiment s;
  s.score = p[2] - p[0];
  int best = 0;
  for (int c = 1; c < kClassCount; ++c) {
    if (p[c] > p[best]) best = c;
  }
  s.label = static_cast<SentimentLabel>(best);
  return s;
}

std::string SentimentModel::Serialize(std::string_view description) const {
  std::string out;
  out += fmt::format(
      "{}\n# {}\n# columns: feature index, then weights for negative, neutral, positive\n", kMagic,
      description);
  out += fmt::format("bias\t{:.4g}\t{:.4g}\t{:.4g}\n", bias[0], bias[1], bias[2]);
  for (std::uint32_t i = 0; i < kFeatureCount; ++i) {
    const auto& w = weights[i];
    // Weights this small change no prediction measurably; leaving them out keeps
    // the model file small.
    if (std::abs(w[0]) < kPruneBelow && std::abs(w[1]) < kPruneBelow &&
        std::abs(w[2]) < kPruneBelow) {
      continue;
    }
    out += fmt::format("{}\t{:.3g}\t{:.3g}\t{:.3g}\n", i, w[0], w[1], w[2]);
  }
  return out;
}

SentimentModel TrainSentimentModel(const std::vector<TrainingExample>& examples,
                                   const TrainingOptions& options) {
  SentimentModel model;
  std::vector<std::array<double, kClassCount>> w(kFeatureCount);
  std::vector<std::array<double, kClassCount>> g2(kFeatureCount);
  std::array<double, kClassCount> b{};
  std::array<double, kClassCount> bg2{};
  std::vector<std::size_t> order(examples.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  constexpr double kEps = 1e-8;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    // Fisher-Yates with our own draws, so the order is the same on every libstdc++.
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (const std::size_t idx : order) {
      const TrainingExample& ex = examples[idx];
      std::array<double, kClassCount> z = b;
      for (const auto& [f, v] : ex.features) {
        for (int c = 0; c < kClassCount; ++c) z[c] += w[f][c] * v;
      }
      const auto p = Softmax(z);
      for (int c = 0; c < kClassCount; ++c) {
        const double err = p[c] - (static_cast<int>(ex.label) == c ? 1.0 : 0.0);
        bg2[c] += err * err;
        b[c] -= options.learning_rate * err / std::sqrt(bg2[c] + kEps);
        for (const auto& [f, v] : ex.features) {
          const double grad = err * v + options.l2 * w[f][c];
          g2[f][c] += grad * grad;
          w[f][c] -= options.learning_rate * grad / std::sqrt(g2[f][c] + kEps);
        }
      }
    }
  }
  for (int c = 0; c < kClassCount; ++c) model.bias[c] = static_cast<float>(b[c]);
  for (std::uint32_t i = 0; i < kFeatureCount; ++i) {
    for (int c = 0; c < kClassCount; ++c) model.weights[i][c] = static_cast<float>(w[i][c]);
  }
  return model;
}

}  // namespace tribu::text
