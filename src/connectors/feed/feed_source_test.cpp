#include "connectors/feed/feed_source.h"

#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/scripted_http_client.h"

namespace tribu::connectors::feed {
namespace {

std::string Fixture(const std::string& name) { return testing::ReadFixture("feeds/" + name); }

using testing::HeaderOf;

class FeedSourceTest : public ::testing::Test {
 protected:
  FeedSourceTest() {
    channel_.id = ChannelId{7};
    channel_.workspace_id = WorkspaceId{3};
    channel_.platform = "rss";
    channel_.name = "news";
    channel_.config_json = R"({"url":"https://feeds.example.com/rss","interval_seconds":60})";
  }
  std::unique_ptr<Source> Make() {
    auto s = MakeSource(channel_, "", {http_, clock_});
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return std::move(*s);
  }

  Channel channel_;
  testing::ScriptedHttpClient http_;
  ManualClock clock_{FromUnixMillis(1'795'000'000'000)};
};

TEST_F(FeedSourceTest, TurnsItemsIntoPostsAndRemembersTheValidators) {
  http_.Answer(200, Fixture("lemonde-rss.xml"),
               {{"content-type", "application/rss+xml"},
                {"etag", "\"v1\""},
                {"last-modified", "Mon, 23 Nov 2026 09:41:22 GMT"}});
  auto source = Make();
  EXPECT_EQ(source->interval(), std::chrono::seconds(60));
  auto batch = source->Fetch("");
  ASSERT_TRUE(batch) << batch.error().error.message;
  ASSERT_EQ(batch->posts.size(), 2u);
  const Post& p = batch->posts[0];
  EXPECT_EQ(p.workspace_id, WorkspaceId{3});
  EXPECT_EQ(p.channel_id, ChannelId{7});
  EXPECT_EQ(p.platform, "rss");
  EXPECT_EQ(
      p.external_id,
      "https://www.lemonde.fr/economie/article/2026/11/23/velora-rappelle-12-000-velos_6201.html");
  EXPECT_EQ(p.author.handle, "Économie : Toute l'actualité sur Le Monde.fr.");
  EXPECT_TRUE(
      p.text.starts_with("Velora rappelle 12 000 vélos électriques après des incendies "
                         "de batterie\n\nLe fabricant français"));
  EXPECT_EQ(batch->posts[1].author.handle, "Marie Dupont");
  EXPECT_EQ(batch->cursor, R"({"etag":"\"v1\"","last_modified":"Mon, 23 Nov 2026 09:41:22 GMT"})");

  // The next poll is conditional; 304 keeps the cursor and stores nothing.
  http_.Answer(304, "");
  auto again = source->Fetch(batch->cursor);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->posts.empty());
  EXPECT_EQ(again->cursor, batch->cursor);
  auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(HeaderOf(requests[0], "If-None-Match"), "");
  EXPECT_EQ(HeaderOf(requests[1], "If-None-Match"), "\"v1\"");
  EXPECT_EQ(HeaderOf(requests[1], "If-Modified-Since"), "Mon, 23 Nov 2026 09:41:22 GMT");
  EXPECT_EQ(requests[1].timeout, std::chrono::seconds(30));
}

TEST_F(FeedSourceTest, SkipsDuplicatesAndDatesUndatedItemsWhenCollected) {
  http_.Answer(200, Fixture("broken-truncated.xml"));
  auto batch = Make()->Fetch("");
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->posts.size(), 2u);
  EXPECT_EQ(batch->posts[1].published_at, clock_.Now());
  ASSERT_EQ(batch->skipped.size(), 1u);
  EXPECT_EQ(batch->skipped[0].id, "t2");
  EXPECT_NE(batch->skipped[0].reason.find("appears twice"), std::string::npos);
  bool dated = false;
  bool broken = false;
  for (const auto& w : batch->warnings) {
    dated |= w.find("yesterday at noon") != std::string::npos;
    broken |= w.find("broken after 3 items") != std::string::npos;
  }
  EXPECT_TRUE(dated);
  EXPECT_TRUE(broken);
}

TEST_F(FeedSourceTest, ReportsFailuresWithWhatToRetry) {
  http_.Fails(ErrorCode::kDeadlineExceeded, "timed out");
  http_.Answer(429, "slow down", {{"retry-after", "30"}});
  http_.Answer(200, "<html><body>maintenance</body></html>", {{"content-type", "text/html"}});
  auto source = Make();
  auto timeout = source->Fetch("");
  ASSERT_FALSE(timeout);
  EXPECT_EQ(timeout.error().error.code, ErrorCode::kDeadlineExceeded);
  auto limited = source->Fetch("");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().error.code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(limited.error().retry_after, std::chrono::seconds(30));
  auto html = source->Fetch("");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().error.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(html.error().error.message.find("<html>"), std::string::npos);
}

TEST_F(FeedSourceTest, GivesIdLessItemsAStableId) {
  const std::string rss =
      "<rss><channel><title>T</title><item><title>No id here</title></item></channel></rss>";
  http_.Answer(200, rss);
  http_.Answer(200, rss);
  auto source = Make();
  auto a = source->Fetch("");
  auto b = source->Fetch("garbage cursor");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->posts.size(), 1u);
  EXPECT_TRUE(a->posts[0].external_id.starts_with("sha256:"));
  EXPECT_EQ(a->posts[0].external_id, b->posts[0].external_id);
}

}  // namespace
}  // namespace tribu::connectors::feed
