#include "tribu/alerts/detectors.h"

#include <gtest/gtest.h>

#include <cmath>

#include "alerts/series.h"
#include "alerts/stats.h"

namespace tribu::alerts {
namespace {

using namespace std::chrono_literals;

constexpr WorkspaceId kWs{1};
constexpr TopicId kBrand{7};

// Monday 2026-11-02 00:00 UTC.
constexpr Timestamp kMonday = Timestamp{} + std::chrono::seconds(1'793'577'600);

AlertRule Rule(Detector d, Sensitivity s = Sensitivity::kMedium) {
  AlertRule r;
  r.id = 1 + static_cast<int>(d);
  r.workspace_id = kWs;
  r.name = std::string(DetectorName(d));
  r.detector = d;
  r.sensitivity = s;
  return r;
}

class Feed {
 public:
  explicit Feed(std::vector<AlertRule> rules) { engine_.SetRules(kWs, std::move(rules)); }

  std::vector<Trigger> Post(Timestamp at, double sentiment = 0.1, const std::string& author = "",
                            std::vector<std::string> terms = {}, double risk = 0,
                            std::int64_t followers = 100, std::vector<std::string> risks = {}) {
    PostSignal p;
    p.id = PostId{++next_id_};
    p.workspace = kWs;
    p.at = at;
    p.topics = {kBrand};
    p.sentiment = sentiment;
    p.risk = risk;
    p.risks = std::move(risks);
    p.author = author.empty() ? "user" + std::to_string(next_id_ % 50) : author;
    p.followers = followers;
    p.terms = std::move(terms);
    return engine_.Observe(p, at);
  }

  // Posts spread evenly over [from, to), `per_hour` an hour; returns every trigger.
  std::vector<Trigger> Steady(Timestamp from, Timestamp to, double per_hour,
                              double negative_share = 0.2) {
    std::vector<Trigger> all;
    const auto step = std::chrono::duration_cast<Timestamp::duration>(
        std::chrono::duration<double>(3600.0 / per_hour));
    int n = 0;
    for (Timestamp t = from; t < to; t += step, ++n) {
      const bool negative = (n % 10) < static_cast<int>(negative_share * 10);
      auto got = Post(t, negative ? -0.6 : 0.3, "", {"velo", "balade", "ville"});
      all.insert(all.end(), got.begin(), got.end());
    }
    return all;
  }

  DetectorEngine& engine() { return engine_; }

 private:
  DetectorEngine engine_;
  std::int64_t next_id_ = 0;
};

std::vector<Trigger> Burst(Feed& f, Timestamp from, int posts, std::chrono::minutes over,
                           double sentiment = 0.1) {
  std::vector<Trigger> all;
  for (int i = 0; i < posts; ++i) {
    auto got = f.Post(from + over * i / posts, sentiment);
    all.insert(all.end(), got.begin(), got.end());
  }
  return all;
}

TEST(VolumeSpike, FiresOnABurstAgainstTheSameHoursOfPastDays) {
  Feed f({Rule(Detector::kVolumeSpike)});
  EXPECT_TRUE(f.Steady(kMonday, kMonday + 72h, 4).empty()) << "steady traffic fired";
  auto fired = Burst(f, kMonday + 72h + 10min, 30, 20min);
  ASSERT_FALSE(fired.empty());
  const Trigger& t = fired.front();
  EXPECT_EQ(t.detector, Detector::kVolumeSpike);
  EXPECT_GT(t.figure, 3 * t.baseline);
  EXPECT_NEAR(t.baseline, 4, 1);
  EXPECT_NE(t.summary.find("past days"), std::string::npos) << t.summary;
  EXPECT_FALSE(t.evidence.empty());
  EXPECT_FALSE(t.chart.empty());
}

TEST(VolumeSpike, WorksFromTheFirstHoursOfData) {
  Feed f({Rule(Detector::kVolumeSpike)});
  EXPECT_TRUE(f.Steady(kMonday, kMonday + 4h, 3).empty());
  auto fired = Burst(f, kMonday + 4h, 25, 25min);
  ASSERT_FALSE(fired.empty());
  EXPECT_NE(fired.front().summary.find("recent hours"), std::string::npos);
}

TEST(VolumeSpike, KnowsTheHourOfTheWeek) {
  // Mondays 9-10 are always busy (40 posts), the rest quiet (2 an hour).
  DetectorEngine engine;
  engine.SetRules(kWs, {Rule(Detector::kVolumeSpike)});
  for (std::int64_t h = 0; h < std::int64_t{21} * 24; ++h) {
    const bool busy = h % 168 == 9;
    engine.Warm(kWs, kBrand, kMonday + std::chrono::hours(h), busy ? 40 : 2, 0);
  }
  auto run = [&](Timestamp from, int posts) {
    int fired = 0;
    for (int i = 0; i < posts; ++i) {
      PostSignal p;
      p.id = PostId{i + 1};
      p.workspace = kWs;
      p.topics = {kBrand};
      p.at = from + 30min * i / posts;
      p.author = "a" + std::to_string(i);
      fired += static_cast<int>(engine.Observe(p, p.at).size());
    }
    return fired;
  };
  // The fourth Monday at 9: its usual 20 posts in half an hour fire nothing.
  EXPECT_EQ(run(kMonday + 21 * 24h + 9h, 20), 0);
  // The same 20 posts at 3 in the morning on Sunday do.
  EXPECT_GT(run(kMonday + 27 * 24h + 3h, 20), 0);
}

TEST(VolumeSpike, ABurstLastWeekDoesNotRaiseTheBaseline) {
  Series s(std::size_t{24} * 35, 1000);
  for (std::int64_t h = 0; h < std::int64_t{21} * 24; ++h) s.AddHour(h, 3, 0);
  s.AddHour(std::int64_t{14} * 24 + 10, 400, 0);  // a crisis, two weeks ago at this hour
  const HourBaseline b = s.Baseline(21 * 24 + 10);
  EXPECT_NEAR(b.expected, 3, 0.5);
  EXPECT_LT(b.spread, 2);
}

TEST(VolumeSpike, PostsFromLongAgoCountButFireNothing) {
  Feed f({Rule(Detector::kVolumeSpike), Rule(Detector::kRiskyPost)});
  f.Steady(kMonday, kMonday + 24h, 2);
  // A feed's backlog: 100 posts of the last week arriving at once.
  std::vector<Trigger> fired;
  for (int i = 0; i < 100; ++i) {
    PostSignal p;
    p.id = PostId{10'000 + i};
    p.workspace = kWs;
    p.topics = {kBrand};
    p.at = kMonday - 24h + std::chrono::minutes(i);
    p.author = "old";
    p.risk = 0.99;
    p.risks = {"threat"};
    p.followers = 1'000'000;
    auto got = f.engine().Observe(p, kMonday + 24h);
    fired.insert(fired.end(), got.begin(), got.end());
  }
  EXPECT_TRUE(fired.empty());
}

TEST(VolumeSpike, ARuleFiresAgainOnlyWhenTheSpikeGrows) {
  Feed f({Rule(Detector::kVolumeSpike)});
  f.Steady(kMonday, kMonday + 48h, 3);
  // Each series fires on its own (grouping joins them): look at the topic's.
  auto on_topic = [](std::vector<Trigger> all) {
    std::erase_if(all, [](const Trigger& t) { return t.topic != kBrand; });
    return all;
  };
  auto first = on_topic(Burst(f, kMonday + 48h, 30, 10min));
  auto same = on_topic(Burst(f, kMonday + 48h + 10min, 5, 5min));  // no growth worth telling
  auto grown = on_topic(Burst(f, kMonday + 48h + 20min, 120, 10min));
  EXPECT_EQ(first.size(), 1u);
  EXPECT_TRUE(same.empty());
  ASSERT_FALSE(grown.empty());
  EXPECT_GT(grown.front().figure, 1.25 * first.front().figure);
}

TEST(SentimentShift, FiresWhenTheNegativeShareLeavesItsRange) {
  Feed f({Rule(Detector::kSentimentShift)});
  EXPECT_TRUE(f.Steady(kMonday, kMonday + 72h, 6, 0.2).empty());
  // As many posts as usual, but most of them negative.
  std::vector<Trigger> fired;
  for (int i = 0; i < 12; ++i) {
    auto got = f.Post(kMonday + 72h + std::chrono::minutes(10 * i), i % 6 ? -0.7 : 0.4);
    fired.insert(fired.end(), got.begin(), got.end());
  }
  ASSERT_FALSE(fired.empty());
  EXPECT_EQ(fired.front().detector, Detector::kSentimentShift);
  EXPECT_NEAR(fired.front().baseline, 20, 3);
  EXPECT_GT(fired.front().figure, 50);
}

TEST(SentimentShift, AUsualShareFiresNothingEvenWhenHigh) {
  Feed f({Rule(Detector::kSentimentShift)});
  // A topic where half the posts are negative, always (a competitor's complaints).
  EXPECT_TRUE(f.Steady(kMonday, kMonday + 96h, 6, 0.5).empty());
}

TEST(RiskyPost, WeighsTheRiskByTheAuthorsReach) {
  Feed f({Rule(Detector::kRiskyPost)});
  EXPECT_TRUE(f.Post(kMonday, -0.5, "small", {}, 0.95, 40, {"threat"}).empty());
  auto fired = f.Post(kMonday + 1min, -0.5, "big", {}, 0.95, 120'000, {"threat"});
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].detector, Detector::kRiskyPost);
  EXPECT_EQ(fired[0].evidence.size(), 1u);
  EXPECT_EQ(fired[0].terms, std::vector<std::string>{"threat"});
  EXPECT_EQ(fired[0].severity, AlertSeverity::kCritical);  // 0.95 at full reach
  // High sensitivity hears a smaller voice.
  Feed high({Rule(Detector::kRiskyPost, Sensitivity::kHigh)});
  EXPECT_EQ(high.Post(kMonday, -0.5, "mid", {}, 0.95, 800, {"threat"}).size(), 1u);
  // Swearing weighs less than a threat.
  EXPECT_TRUE(high.Post(kMonday + 1min, -0.5, "mid2", {}, 0.95, 800, {"profanity"}).empty());
}

TEST(InfluentialAuthor, FiresOnANegativePostFromALargeAudience) {
  Feed f({Rule(Detector::kInfluentialAuthor)});
  EXPECT_TRUE(f.Post(kMonday, 0.6, "star", {}, 0, 90'000).empty()) << "a kind word is no alert";
  // Mildly negative is not enough (a question, a shrug): strongly negative is.
  EXPECT_TRUE(f.Post(kMonday + 30s, -0.4, "star", {}, 0, 90'000).empty());
  auto fired = f.Post(kMonday + 1min, -0.8, "star", {}, 0, 90'000);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].unit, "followers");
  EXPECT_TRUE(f.Post(kMonday + 2min, -0.8, "nobody", {}, 0, 900).empty());
}

TEST(InfluentialAuthor, FiresOnAnAuthorWhosePostsDrawCrowds) {
  DetectorEngine engine;
  engine.SetRules(kWs, {Rule(Detector::kInfluentialAuthor)});
  auto post = [&](int id, double sentiment, std::int64_t engagement) {
    PostSignal p;
    p.id = PostId{id};
    p.workspace = kWs;
    p.at = kMonday + std::chrono::minutes(id);
    p.author = "viral";
    p.followers = 2'000;
    p.sentiment = sentiment;
    p.engagement = engagement;
    return engine.Observe(p, p.at);
  };
  for (int i = 1; i <= 5; ++i) EXPECT_TRUE(post(i, 0.5, 3'000).empty());
  auto fired = post(6, -0.8, 10);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].unit, "engagement per post");
  EXPECT_NEAR(fired[0].figure, 3'000, 1);
}

TEST(EmergingTerm, FiresOnATermManyAuthorsStartUsing) {
  Feed f({Rule(Detector::kEmergingTerm)});
  EXPECT_TRUE(f.Steady(kMonday, kMonday + 48h, 4).empty());
  std::vector<Trigger> fired;
  for (int i = 0; i < 12; ++i) {
    auto got = f.Post(kMonday + 48h + std::chrono::minutes(5 * i), -0.3,
                      "author" + std::to_string(i % 6), {"#velogate", "velo"});
    fired.insert(fired.end(), got.begin(), got.end());
  }
  ASSERT_FALSE(fired.empty());
  EXPECT_EQ(fired.front().key, "#velogate");
  EXPECT_EQ(fired.front().terms, std::vector<std::string>{"#velogate"});
  for (const Trigger& t : fired) EXPECT_NE(t.key, "velo") << "a usual word fired";
}

TEST(EmergingTerm, OneAccountRepeatingItselfIsNoTrend) {
  Feed f({Rule(Detector::kEmergingTerm)});
  f.Steady(kMonday, kMonday + 48h, 4);
  std::vector<Trigger> fired;
  for (int i = 0; i < 20; ++i) {
    auto got = f.Post(kMonday + 48h + std::chrono::minutes(3 * i), 0, "spammer", {"#promo"});
    fired.insert(fired.end(), got.begin(), got.end());
  }
  EXPECT_TRUE(fired.empty());
}

TEST(RiskyPost, FiresOnABurstOfRiskyPostsFromSmallAccounts) {
  Feed f({Rule(Detector::kRiskyPost)});
  f.Steady(kMonday, kMonday + 48h, 4);
  std::vector<Trigger> fired;
  for (int i = 0; i < 6; ++i) {
    auto got = f.Post(kMonday + 48h + std::chrono::minutes(3 * i), -0.6, "a" + std::to_string(i),
                      {}, 0.9, 150, {"crisis"});
    fired.insert(fired.end(), got.begin(), got.end());
  }
  ASSERT_FALSE(fired.empty());
  EXPECT_EQ(fired.front().key, "burst");
  EXPECT_GE(fired.front().figure, 5);
}

TEST(Rules, LeaveCompetitorsAloneUnlessNamed) {
  constexpr TopicId kRival{8};
  DetectorEngine engine;
  AlertRule everything = Rule(Detector::kInfluentialAuthor);
  engine.SetRules(kWs, {everything}, {kRival});
  PostSignal p;
  p.id = PostId{1};
  p.workspace = kWs;
  p.at = kMonday;
  p.topics = {kRival};
  p.sentiment = -0.9;
  p.author = "star";
  p.followers = 500'000;
  EXPECT_TRUE(engine.Observe(p, p.at).empty());
  AlertRule named = everything;
  named.topics = {kRival};
  engine.SetRules(kWs, {named}, {kRival});
  p.id = PostId{2};
  EXPECT_EQ(engine.Observe(p, p.at).size(), 1u);
}

TEST(Stats, TailsMatchTheirFormulas) {
  EXPECT_NEAR(PoissonTail(3, 1.0), 1 - std::exp(-1.0) * 2.5, 1e-12);
  EXPECT_NEAR(PoissonTail(0, 4.0), 1.0, 1e-12);
  // Small tails, summed from their end (exact sums: Python's math.comb, math.factorial).
  EXPECT_NEAR(PoissonTail(12, 1.9) / 8.077941613402708e-07, 1, 1e-9);
  EXPECT_EQ(PoissonTail(5, 0), 0.0);
  EXPECT_NEAR(BinomialTail(2, 3, 0.5), 0.5, 1e-12);
  EXPECT_NEAR(BinomialTail(11, 15, 0.23) / 5.059913164265928e-05, 1, 1e-9);
  EXPECT_EQ(BinomialTail(4, 3, 0.9), 0.0);
}

TEST(Rules, ScopeToTheirTopics) {
  AlertRule r = Rule(Detector::kRiskyPost);
  r.topics = {TopicId{99}};
  Feed f({r});
  EXPECT_TRUE(f.Post(kMonday, -0.5, "big", {}, 0.95, 500'000, {"threat"}).empty());
}

}  // namespace
}  // namespace tribu::alerts
