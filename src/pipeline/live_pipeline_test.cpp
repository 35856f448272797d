// The live pipeline in one process: collector → bus → annotate → store →
// events, against a real SQLite store and a scripted platform.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "support/scripted_http_client.h"
#include "support/temp_dir.h"
#include "tribu/pipeline/collector.h"
#include "tribu/pipeline/pipeline.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::pipeline {
namespace {

using namespace std::chrono_literals;

std::string Rss(std::initializer_list<std::pair<const char*, const char*>> items) {
  std::string out = "<rss version=\"2.0\"><channel><title>Velo News</title>";
  for (const auto& [id, title] : items) {
    out += std::string("<item><guid>") + id + "</guid><title>" + title +
           "</title><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item>";
  }
  return out + "</channel></rss>";
}

class LivePipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.path = dir_.File("tribu.db");
    auto store = OpenSqliteStore(options, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
    auto analyzer = text::Analyzer::Create({});
    ASSERT_TRUE(analyzer);
    analyzer_ = std::move(*analyzer);
    log_ =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  }

  Channel AddFeed(std::string name) {
    auto c = store_->CreateChannel(
        {.workspace_id = ws_,
         .platform = "rss",
         .name = std::move(name),
         .config_json = R"({"url":"https://feeds.example.com/rss","interval_seconds":5})"});
    EXPECT_TRUE(c);
    return *c;
  }

  // Waits (bounded) until pred holds.
  template <class Pred>
  bool Eventually(Pred pred) {
    for (int i = 0; i < 500; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return pred();
  }

  testing::TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const text::Analyzer> analyzer_;
  std::shared_ptr<spdlog::logger> log_;
  WorkspaceId ws_;
  testing::ScriptedHttpClient http_;
};

TEST_F(LivePipelineTest, CollectsAnalysesMatchesStoresAndEmitsEvents) {
  auto topic = store_->CreateTopic({.workspace_id = ws_, .name = "Velora", .query = "velora"});
  ASSERT_TRUE(topic);
  Channel ch = AddFeed("news");
  http_.Answer(200,
               Rss({{"a", "Velora recalls 12,000 e-bikes after battery fires"},
                    {"b", "Winter cycling tips for commuters"}}),
               {{"etag", "\"v1\""}});

  auto bus = bus::MakeInProcessBus();
  auto events = bus->Subscribe(kEventsSubject, "test");
  ASSERT_TRUE(events);
  auto pipeline = Pipeline::Start(*store_, *bus, analyzer_, clock_, *log_);
  ASSERT_TRUE(pipeline) << pipeline.error().message;
  Collector collector(*store_, *bus, http_, nullptr, clock_, *log_, {.workers = 2, .reload = 50ms});
  collector.Start();

  ASSERT_TRUE(Eventually([&] { return *store_->CountPosts(ws_) == 2; }));
  std::vector<PostStored> seen;
  while (seen.size() < 2) {
    auto m = (*events)->Next(5s);
    ASSERT_TRUE(m);
    auto e = DecodePostStored(m->data);
    ASSERT_TRUE(e) << e.error().message;
    seen.push_back(*e);
  }
  collector.Stop();
  EXPECT_TRUE(seen[0].is_new);
  EXPECT_EQ(seen[0].post.external_id, "a");
  EXPECT_EQ(seen[0].post.topics, std::vector<TopicId>{topic->id});
  EXPECT_TRUE(seen[1].post.topics.empty());
  auto stored = store_->GetPost(ws_, seen[0].post.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->lang, "en");  // detected
  EXPECT_TRUE(stored->sentiment.has_value());
  EXPECT_EQ(stored->channel_id, ch.id);
  auto status = store_->GetChannelStatus(ch.id);
  EXPECT_EQ(status->health, ChannelHealth::kOk);
  EXPECT_EQ(status->cursor, R"({"etag":"\"v1\""})");
  EXPECT_EQ(status->items_collected, 2);
}

TEST_F(LivePipelineTest, RetriesTransientFailuresAndFlagsThoseThatNeedAPerson) {
  Channel flaky = AddFeed("flaky");
  // One channel at a time, so that the script is consumed in order.
  http_.Answer(503, "busy", {{"retry-after", "0"}});
  http_.Fails(ErrorCode::kDeadlineExceeded, "timed out");
  http_.Answer(200, Rss({{"x", "finally"}}));
  auto bus = bus::MakeInProcessBus();
  auto pipeline = Pipeline::Start(*store_, *bus, analyzer_, clock_, *log_);
  ASSERT_TRUE(pipeline);
  Collector collector(
      *store_, *bus, http_, nullptr, clock_, *log_,
      {.workers = 1, .reload = 50ms, .backoff = {.initial = 20ms, .max = 100ms, .multiplier = 2}});
  collector.Start();
  ASSERT_TRUE(Eventually([&] { return *store_->CountPosts(ws_) == 1; }));
  ASSERT_TRUE(
      Eventually([&] { return store_->GetChannelStatus(flaky.id)->health == ChannelHealth::kOk; }));
  EXPECT_EQ(store_->GetChannelStatus(flaky.id)->consecutive_failures, 0);
  // The last error stays on record, dated, for whoever looks at the channel's history.
  EXPECT_NE(store_->GetChannelStatus(flaky.id)->last_error.find("timed out"), std::string::npos);
  EXPECT_EQ(http_.requests().size(), 3u);
  collector.Stop();
}

TEST_F(LivePipelineTest, ARevokedTokenPutsTheChannelInErrorWithThePlatformsMessage) {
  Channel ch = AddFeed("private");
  http_.Answer(401, R"({"error":"The access token was revoked"})");
  auto bus = bus::MakeInProcessBus();
  Collector collector(*store_, *bus, http_, nullptr, clock_, *log_, {.workers = 1, .reload = 50ms});
  collector.Start();
  ASSERT_TRUE(
      Eventually([&] { return store_->GetChannelStatus(ch.id)->health == ChannelHealth::kError; }));
  collector.Stop();
  auto st = store_->GetChannelStatus(ch.id);
  EXPECT_NE(st->last_error.find("The access token was revoked"), std::string::npos);
  EXPECT_EQ(st->consecutive_failures, 1);
  ASSERT_TRUE(st->next_attempt_at);
  EXPECT_GT(*st->next_attempt_at, clock_.Now());
}

}  // namespace
}  // namespace tribu::pipeline
