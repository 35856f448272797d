#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "tribu/pipeline/annotator.h"
#include "tribu/pipeline/rematch.h"
#include "tribu/pipeline/stages.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::pipeline {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.path = dir_.File("tribu.db");
    auto store = OpenSqliteStore(options, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
  }

  Post MakePost(std::string id, std::string text, std::string lang = "und") {
    Post p;
    p.workspace_id = ws_;
    p.platform = "mastodon";
    p.external_id = std::move(id);
    p.author.handle = "@marie@mastodon.social";
    p.text = std::move(text);
    p.lang = std::move(lang);
    p.published_at = *ParseTimestamp("2026-03-01T10:00:00Z");
    return p;
  }

  std::vector<std::string> TopicPosts(TopicId topic) {
    std::vector<std::string> out;
    PostFilter f{.workspace_id = ws_, .topic = topic, .limit = 500};
    while (true) {
      const auto page = store_->ListPosts(f);
      for (const Post& p : page->posts) out.push_back(p.external_id);
      if (page->next_cursor.empty()) break;
      f.cursor = page->next_cursor;
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  testing::TempDir dir_;
  ManualClock clock_{*ParseTimestamp("2026-03-02T00:00:00Z")};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_;
};

TEST_F(PipelineTest, AnnotatorSetsLanguageSentimentAndTopics) {
  auto battery = store_->CreateTopic(
      {.workspace_id = ws_, .name = "Batterie", .query = "batterie* OR battery"});
  auto angry = store_->CreateTopic(
      {.workspace_id = ws_, .name = "Colère", .query = "velora sentiment:negative"});
  ASSERT_TRUE(battery && angry);
  auto annotator = PostAnnotator::ForWorkspace(*store_, ws_);
  ASSERT_TRUE(annotator) << annotator.error().message;
  std::vector<Post> posts = {
      MakePost("1", "La batterie de mon Velora est morte, je suis vraiment furieux et déçu"),
      MakePost("2", "I love my new Velora, the battery lasts all week, thank you!", "en"),
      MakePost("3", "Rien à voir: une belle balade ce matin")};
  (*annotator)->Annotate(posts);
  EXPECT_EQ(posts[0].lang, "fr");
  ASSERT_TRUE(posts[0].sentiment.has_value());
  EXPECT_LT(*posts[0].sentiment, 0);
  EXPECT_GT(*posts[1].sentiment, 0);
  EXPECT_EQ(posts[0].topics, (std::vector<TopicId>{battery->id, angry->id}));
  EXPECT_EQ(posts[1].topics, (std::vector<TopicId>{battery->id}));
  EXPECT_TRUE(posts[2].topics.empty());
  ASSERT_TRUE(store_->UpsertPosts(posts));
  EXPECT_EQ(TopicPosts(battery->id), (std::vector<std::string>{"1", "2"}));
}

TEST_F(PipelineTest, RematchAppliesAnEditedQueryToStoredPosts) {
  auto topic = store_->CreateTopic({.workspace_id = ws_, .name = "Velora", .query = "velora"});
  ASSERT_TRUE(topic);
  std::vector<Post> posts;
  for (int i = 0; i < 1200; ++i) {  // more than one page of posts
    posts.push_back(
        MakePost(std::to_string(i), i % 3 == 0 ? "mon vélo velora" : "mon vélo cyclon"));
  }
  auto annotator = PostAnnotator::ForWorkspace(*store_, ws_);
  (*annotator)->Annotate(posts);
  ASSERT_TRUE(store_->UpsertPosts(posts));
  EXPECT_EQ(TopicPosts(topic->id).size(), 400u);

  Topic edited = *topic;
  edited.query = "cyclon";
  ASSERT_TRUE(store_->UpdateTopic(edited));
  auto analyzer = text::Analyzer::Create({});
  auto stats = RematchTopics(*store_, **analyzer, ws_, std::vector<Topic>{edited});
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->posts, 1200);
  ASSERT_EQ(stats->matched.size(), 1u);
  EXPECT_EQ(stats->matched[0].second, 800);
  const auto matched = TopicPosts(topic->id);
  EXPECT_EQ(matched.size(), 800u);
  EXPECT_EQ(std::count(matched.begin(), matched.end(), "0"), 0);  // no stale match left

  Topic broken = edited;
  broken.query = "cyclon (";
  auto bad = RematchTopics(*store_, **analyzer, ws_, std::vector<Topic>{broken});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("column"), std::string::npos);
  EXPECT_EQ(TopicPosts(topic->id).size(), 800u);  // nothing changed
}

TEST_F(PipelineTest, AGroupWithABadBatchStillStoresTheOthers) {
  auto ch = store_->CreateChannel({.workspace_id = ws_, .platform = "rss", .name = "gone"});
  ASSERT_TRUE(ch);
  ASSERT_TRUE(store_->DeleteChannel(ws_, ch->id));
  PostBatch good{.workspace = ws_, .posts = {MakePost("1", "hello")}};
  PostBatch orphan{.workspace = ws_, .channel = ch->id, .posts = {MakePost("2", "lost channel")}};
  PostBatch later{.workspace = ws_, .posts = {MakePost("3", "bonjour"), MakePost("4", "salut")}};
  StoreStage stage(*store_);
  std::vector<PostBatch> group = {good, orphan, later};
  auto results = stage.HandleGroup(group);
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0]) << results[0].error().message;
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(results[2]);
  auto events = EventsOf(later, *results[2]);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].post.external_id, "4");
  EXPECT_TRUE(events[1].is_new);
  EXPECT_EQ(store_->GetPost(ws_, events[1].post.id)->text, "salut");
  EXPECT_EQ(*store_->CountPosts(ws_), 3);
}

}  // namespace
}  // namespace tribu::pipeline
