#include "tribu/analytics/listening_stats.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::analytics {
namespace {

using namespace std::chrono_literals;

class ListeningStatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("t.db")}, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
    brand_ = store_
                 ->CreateTopic({.workspace_id = ws_,
                                .name = "Velora",
                                .query = "velora",
                                .kind = TopicKind::kBrand})
                 ->id;
    rival_ = store_
                 ->CreateTopic({.workspace_id = ws_,
                                .name = "VanMoof",
                                .query = "vanmoof",
                                .kind = TopicKind::kCompetitor})
                 ->id;
    analyzer_ = std::move(*text::Analyzer::Create({}));
  }

  void Add(std::string id, std::string text, const char* at, double sentiment,
           std::vector<TopicId> topics, std::string platform = "mastodon") {
    Post p;
    p.workspace_id = ws_;
    p.platform = std::move(platform);
    p.external_id = std::move(id);
    p.author.handle = "@" + p.external_id.substr(0, 1);
    p.text = std::move(text);
    p.lang = "fr";
    p.published_at = *ParseTimestamp(at);
    p.sentiment = sentiment;
    p.topics = std::move(topics);
    ASSERT_TRUE(store_->UpsertPosts(std::vector<Post>{p}));
  }

  testing::TempDir dir_;
  ManualClock clock_{*ParseTimestamp("2026-03-05T00:00:00Z")};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_;
  TopicId brand_, rival_;
  std::unique_ptr<text::Analyzer> analyzer_;
};

TEST_F(ListeningStatsTest, CountsVolumeSentimentShareOfVoiceAndTerms) {
  Add("a1", "Mon vélo Velora est super, pas cher #VeloraRide", "2026-03-01T09:00:00Z", 0.8,
      {brand_});
  Add("a2", "Le vélo Velora est en panne, remboursement ! #VeloraGate", "2026-03-01T23:30:00Z",
      -0.7, {brand_}, "bluesky");
  Add("b3", "VanMoof ou Velora ? Quel vélo choisir #VeloraRide", "2026-03-02T10:00:00Z", 0.0,
      {brand_, rival_});
  Add("c4", "Livraison du vélo VanMoof, pas encore", "2026-03-03T08:00:00Z", 0.3, {rival_});
  Add("d5", "hors sujet", "2026-02-20T08:00:00Z", 0.0, {});  // outside the range

  StatsRequest req;
  req.filter = {.workspace_id = ws_,
                .since = *ParseTimestamp("2026-03-01T00:00:00+01:00"),
                .until = *ParseTimestamp("2026-03-04T00:00:00+01:00")};
  req.time_zone = "Europe/Paris";
  auto stats = ComputeListeningStats(*store_, *analyzer_, req);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->interval, Interval::kDay);
  EXPECT_EQ(stats->total, 4);
  EXPECT_EQ(stats->negative, 1);
  EXPECT_EQ(stats->positive, 2);
  ASSERT_TRUE(stats->sentiment);
  EXPECT_NEAR(*stats->sentiment, (0.8 - 0.7 + 0.0 + 0.3) / 4, 1e-9);
  // Three Paris days; 23:30 UTC on the 1st is the 2nd in Paris.
  ASSERT_EQ(stats->series.size(), 3u);
  EXPECT_EQ(stats->series[0].start, *ParseTimestamp("2026-03-01T00:00:00+01:00"));
  EXPECT_EQ(stats->series[0].posts, 1);
  EXPECT_EQ(stats->series[1].posts, 2);
  EXPECT_EQ(stats->series[1].negative, 1);
  EXPECT_EQ(stats->series[2].posts, 1);
  // Share of voice: the brand in three posts, its competitor in two.
  ASSERT_EQ(stats->topics.size(), 2u);
  EXPECT_EQ(stats->topics[0].name, "Velora");
  EXPECT_EQ(stats->topics[0].posts, 3);
  EXPECT_EQ(stats->topics[1].kind, TopicKind::kCompetitor);
  EXPECT_EQ(stats->topics[1].posts, 2);
  EXPECT_EQ(stats->platforms[0].key, "mastodon");
  EXPECT_EQ(stats->platforms[0].posts, 3);
  // Terms used in two posts or more, stop words out, as written most often.
  ASSERT_FALSE(stats->top_terms.empty());
  EXPECT_EQ(stats->top_terms[0].term, "vélo");
  EXPECT_EQ(stats->top_terms[0].posts, 4);
  for (const TermCount& t : stats->top_terms) {
    EXPECT_NE(t.term, "est");  // a stop word
    EXPECT_NE(t.term, "pas");  // a negation
  }
  ASSERT_EQ(stats->top_hashtags.size(), 1u);
  EXPECT_EQ(stats->top_hashtags[0].term, "#VeloraRide");
  EXPECT_EQ(stats->terms_sampled, 4);
}

TEST_F(ListeningStatsTest, HoursForShortRangesFilteredByTopic) {
  Add("a1", "Velora", "2026-03-01T09:10:00Z", 0.5, {brand_});
  Add("a2", "Velora encore", "2026-03-01T09:50:00Z", -0.5, {brand_});
  Add("c3", "VanMoof", "2026-03-01T11:00:00Z", 0.0, {rival_});
  StatsRequest req;
  req.filter = {.workspace_id = ws_,
                .topic = brand_,
                .since = *ParseTimestamp("2026-03-01T08:00:00Z"),
                .until = *ParseTimestamp("2026-03-01T12:00:00Z")};
  auto stats = ComputeListeningStats(*store_, *analyzer_, req);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->interval, Interval::kHour);
  ASSERT_EQ(stats->series.size(), 4u);
  EXPECT_EQ(stats->series[1].posts, 2);
  EXPECT_NEAR(*stats->series[1].sentiment, 0.0, 1e-9);
  EXPECT_FALSE(stats->series[0].sentiment);
  EXPECT_EQ(stats->series[3].posts, 0);  // the competitor's post is filtered out
  EXPECT_EQ(stats->total, 2);
}

TEST_F(ListeningStatsTest, RefusesBadRanges) {
  StatsRequest req;
  req.filter = {.workspace_id = ws_};
  EXPECT_FALSE(ComputeListeningStats(*store_, *analyzer_, req));
  req.filter.since = *ParseTimestamp("2026-03-02T00:00:00Z");
  req.filter.until = *ParseTimestamp("2026-03-01T00:00:00Z");
  EXPECT_FALSE(ComputeListeningStats(*store_, *analyzer_, req));
  req.filter.until = *ParseTimestamp("2026-06-01T00:00:00Z");
  req.interval = Interval::kHour;
  EXPECT_FALSE(ComputeListeningStats(*store_, *analyzer_, req));
  req.interval.reset();
  req.time_zone = "Mars/Olympus";
  EXPECT_FALSE(ComputeListeningStats(*store_, *analyzer_, req));
}

}  // namespace
}  // namespace tribu::analytics
