#include "alerts/series.h"

#include <algorithm>
#include <cmath>

namespace tribu::alerts {

namespace {

using namespace std::chrono_literals;

constexpr double kTermTauHours = 72;  // background terms fade over about 3 days

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// A mean that one extraordinary hour does not move: the highest value (and
// the lowest, from five values) left out. Unlike a median, it is not biased
// low on the small counts of a quiet topic (the median of Poisson(1.6) is 1).
double RobustMean(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t from = 0;
  std::size_t to = v.size();
  if (v.size() >= 3) --to;
  if (v.size() >= 5) ++from;
  double sum = 0;
  for (std::size_t i = from; i < to; ++i) sum += v[i];
  return sum / static_cast<double>(to - from);
}

// Robust spread: 1.4826 × median absolute deviation (the standard deviation
// for normal data, unmoved by one crisis among the past hours).
double Spread(const std::vector<double>& v, double median) {
  std::vector<double> dev;
  dev.reserve(v.size());
  for (double x : v) dev.push_back(std::abs(x - median));
  return 1.4826 * Median(std::move(dev));
}

}  // namespace

std::int64_t HourOf(Timestamp t) {
  return std::chrono::floor<std::chrono::hours>(t.time_since_epoch()).count();
}

Timestamp HourStart(std::int64_t hour) { return Timestamp{} + std::chrono::hours(hour); }

Series::Hour* Series::Slot(std::int64_t hour) {
  if (hour < 0) return nullptr;
  return &hours_[static_cast<std::size_t>(hour) % hours_.size()];
}

const Series::Hour* Series::Slot(std::int64_t hour) const {
  if (hour < 0) return nullptr;
  return &hours_[static_cast<std::size_t>(hour) % hours_.size()];
}

void Series::AddHour(std::int64_t hour, std::int64_t posts, std::int64_t negative) {
  Hour* h = Slot(hour);
  if (!h) return;
  if (h->hour != hour) {
    if (h->hour > hour) return;  // older than what the ring keeps
    *h = Hour{hour, 0, 0};
  }
  h->posts += posts;
  h->negative += negative;
  if (!first_hour_ || hour < *first_hour_) first_hour_ = hour;
}

void Series::Add(const RecentPost& post, Timestamp now, std::chrono::minutes keep) {
  AddHour(HourOf(post.at), 1, post.negative ? 1 : 0);
  // Kept in time order; a late post goes to its place.
  auto at = std::upper_bound(recent_.begin(), recent_.end(), post.at,
                             [](Timestamp t, const RecentPost& p) { return t < p.at; });
  const bool recent = post.at > now - keep;
  if (recent) {
    for (const std::string& t : post.terms) ++recent_terms_[t];
    recent_.insert(at, post);
  } else {
    Background(post);
  }
  while (!recent_.empty() && recent_.front().at <= now - keep) {
    const RecentPost& old = recent_.front();
    for (const std::string& t : old.terms) {
      auto it = recent_terms_.find(t);
      if (it != recent_terms_.end() && --it->second <= 0) recent_terms_.erase(it);
    }
    Background(old);
    recent_.pop_front();
  }
}

void Series::Background(const RecentPost& post) {
  // Decay everything to the post's time (never backwards), then add it.
  if (post.at > bg_at_) {
    const double hours = std::chrono::duration<double, std::ratio<3600>>(post.at - bg_at_).count();
    if (bg_at_ != Timestamp{} && hours > 1) {
      const double f = std::exp(-hours / kTermTauHours);
      background_posts_ *= f;
      background_risky_ *= f;
      for (auto it = background_.begin(); it != background_.end();) {
        it->second *= f;
        it = it->second < 0.01 ? background_.erase(it) : std::next(it);
      }
      bg_at_ = post.at;
    } else if (bg_at_ == Timestamp{}) {
      bg_at_ = post.at;
    }
  }
  background_posts_ += 1;
  background_risky_ += post.risky ? 1 : 0;
  for (const std::string& t : post.terms) {
    auto it = background_.find(t);
    if (it != background_.end()) {
      it->second += 1;
    } else if (background_.size() < max_terms_) {
      background_.emplace(t, 1.0);
    }
  }
}

Series::WindowCount Series::CountSince(Timestamp since) const {
  WindowCount c;
  for (auto it = recent_.rbegin(); it != recent_.rend() && it->at > since; ++it) {
    ++c.posts;
    c.negative += it->negative ? 1 : 0;
    c.risky += it->risky ? 1 : 0;
  }
  return c;
}

std::optional<std::int64_t> Series::Posts(std::int64_t hour) const {
  if (!first_hour_ || hour < *first_hour_) return std::nullopt;
  const Hour* h = Slot(hour);
  if (!h) return std::nullopt;
  if (h->hour == hour) return h->posts;
  // Either an hour without posts, or one the ring no longer holds.
  return h->hour < hour ? std::optional<std::int64_t>(0) : std::nullopt;
}

std::optional<std::int64_t> Series::Negative(std::int64_t hour) const {
  if (!Posts(hour)) return std::nullopt;
  const Hour* h = Slot(hour);
  return h->hour == hour ? h->negative : 0;
}

HourBaseline Series::Baseline(std::int64_t hour) const {
  HourBaseline b;
  auto collect = [&](int step, int count) {
    std::vector<double> v;
    for (int k = 1; k <= count; ++k) {
      if (auto n = Posts(hour - std::int64_t{step} * k)) v.push_back(static_cast<double>(*n));
    }
    return v;
  };
  const std::vector<double> weekly = collect(168, 4);
  const std::vector<double> daily = collect(24, 7);
  const std::vector<double> recent = collect(1, 24);
  if (weekly.size() >= 2) {
    // The same hour of the same weekday, blended with the same hour of the
    // past days (which sees a trend sooner).
    const double w = RobustMean(weekly);
    const double d = RobustMean(daily);
    b.expected = 0.7 * w + 0.3 * d;
    std::vector<double> all = weekly;
    all.insert(all.end(), daily.begin(), daily.end());
    b.spread = Spread(all, b.expected);
    b.history = static_cast<int>(all.size());
    b.basis = "same hour, past weeks";
  } else if (daily.size() >= 2) {
    const double d = RobustMean(daily);
    const double r = RobustMean(recent);
    b.expected = 0.8 * d + 0.2 * r;
    std::vector<double> all = daily;
    all.insert(all.end(), recent.begin(), recent.end());
    b.spread = Spread(all, b.expected);
    b.history = static_cast<int>(all.size());
    b.basis = "same hour, past days";
  } else if (recent.size() >= 3) {
    b.expected = RobustMean(recent);
    b.spread = Spread(recent, b.expected);
    b.history = static_cast<int>(recent.size());
    b.basis = "recent hours";
  }
  return b;
}

std::pair<double, std::int64_t> Series::NegativeShare(std::int64_t hour) const {
  // Median of daily shares over the past week; a pooled share with a prior
  // while fewer than two days are known.
  std::vector<double> days;
  std::int64_t pooled_posts = 0;
  std::int64_t pooled_negative = 0;
  for (int d = 0; d < 7; ++d) {
    std::int64_t posts = 0;
    std::int64_t negative = 0;
    for (int h = 1; h <= 24; ++h) {
      const std::int64_t at = hour - std::int64_t{24} * d - h;
      if (auto n = Posts(at)) {
        posts += *n;
        negative += *Negative(at);
      }
    }
    pooled_posts += posts;
    pooled_negative += negative;
    if (posts >= 8) days.push_back(static_cast<double>(negative) / static_cast<double>(posts));
  }
  if (days.size() >= 2) return {Median(std::move(days)), pooled_posts};
  constexpr double kPrior = 0.25;
  constexpr double kPriorWeight = 20;
  return {(static_cast<double>(pooled_negative) + kPrior * kPriorWeight) /
              (static_cast<double>(pooled_posts) + kPriorWeight),
          pooled_posts};
}

int Series::RecentTermCount(const std::string& term) const {
  auto it = recent_terms_.find(term);
  return it == recent_terms_.end() ? 0 : it->second;
}

double Series::BackgroundHours(Timestamp now) const {
  if (!first_hour_) return 0;
  const double age =
      std::chrono::duration<double, std::ratio<3600>>(now - HourStart(*first_hour_)).count();
  const double span = age - 3;  // the recent window is not background
  if (span <= 0) return 0;
  return kTermTauHours * (1 - std::exp(-span / kTermTauHours));
}

double Series::ExpectedTermCount(const std::string& term, int posts) const {
  auto it = background_.find(term);
  const double weight = it == background_.end() ? 0 : it->second;
  return (weight + 0.5) / (background_posts_ + 1) * posts;
}

double Series::RiskyShare() const {
  // Prior: one post in 20 carries a risk word on a quiet day.
  return (background_risky_ + 0.05 * 20) / (background_posts_ + 20);
}

}  // namespace tribu::alerts
