// Classification figures for `tribu eval`: confusion matrix, per-class
// precision/recall/F1, accuracy and macro-F1 (the mean F1 over the gold classes,
// as in SemEval and the UMSAB leaderboard).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tribu::app {

class ConfusionMatrix {
 public:
  void Add(const std::string& gold, const std::string& predicted);

  int total() const { return total_; }
  double Accuracy() const;
  double Precision(const std::string& label) const;
  double Recall(const std::string& label) const;
  double F1(const std::string& label) const;
  double MacroF1() const;  // over the classes that occur in the gold labels
  std::vector<std::string> GoldLabels() const;
  std::vector<std::string> AllLabels() const;  // gold and predicted
  int Count(const std::string& gold, const std::string& predicted) const;

  // The matrix and per-class figures as an aligned table.
  std::string Format() const;

 private:
  std::map<std::pair<std::string, std::string>, int> cells_;
  std::map<std::string, int> gold_;
  std::map<std::string, int> predicted_;
  int total_ = 0;
  int correct_ = 0;
};

}  // namespace tribu::app
