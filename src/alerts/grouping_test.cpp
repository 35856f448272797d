#include "tribu/alerts/grouping.h"

#include <gtest/gtest.h>

namespace tribu::alerts {
namespace {

using namespace std::chrono_literals;

constexpr Timestamp kT0 = Timestamp{} + std::chrono::seconds(1'793'577'600);

Trigger Make(Detector d, std::optional<TopicId> topic, std::vector<PostId> evidence, Timestamp at,
             AlertSeverity severity = AlertSeverity::kWarning) {
  Trigger t;
  t.rule_id = 1 + static_cast<int>(d);
  t.detector = d;
  t.workspace = WorkspaceId{1};
  t.topic = topic;
  t.evidence = std::move(evidence);
  t.at = at;
  t.severity = severity;
  t.figure = 10;
  t.baseline = 2;
  t.summary = "figures";
  return t;
}

TEST(Grouping, TriggersOnOneTopicMakeOneAlert) {
  std::vector<Alert> active;
  auto g1 = GroupTrigger(Make(Detector::kVolumeSpike, TopicId{3}, {PostId{1}, PostId{2}}, kT0),
                         "Velora", active);
  EXPECT_TRUE(g1.opened);
  auto g2 = GroupTrigger(Make(Detector::kSentimentShift, TopicId{3}, {PostId{9}}, kT0 + 20min,
                              AlertSeverity::kCritical),
                         "Velora", active);
  EXPECT_FALSE(g2.opened);
  EXPECT_TRUE(g2.escalated);
  ASSERT_EQ(active.size(), 1u);
  const Alert& a = active[0];
  EXPECT_EQ(a.triggers, 2);
  EXPECT_EQ(a.severity, AlertSeverity::kCritical);
  EXPECT_EQ(a.detectors, (std::vector<std::string>{"volume_spike", "sentiment_shift"}));
  EXPECT_EQ(a.title, "Volume spike and sentiment shift on Velora");
  EXPECT_EQ(a.evidence.front(), PostId{9}) << "newest evidence first";
  EXPECT_EQ(a.last_trigger_at, kT0 + 20min);
  EXPECT_EQ(a.opened_at, kT0);
}

TEST(Grouping, AnotherTopicJoinsOnlyThroughSharedPosts) {
  std::vector<Alert> active;
  GroupTrigger(Make(Detector::kVolumeSpike, TopicId{3}, {PostId{1}, PostId{2}}, kT0), "Velora",
               active);
  // The product's topic sees the same storm: the same posts.
  auto joined =
      GroupTrigger(Make(Detector::kVolumeSpike, TopicId{4}, {PostId{2}, PostId{5}}, kT0 + 5min),
                   "Urban 2", active);
  EXPECT_FALSE(joined.opened);
  EXPECT_EQ(active[0].topics, (std::vector<TopicId>{TopicId{3}, TopicId{4}}));
  EXPECT_EQ(active[0].title, "Volume spike on Velora");
  // The workspace as a whole, too, even without a shared post.
  EXPECT_FALSE(GroupTrigger(Make(Detector::kEmergingTerm, std::nullopt, {PostId{50}}, kT0 + 6min),
                            "", active)
                   .opened);
  // A competitor's unrelated spike is another alert.
  auto other = GroupTrigger(Make(Detector::kVolumeSpike, TopicId{8}, {PostId{70}}, kT0 + 7min),
                            "Cyclon", active);
  EXPECT_TRUE(other.opened);
  EXPECT_EQ(active.size(), 2u);
}

TEST(Grouping, AfterTheCooldownOrOnceResolvedANewAlertOpens) {
  std::vector<Alert> active;
  GroupTrigger(Make(Detector::kVolumeSpike, TopicId{3}, {PostId{1}}, kT0), "Velora", active);
  EXPECT_FALSE(GroupTrigger(Make(Detector::kVolumeSpike, TopicId{3}, {PostId{2}}, kT0 + 11h),
                            "Velora", active)
                   .opened);
  EXPECT_TRUE(GroupTrigger(Make(Detector::kVolumeSpike, TopicId{3}, {PostId{3}}, kT0 + 24h),
                           "Velora", active)
                  .opened);
  active.back().state = AlertState::kResolved;
  EXPECT_TRUE(GroupTrigger(Make(Detector::kVolumeSpike, TopicId{3}, {PostId{4}}, kT0 + 25h),
                           "Velora", active)
                  .opened);
  PruneActive(active, kT0 + 26h);
  EXPECT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].evidence, std::vector<PostId>{PostId{4}});
}

TEST(Grouping, EvidenceStaysBoundedAndUnique) {
  std::vector<Alert> active;
  GroupingOptions o;
  o.max_evidence = 5;
  for (int i = 0; i < 10; ++i) {
    GroupTrigger(Make(Detector::kRiskyPost, TopicId{3}, {PostId{i % 7}, PostId{1}},
                      kT0 + std::chrono::minutes(i)),
                 "Velora", active, o);
  }
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].evidence.size(), 5u);
  EXPECT_EQ(active[0].triggers, 10);
  std::vector<PostId> sorted = active[0].evidence;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

}  // namespace
}  // namespace tribu::alerts
