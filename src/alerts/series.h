// What the engine remembers of one series (a topic, or a workspace as a
// whole): hourly counts over weeks, the recent posts one by one, and the
// terms they use against a decaying background. Private to the alerts module.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tribu/alerts/detectors.h"

namespace tribu::alerts {

// Hours since the epoch: hour h of the week is h % 168 (UTC-aligned, which
// keeps "the same hour last week" exact across time zones).
std::int64_t HourOf(Timestamp t);
Timestamp HourStart(std::int64_t hour);

struct RecentPost {
  Timestamp at{};
  PostId id;
  bool negative = false;
  bool risky = false;  // risk of 0.7 or more
  double weight = 0;   // how telling it is as evidence (risk, audience)
  std::string author;
  std::vector<std::string> terms;
};

// Expected posts in an hour, and how far apart hours usually are.
struct HourBaseline {
  double expected = 0;
  double spread = 0;  // robust standard deviation of past comparable hours
  int history = 0;    // comparable hours it stands on
  std::string basis;  // "same hour, past weeks", "same hour, past days", "recent hours"
};

class Series {
 public:
  Series(std::size_t history_hours, std::size_t max_terms)
      : hours_(history_hours), max_terms_(max_terms) {}

  void AddHour(std::int64_t hour, std::int64_t posts, std::int64_t negative);
  // Adds a post; posts older than `keep` before `now` leave the recent window
  // (their terms go to the background).
  void Add(const RecentPost& post, Timestamp now, std::chrono::minutes keep);

  // Posts and negatives in (now - window, now].
  struct WindowCount {
    int posts = 0;
    int negative = 0;
    int risky = 0;
  };
  WindowCount CountSince(Timestamp since) const;
  const std::deque<RecentPost>& recent() const { return recent_; }

  // Counts of a past hour; nothing when before the series' first hour.
  std::optional<std::int64_t> Posts(std::int64_t hour) const;
  std::optional<std::int64_t> Negative(std::int64_t hour) const;

  HourBaseline Baseline(std::int64_t hour) const;
  // The usual share of negative posts before `hour`, and the posts it stands on.
  std::pair<double, std::int64_t> NegativeShare(std::int64_t hour) const;

  // A term's posts in the recent window, and how many of `posts` usually
  // carry it (its share of the background's posts); coverage is how many
  // hours the background spans.
  int RecentTermCount(const std::string& term) const;
  double ExpectedTermCount(const std::string& term, int posts) const;
  // The usual share of risky posts (from the background, with a prior).
  double RiskyShare() const;
  double BackgroundHours(Timestamp now) const;

  std::optional<std::int64_t> first_hour() const { return first_hour_; }

 private:
  struct Hour {
    std::int64_t hour = -1;
    std::int64_t posts = 0;
    std::int64_t negative = 0;
  };
  Hour* Slot(std::int64_t hour);
  const Hour* Slot(std::int64_t hour) const;
  void Background(const RecentPost& post);

  std::vector<Hour> hours_;
  std::optional<std::int64_t> first_hour_;
  std::deque<RecentPost> recent_;
  std::unordered_map<std::string, int> recent_terms_;
  // Background term weights, decayed with a 3-day time constant up to bg_at_.
  std::unordered_map<std::string, double> background_;
  double background_posts_ = 0;  // decayed like the terms
  double background_risky_ = 0;
  Timestamp bg_at_{};
  std::size_t max_terms_;
};

}  // namespace tribu::alerts
