#include "app/eval_metrics.h"

#include <gtest/gtest.h>

namespace tribu::app {
namespace {

TEST(ConfusionMatrixTest, FiguresMatchAHandComputedExample) {
  ConfusionMatrix m;
  // gold pos: 3 (2 right, 1 as neg); gold neg: 2 (1 right, 1 as pos); gold neu: 1 (as neg).
  m.Add("pos", "pos");
  m.Add("pos", "pos");
  m.Add("pos", "neg");
  m.Add("neg", "neg");
  m.Add("neg", "pos");
  m.Add("neu", "neg");
  EXPECT_EQ(m.total(), 6);
  EXPECT_DOUBLE_EQ(m.Accuracy(), 3.0 / 6);
  EXPECT_DOUBLE_EQ(m.Precision("pos"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.Recall("pos"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.Precision("neg"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(m.Recall("neg"), 1.0 / 2);
  EXPECT_DOUBLE_EQ(m.F1("neu"), 0);
  const double f1_neg = 2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5);
  EXPECT_DOUBLE_EQ(m.MacroF1(), (2.0 / 3 + f1_neg + 0) / 3);
  EXPECT_NE(m.Format().find("precision"), std::string::npos);
}

TEST(ConfusionMatrixTest, PredictedOnlyLabelsDoNotEnterMacroF1) {
  ConfusionMatrix m;
  m.Add("fr", "fr");
  m.Add("en", "und");
  EXPECT_DOUBLE_EQ(m.MacroF1(), (1.0 + 0.0) / 2);
  EXPECT_EQ(m.AllLabels().size(), 3u);
}

}  // namespace
}  // namespace tribu::app
