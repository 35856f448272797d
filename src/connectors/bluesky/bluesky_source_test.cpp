#include "connectors/bluesky/bluesky_source.h"

#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/scripted_http_client.h"
#include "support/ws_peer.h"

namespace tribu::connectors::bluesky {
namespace {

using namespace std::chrono_literals;

std::string Fixture(const std::string& name) { return testing::ReadFixture("bluesky/" + name); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

using testing::HeaderOf;

Channel MakeChannel(std::string config) {
  Channel c;
  c.id = ChannelId{5};
  c.workspace_id = WorkspaceId{1};
  c.platform = "bluesky";
  c.name = "b";
  c.config_json = std::move(config);
  return c;
}

class BlueskyTest : public ::testing::Test {
 protected:
  testing::ScriptedHttpClient http_;
  ManualClock clock_{FromUnixMillis(1'795'400'000'000)};
};

TEST_F(BlueskyTest, SearchesLatestPostsAndResumesFromTheNewest) {
  auto source = bluesky::MakeSource(MakeChannel(R"({"query":"velora"})"), "", {http_, clock_});
  ASSERT_TRUE(source) << source.error().message;
  http_.Answer(200, Fixture("search-velora.json"));
  auto batch = (*source)->Fetch("");
  ASSERT_TRUE(batch) << batch.error().error.message;
  EXPECT_EQ(
      http_.requests()[0].url,
      "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=velora&sort=latest&limit=100");
  ASSERT_EQ(batch->posts.size(), 1u);
  const Post& p = batch->posts[0];
  EXPECT_EQ(p.external_id,
            "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lbqjgrzhw22k");
  EXPECT_EQ(p.author.handle, "@lea-roule.bsky.social");
  EXPECT_EQ(p.author.display_name, "Léa roule");
  EXPECT_EQ(p.lang, "fr");
  EXPECT_EQ(p.metrics.likes, 31);
  EXPECT_EQ(p.metrics.shares, 3);  // reposts and quotes
  EXPECT_EQ(p.parent_external_id, "at://did:plc:velora/app.bsky.feed.post/3lbqiaaaaaa2k");
  EXPECT_EQ(p.url, "https://bsky.app/profile/lea-roule.bsky.social/post/3lbqjgrzhw22k");
  ASSERT_EQ(batch->skipped.size(), 1u);
  EXPECT_NE(batch->skipped[0].reason.find("createdAt"), std::string::npos);
  EXPECT_FALSE(batch->more);
  EXPECT_EQ(batch->cursor, R"({"since":"2026-11-23T08:41:08.120Z"})");

  http_.Answer(200, R"({"posts":[]})");
  auto next = (*source)->Fetch(batch->cursor);
  ASSERT_TRUE(next);
  EXPECT_EQ(
      http_.requests()[1].url,
      "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=velora&sort=latest&limit=100"
      "&since=2026-11-23T08%3A41%3A08.120Z");
  EXPECT_EQ(next->cursor, batch->cursor);
}

TEST_F(BlueskyTest, LogsInWithAnAppPasswordAndAgainWhenTheTokenExpires) {
  auto source =
      bluesky::MakeSource(MakeChannel(R"({"query":"velora","identifier":"brand.bsky.social"})"),
                          "app-pass-1234", {http_, clock_});
  ASSERT_TRUE(source);
  http_.Answer(
      200,
      R"({"did":"did:plc:brand","handle":"brand.bsky.social","accessJwt":"jwt-1","refreshJwt":"r"})");
  http_.Answer(200, R"({"posts":[]})");
  http_.Answer(400, R"({"error":"ExpiredToken","message":"Token has expired"})");
  http_.Answer(200, R"({"accessJwt":"jwt-2","refreshJwt":"r"})");
  http_.Answer(200, R"({"posts":[]})");
  ASSERT_TRUE((*source)->Fetch(""));
  ASSERT_TRUE((*source)->Fetch(""));
  auto req = http_.requests();
  ASSERT_EQ(req.size(), 5u);
  EXPECT_EQ(req[0].url, "https://bsky.social/xrpc/com.atproto.server.createSession");
  EXPECT_EQ(req[0].body, R"({"identifier":"brand.bsky.social","password":"app-pass-1234"})");
  EXPECT_EQ(HeaderOf(req[1], "Authorization"), "Bearer jwt-1");
  EXPECT_EQ(HeaderOf(req[4], "Authorization"), "Bearer jwt-2");

  http_.Answer(400, R"({"error":"ExpiredToken"})");
  http_.Answer(401,
               R"({"error":"AuthenticationRequired","message":"Invalid identifier or password"})");
  auto refused = (*source)->Fetch("");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().error.code, ErrorCode::kUnauthenticated);
  EXPECT_NE(refused.error().error.message.find("Invalid identifier or password"),
            std::string::npos);
}

TEST_F(BlueskyTest, FollowsJetstreamFiltersByKeywordAndResumesFromTheCursor) {
  testing::WsPeer peer;
  for (const auto& line : Lines(Fixture("jetstream-events.jsonl"))) peer.Send(line);
  auto ws = MakeBeastWebSocketConnector({.user_agent = "tribu-test"});
  SourceEnv env{http_, clock_, ws.get()};
  auto source = bluesky::MakeSource(MakeChannel(R"({"mode":"jetstream","jetstream":")" +
                                                peer.Url() + R"(","keywords":["Velora"]})"),
                                    "", env);
  ASSERT_TRUE(source) << source.error().message;
  auto batch = (*source)->Fetch("");
  ASSERT_TRUE(batch) << batch.error().error.message;
  ASSERT_EQ(batch->posts.size(), 2u);
  EXPECT_EQ(batch->posts[0].external_id,
            "at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3lbqkaaaa1");
  EXPECT_EQ(batch->posts[0].author.handle, "did:plc:eygmaihciaxprqvxpfvl6flk");
  EXPECT_EQ(batch->posts[0].text, "My VELORA bike died on the bridge this morning");
  EXPECT_EQ(batch->posts[1].lang, "fr");
  EXPECT_EQ(batch->posts[1].parent_external_id, batch->posts[0].external_id);
  EXPECT_EQ(batch->skipped.size(), 2u);  // the broken date, the line that is not JSON
  EXPECT_TRUE(batch->more);
  EXPECT_EQ(batch->cursor, R"({"time_us":1795395600000007})");
  EXPECT_EQ(peer.targets().at(0), "/subscribe?wantedCollections=app.bsky.feed.post");

