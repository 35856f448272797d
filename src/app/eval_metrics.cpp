#include "app/eval_metrics.h"

#include <fmt/format.h>

#include <set>

namespace tribu::app {

void ConfusionMatrix::Add(const std::string& gold, const std::string& predicted) {
  ++cells_[{gold, predicted}];
  ++gold_[gold];
  ++predicted_[predicted];
  ++total_;
  if (gold == predicted) ++correct_;
}

double ConfusionMatrix::Accuracy() const {
  return total_ == 0 ? 0 : static_cast<double>(correct_) / total_;
}

int ConfusionMatrix::Count(const std::string& gold, const std::string& predicted) const {
  const auto it = cells_.find({gold, predicted});
  return it == cells_.end() ? 0 : it->second;
}

double ConfusionMatrix::Precision(const std::string& label) const {
  const auto it = predicted_.find(label);
  return it == predicted_.end() || it->second == 0
             ? 0
             : static_cast<double>(Count(label, label)) / it->second;
}

double ConfusionMatrix::Recall(const std::string& label) const {
  const auto it = gold_.find(label);
  return it == gold_.end() || it->second == 0
             ? 0
             : static_cast<double>(Count(label, label)) / it->second;
}

double ConfusionMatrix::F1(const std::string& label) const {
  const double p = Precision(label);
  const double r = Recall(label);
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

double ConfusionMatrix::MacroF1() const {
  if (gold_.empty()) return 0;
  double sum = 0;
  for (const auto& [label, count] : gold_) sum += F1(label);
  return sum / static_cast<double>(gold_.size());
}

std::vector<std::string> ConfusionMatrix::GoldLabels() const {
  std::vector<std::string> out;
  out.reserve(gold_.size());
  for (const auto& [label, count] : gold_) out.push_back(label);
  return out;
}

std::vector<std::string> ConfusionMatrix::AllLabels() const {
  std::set<std::string> all;
  for (const auto& [label, count] : gold_) all.insert(label);
  for (const auto& [label, count] : predicted_) all.insert(label);
  return {all.begin(), all.end()};
}

std::string ConfusionMatrix::Format() const {
  const std::vector<std::string> labels = AllLabels();
  std::size_t width = 8;
  for (const auto& l : labels) width = std::max(width, l.size() + 1);
  std::string out = fmt::format("{:<{}}", "gold \\ predicted", width + 8);
  for (const auto& l : labels) out += fmt::format("{:>{}}", l, width);
  out += "\n";
  for (const auto& g : labels) {
    if (!gold_.contains(g)) continue;
    out += fmt::format("{:<{}}", g, width + 8);
    for (const auto& p : labels) out += fmt::format("{:>{}}", Count(g, p), width);
    out += "\n";
  }
  out += fmt::format("\n{:<{}}{:>10}{:>10}{:>10}{:>8}\n", "class", width + 8, "precision", "recall",
                     "f1", "n");
  for (const auto& g : GoldLabels()) {
    out += fmt::format("{:<{}}{:>10.3f}{:>10.3f}{:>10.3f}{:>8}\n", g, width + 8, Precision(g),
                       Recall(g), F1(g), gold_.at(g));
  }
  return out;
}

}  // namespace tribu::app
