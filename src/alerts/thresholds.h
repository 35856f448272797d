// Each detector's thresholds for a rule: its sensitivity's defaults, with the
// rule's own threshold, when set, in place of the main figure. The README's
// "Alerts" section gives the same numbers in words; keep them together.
#pragma once

#include "tribu/alerts/detectors.h"

namespace tribu::alerts {

struct VolumeThresholds {
  double short_ratio = 3;  // posts in 30 min against the usual, at least this many times
  int short_min_posts = 8;
  double long_ratio = 2.2;  // over 3 hours
  int long_min_posts = 15;
  double surprise = 1e-5;  // and a count this unlikely for a usual hour (Poisson tail)
};
VolumeThresholds VolumeThresholdsFor(const AlertRule& rule);

struct SentimentThresholds {
  int min_posts = 10;  // in the 2-hour window
  int min_negative = 6;
  double min_rise = 0.18;  // above the usual share (0.18: 18 points)
  double surprise = 1e-4;  // and that many negatives this unlikely at the usual share
};
SentimentThresholds SentimentThresholdsFor(const AlertRule& rule);

struct RiskThresholds {
  double min_score = 0.6;  // one post: risk × gravity × reach
  // Or several risky posts (risk of 0.7 or more) at once, more than the
  // usual share of risky posts makes likely.
  int burst_posts = 5;     // in 30 minutes
  double surprise = 1e-5;  // binomial tail at the usual share
};
RiskThresholds RiskThresholdsFor(const AlertRule& rule);

// A post's risk weighted by the signal's gravity and its author's reach:
// 0..1, the risk itself for an audience of 100,000 or more.
double WeightedRisk(const PostSignal& post);

struct InfluenceThresholds {
  double min_followers = 50'000;
  double min_engagement = 2000;  // mean reactions on the author's past posts (5 or more)
};
InfluenceThresholds InfluenceThresholdsFor(const AlertRule& rule);

struct TermThresholds {
  int min_posts = 8;  // in 2 hours
  int min_authors = 4;
  double ratio = 8;  // against the background's expectation
  double min_background_hours = 12;
};
TermThresholds TermThresholdsFor(const AlertRule& rule);

}  // namespace tribu::alerts