  // The instance goes away: the source says so, then resumes from its cursor.
  peer.Drop();
  auto broken = (*source)->Fetch(batch->cursor);
  EXPECT_TRUE(!broken || broken->posts.empty());
  peer.Send(
      R"({"did":"did:plc:new","time_us":1795395700000000,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3new","record":{"createdAt":"2026-11-23T09:01:40Z","text":"velora again"}}})");
  FetchResult resumed = (*source)->Fetch(batch->cursor);
  for (int i = 0; i < 3 && (!resumed || resumed->posts.empty()); ++i) {
    resumed = (*source)->Fetch(batch->cursor);
  }
  ASSERT_TRUE(resumed) << resumed.error().error.message;
  ASSERT_FALSE(resumed->posts.empty());
  EXPECT_EQ(resumed->posts.back().external_id, "at://did:plc:new/app.bsky.feed.post/3new");
  auto targets = peer.targets();
  ASSERT_GE(targets.size(), 2u);
  EXPECT_EQ(targets.back(),
            "/subscribe?wantedCollections=app.bsky.feed.post&cursor=1795395595000007");
}

TEST_F(BlueskyTest, ValidatesSettings) {
  EXPECT_TRUE(ValidateConfig(R"({"query":"velora"})"));
  EXPECT_FALSE(ValidateConfig(R"({})"));
  EXPECT_FALSE(ValidateConfig(R"({"mode":"jetstream"})"));  // the whole firehose: refused
  EXPECT_FALSE(ValidateConfig(R"({"mode":"jetstream","dids":["alice"]})"));
  EXPECT_TRUE(ValidateConfig(R"({"mode":"jetstream","dids":["did:plc:abc"]})"));
  EXPECT_FALSE(ValidateConfig(R"({"mode":"jetstream","keywords":["x"],"jetstream":"https://x"})"));
  auto no_ws = bluesky::MakeSource(MakeChannel(R"({"mode":"jetstream","keywords":["x"]})"), "",
                                   {http_, clock_});
  EXPECT_FALSE(no_ws);
}

}  // namespace
}  // namespace tribu::connectors::bluesky
