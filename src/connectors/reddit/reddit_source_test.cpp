#include "connectors/reddit/reddit_source.h"

#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/scripted_http_client.h"

namespace tribu::connectors::reddit {
namespace {

std::string Fixture(const std::string& name) { return testing::ReadFixture("reddit/" + name); }

using testing::HeaderOf;

constexpr const char* kToken =
    R"({"access_token":"tok-1","token_type":"bearer","expires_in":86400,"scope":"*"})";

class RedditSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<Source> Make(std::string config, std::string secret = "app-secret") {
    Channel c;
    c.id = ChannelId{3};
    c.workspace_id = WorkspaceId{1};
    c.platform = "reddit";
    c.name = "r";
    c.config_json = std::move(config);
    auto s = reddit::MakeSource(c, std::move(secret), {http_, clock_});
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? std::move(*s) : nullptr;
  }
  testing::ScriptedHttpClient http_;
  ManualClock clock_{FromUnixMillis(1'795'400'000'000)};
};

TEST_F(RedditSourceTest, AuthenticatesThenReadsTheNewestPosts) {
  auto source = Make(R"({"subreddit":"velo","client_id":"my-app"})");
  http_.Answer(200, kToken);
  http_.Answer(200, Fixture("new.json"));
  auto batch = source->Fetch("");
  ASSERT_TRUE(batch) << batch.error().error.message;
  auto req = http_.requests();
  ASSERT_EQ(req.size(), 2u);
  EXPECT_EQ(req[0].method, "POST");
  EXPECT_EQ(req[0].url, "https://www.reddit.com/api/v1/access_token");
  EXPECT_EQ(req[0].body, "grant_type=client_credentials");
  EXPECT_EQ(HeaderOf(req[0], "Authorization"),
            "Basic bXktYXBwOmFwcC1zZWNyZXQ=");  // my-app:app-secret
  EXPECT_EQ(req[1].url, "https://oauth.reddit.com/r/velo/new?limit=100&raw_json=1");
  EXPECT_EQ(HeaderOf(req[1], "Authorization"), "bearer tok-1");
  ASSERT_EQ(batch->posts.size(), 2u);
  const Post& a = batch->posts[0];
  EXPECT_EQ(a.external_id, "t3_1h2abc3");
  EXPECT_EQ(a.author.handle, "u/velotafeur_lyon");
  EXPECT_TRUE(a.text.starts_with("Velora Urban 3 qui s'éteint en montée\n\nBonjour"));
  EXPECT_EQ(a.metrics.likes, 42);
  EXPECT_EQ(a.metrics.replies, 17);
  EXPECT_EQ(ToUnixMillis(a.published_at), 1'795'395'600'000);
  EXPECT_EQ(a.url,
            "https://www.reddit.com/r/velo/comments/1h2abc3/velora_urban_3_qui_séteint_en_montée/");
  EXPECT_EQ(batch->posts[1].metrics.likes, 0);                                     // a score of -3
  EXPECT_EQ(batch->posts[1].text, "Velora recalls batteries & promises refunds");  // raw_json
  ASSERT_EQ(batch->skipped.size(), 1u);
  EXPECT_NE(batch->skipped[0].reason.find("author"), std::string::npos);
  EXPECT_EQ(batch->cursor, R"({"before":"t3_1h2abc3","created":1795395600.0})");

  // The token is reused; paging goes forward from the newest item.
  http_.Answer(200, Fixture("comments.json"));
  auto next = source->Fetch(batch->cursor);
  ASSERT_TRUE(next);
  EXPECT_EQ(http_.requests()[2].url,
            "https://oauth.reddit.com/r/velo/new?limit=100&raw_json=1&before=t3_1h2abc3");
  ASSERT_EQ(next->posts.size(), 1u);
  EXPECT_EQ(next->posts[0].parent_external_id, "t3_1h2abc3");
}

TEST_F(RedditSourceTest, FallsBackToTheNewestPageWhenTheAnchorIsGone) {
  auto source = Make(R"({"subreddit":"velo","client_id":"my-app","listing":"comments"})");
  http_.Answer(200, kToken);
  http_.Answer(200, R"({"kind":"Listing","data":{"children":[]}})");
  http_.Answer(200, Fixture("new.json"));
  auto batch = source->Fetch(R"({"before":"t3_gone","created":1795393000})");
  ASSERT_TRUE(batch) << batch.error().error.message;
  EXPECT_EQ(http_.requests()[1].url,
            "https://oauth.reddit.com/r/velo/comments?limit=100&raw_json=1&before=t3_gone");
  EXPECT_EQ(http_.requests()[2].url,
            "https://oauth.reddit.com/r/velo/comments?limit=100&raw_json=1");
  ASSERT_EQ(batch->posts.size(), 1u);  // only what is newer than the anchor
  EXPECT_EQ(batch->posts[0].external_id, "t3_1h2abc3");
}

TEST_F(RedditSourceTest, ReportsRefusedCredentialsAndRenewsAnExpiredToken) {
  auto source = Make(R"({"listing":"search","query":"velora vélo","client_id":"my-app"})");
  http_.Answer(401, R"({"message": "Unauthorized", "error": 401})");
  auto refused = source->Fetch("");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().error.code, ErrorCode::kUnauthenticated);
  http_.Answer(200, kToken);
  http_.Answer(401, R"({"message": "Unauthorized", "error": 401})");
  ASSERT_FALSE(source->Fetch(""));
  http_.Answer(200, kToken);  // a new token after the 401
  http_.Answer(200, Fixture("comments.json"));
  auto ok = source->Fetch("");
  ASSERT_TRUE(ok) << ok.error().error.message;
  auto req = http_.requests();
  EXPECT_EQ(req.back().url,
            "https://oauth.reddit.com/search?q=velora%20v%C3%A9lo&sort=new&limit=100&raw_json=1");
  EXPECT_FALSE(reddit::MakeSource({}, "", {http_, clock_}));
  EXPECT_FALSE(ValidateConfig(R"({"subreddit":"r/bad name","client_id":"x"})"));
  EXPECT_FALSE(ValidateConfig(R"({"subreddit":"velo"})"));  // no client_id
  EXPECT_TRUE(ValidateConfig(R"({"subreddit":"r/velo","client_id":"x"})"));
}

}  // namespace
}  // namespace tribu::connectors::reddit
