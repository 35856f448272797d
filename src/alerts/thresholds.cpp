#include "alerts/thresholds.h"

#include <algorithm>
#include <cmath>

namespace tribu::alerts {

namespace {

template <class T>
T BySensitivity(Sensitivity s, T low, T medium, T high) {
  return s == Sensitivity::kLow ? low : s == Sensitivity::kHigh ? high : medium;
}

}  // namespace

VolumeThresholds VolumeThresholdsFor(const AlertRule& r) {
  VolumeThresholds t;
  t.short_ratio = BySensitivity(r.sensitivity, 4.0, 3.0, 2.5);
  t.short_min_posts = BySensitivity(r.sensitivity, 12, 8, 6);
  t.long_ratio = BySensitivity(r.sensitivity, 3.0, 2.2, 1.8);
  t.long_min_posts = BySensitivity(r.sensitivity, 25, 15, 10);
  t.surprise = BySensitivity(r.sensitivity, 1e-7, 1e-5, 1e-4);
  if (r.threshold) {
    // The rule's figure is the short window's ratio; the long one keeps its proportion.
    t.long_ratio = std::max(1.2, *r.threshold * t.long_ratio / t.short_ratio);
    t.short_ratio = *r.threshold;
  }
  return t;
}

SentimentThresholds SentimentThresholdsFor(const AlertRule& r) {
  SentimentThresholds t;
  t.min_posts = BySensitivity(r.sensitivity, 15, 10, 8);
  t.min_negative = BySensitivity(r.sensitivity, 8, 6, 5);
  t.min_rise = BySensitivity(r.sensitivity, 0.25, 0.18, 0.12);
  t.surprise = BySensitivity(r.sensitivity, 1e-6, 1e-4, 1e-3);
  return t;  // a rule's threshold is an absolute share (see Sentiment in detectors.cpp)
}

RiskThresholds RiskThresholdsFor(const AlertRule& r) {
  RiskThresholds t;
  t.min_score = r.threshold ? *r.threshold : BySensitivity(r.sensitivity, 0.75, 0.6, 0.45);
  t.burst_posts = BySensitivity(r.sensitivity, 7, 5, 4);
  t.surprise = BySensitivity(r.sensitivity, 1e-7, 1e-5, 1e-4);
  return t;
}

double WeightedRisk(const PostSignal& p) {
  // Threats and crises weigh fully, churn and insults a little less, swearing least.
  double gravity = p.risks.empty() ? 1.0 : 0.0;
  for (const std::string& s : p.risks) {
    const double g = s == "threat" || s == "crisis" ? 1.0 : s == "profanity" ? 0.5 : 0.8;
    gravity = std::max(gravity, g);
  }
  const double reach = std::clamp(
      std::log10(1.0 + static_cast<double>(std::max<std::int64_t>(0, p.followers))) / 5, 0.0, 1.0);
  return std::clamp(p.risk, 0.0, 1.0) * gravity * reach;
}

InfluenceThresholds InfluenceThresholdsFor(const AlertRule& r) {
  InfluenceThresholds t;
  t.min_followers =
      r.threshold ? *r.threshold : BySensitivity(r.sensitivity, 200'000.0, 50'000.0, 10'000.0);
  t.min_engagement = BySensitivity(r.sensitivity, 5000.0, 2000.0, 800.0);
  return t;
}

TermThresholds TermThresholdsFor(const AlertRule& r) {
  TermThresholds t;
  t.min_posts = BySensitivity(r.sensitivity, 12, 8, 6);
  t.min_authors = BySensitivity(r.sensitivity, 6, 4, 3);
  t.ratio = r.threshold ? *r.threshold : BySensitivity(r.sensitivity, 12.0, 8.0, 5.0);
  return t;
}

}  // namespace tribu::alerts
