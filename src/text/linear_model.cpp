#include "tribu/text/linear_model.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <random>
#include <stdexcept>

#include "text/lexicons.h"

namespace tribu::text {
namespace {

constexpr std::string_view kMagic = "tribu-linear-model 1";
// Weights this small change no prediction measurably; leaving them out keeps
// the model files small.
constexpr float kPruneBelow = 0.02F;

std::uint64_t Fnv1a(std::uint64_t h, std::string_view s) {
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

template <typename T>
void Softmax(T* z, int n) {
  T top = z[0];
  for (int i = 1; i < n; ++i) top = std::max(top, z[i]);
  T sum = 0;
  for (int i = 0; i < n; ++i) {
    z[i] = std::exp(z[i] - top);
    sum += z[i];
  }
  for (int i = 0; i < n; ++i) z[i] /= sum;
}

Result<float> ParseWeight(std::string_view s, std::size_t line) {
  float value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("model line {}: '{}' is not a number", line, s));
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

int Probabilities::Best() const {
  int best = 0;
  for (int c = 1; c < size; ++c) {
    if (p[static_cast<std::size_t>(c)] > p[static_cast<std::size_t>(best)]) best = c;
  }
  return best;
}

LinearModel::LinearModel(std::vector<std::string> classes) : classes_(std::move(classes)) {
  if (classes_.size() < 2 || classes_.size() > static_cast<std::size_t>(kMaxClasses)) {
    throw std::invalid_argument("a linear model needs 2 to 4 classes");
  }
  bias_.assign(classes_.size(), 0);
  weights_.assign(static_cast<std::size_t>(kFeatureCount) * classes_.size(), 0);
}

int LinearModel::ClassIndex(std::string_view name) const {
  for (std::size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<std::unique_ptr<LinearModel>> LinearModel::Parse(
    std::string_view text, const std::vector<std::string>& expected_classes) {
  std::unique_ptr<LinearModel> model;
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
        status = Fail(ErrorCode::kInvalidArgument,
                      fmt::format("not a tribu model (first line should be '{}')", kMagic));
      }
      return;
    }
    if (model == nullptr) {
      if (f[0] != "classes" || f.size() < 3 || f.size() > 1 + kMaxClasses) {
        status = Fail(ErrorCode::kInvalidArgument,
                      fmt::format("model row {}: expected 'classes' and 2 to {} names", line_no,
                                  kMaxClasses));
        return;
      }
      std::vector<std::string> classes(f.begin() + 1, f.end());
      if (!expected_classes.empty() && classes != expected_classes) {
        std::string want;
        for (const auto& c : expected_classes) want += (want.empty() ? "" : ", ") + c;
        status = Fail(ErrorCode::kInvalidArgument,
                      fmt::format("model row {}: this model's classes are not {}", line_no, want));
        return;
      }
      model = std::make_unique<LinearModel>(std::move(classes));
      return;
    }
    const std::size_t n = model->classes_.size();
    if (f.size() != 1 + n) {
      status = Fail(ErrorCode::kInvalidArgument,
                    fmt::format("model row {}: expected {} tab-separated fields, got {}", line_no,
                                1 + n, f.size()));
      return;
    }
    float* target = nullptr;
    if (f[0] == "bias") {
      target = model->bias_.data();
      seen_bias = true;
    } else {
      std::uint32_t index = 0;
      const auto [ptr, ec] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), index);
      if (ec != std::errc() || ptr != f[0].data() + f[0].size() || index >= kFeatureCount) {
        status = Fail(ErrorCode::kInvalidArgument,
                      fmt::format("model row {}: bad feature index '{}'", line_no, f[0]));
        return;
      }
      target = model->weights_.data() + static_cast<std::size_t>(index) * n;
    }
    for (std::size_t c = 0; c < n; ++c) {
      auto w = ParseWeight(f[1 + c], line_no);
      if (!w) {
        status = std::unexpected(w.error());
        return;
      }
      target[c] = *w;
    }
  });
  if (!status) return std::unexpected(status.error());
  if (model == nullptr || !seen_bias) {
    return Fail(ErrorCode::kInvalidArgument, "model is empty or has no classes or bias row");
  }
  return model;
}

Probabilities LinearModel::Predict(const std::vector<Feature>& features) const {
  Probabilities out;
  const std::size_t n = classes_.size();
  out.size = static_cast<int>(n);
  for (std::size_t c = 0; c < n; ++c) out.p[c] = bias_[c];
  for (const auto& [index, value] : features) {
    const float* w = weights_.data() + static_cast<std::size_t>(index) * n;
    for (std::size_t c = 0; c < n; ++c) out.p[c] += w[c] * value;
  }
  Softmax(out.p.data(), out.size);
  return out;
}

std::string LinearModel::Serialize(std::string_view description) const {
  const std::size_t n = classes_.size();
  std::string out = fmt::format("{}\n# {}\n# rows: feature index, then a weight per class\nclasses",
                                kMagic, description);
  for (const auto& c : classes_) out += "\t" + c;
  out += "\nbias";
  for (float b : bias_) out += fmt::format("\t{:.4g}", b);
  out += "\n";
  for (std::uint32_t i = 0; i < kFeatureCount; ++i) {
    const float* w = weights_.data() + static_cast<std::size_t>(i) * n;
    bool keep = false;
    for (std::size_t c = 0; c < n; ++c) keep = keep || std::abs(w[c]) >= kPruneBelow;
    if (!keep) continue;
    out += std::to_string(i);
    for (std::size_t c = 0; c < n; ++c) out += fmt::format("\t{:.3g}", w[c]);
    out += "\n";
  }
  return out;
}

LinearModel TrainLinearModel(const std::vector<TrainingExample>& examples,
                             std::vector<std::string> classes, const TrainingOptions& options) {
  LinearModel model(std::move(classes));
  const std::size_t n = model.classes_.size();
  std::vector<double> w(static_cast<std::size_t>(kFeatureCount) * n, 0);
  std::vector<double> g2(w.size(), 0);
  std::vector<double> b(n, 0);
  std::vector<double> bg2(n, 0);
  std::vector<std::size_t> order(examples.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  constexpr double kEps = 1e-8;
  std::array<double, kMaxClasses> z{};
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    // Fisher-Yates with our own draws, so the order is the same on every libstdc++.
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (const std::size_t idx : order) {
      const TrainingExample& ex = examples[idx];
      for (std::size_t c = 0; c < n; ++c) z[c] = b[c];
      for (const auto& [f, v] : ex.features) {
        for (std::size_t c = 0; c < n; ++c) z[c] += w[f * n + c] * v;
      }
      Softmax(z.data(), static_cast<int>(n));
      for (std::size_t c = 0; c < n; ++c) {
        const double err = z[c] - (static_cast<std::size_t>(ex.label) == c ? 1.0 : 0.0);
        bg2[c] += err * err;
        b[c] -= options.learning_rate * err / std::sqrt(bg2[c] + kEps);
        for (const auto& [f, v] : ex.features) {
          double& wf = w[f * n + c];
          const double grad = err * v + options.l2 * wf;
          double& g = g2[f * n + c];
          g += grad * grad;
          wf -= options.learning_rate * grad / std::sqrt(g + kEps);
        }
      }
    }
  }
  for (std::size_t c = 0; c < n; ++c) model.bias_[c] = static_cast<float>(b[c]);
  for (std::size_t i = 0; i < w.size(); ++i) model.weights_[i] = static_cast<float>(w[i]);
  return model;
}

}  // namespace tribu::text
