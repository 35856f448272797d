#include "connectors/mastodon/mastodon_source.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/scripted_http_client.h"
#include "support/ws_peer.h"

namespace tribu::connectors::mastodon {
namespace {

std::string Fixture(const std::string& name) { return testing::ReadFixture("mastodon/" + name); }

using testing::HeaderOf;

class MastodonSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<Source> Make(std::string config, std::string token = "tok") {
    Channel c;
    c.id = ChannelId{2};
    c.workspace_id = WorkspaceId{1};
    c.platform = "mastodon";
    c.name = "m";
    c.config_json = std::move(config);
    auto s = mastodon::MakeSource(c, std::move(token), {http_, clock_});
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s ? std::move(*s) : nullptr;
  }
  testing::ScriptedHttpClient http_;
  ManualClock clock_{FromUnixMillis(1'795'000'000'000)};
};

TEST_F(MastodonSourceTest, ReadsAHashtagTimelineWithBoostsAndBadItems) {
  auto source = Make(R"({"server":"https://mastodon.social/","tag":"#velora"})");
  http_.Answer(200, Fixture("tag-velora.json"));
  auto batch = source->Fetch("");
  ASSERT_TRUE(batch) << batch.error().error.message;
  EXPECT_EQ(http_.requests()[0].url,
            "https://mastodon.social/api/v1/timelines/tag/velora?limit=40");
  EXPECT_EQ(HeaderOf(http_.requests()[0], "Authorization"), "Bearer tok");
  ASSERT_EQ(batch->posts.size(), 2u);
  const Post& a = batch->posts[0];
  EXPECT_EQ(a.external_id, "https://piaille.fr/users/cycliste42/statuses/113550000000000003");
  EXPECT_EQ(a.author.handle, "@cycliste42@piaille.fr");
  EXPECT_EQ(a.author.display_name, "Cycliste 42 🚲");
  EXPECT_EQ(a.author.followers, 812);
  EXPECT_EQ(a.text,
            "Troisième batterie #Velora qui lâche en un an. @velora vous comptez faire quelque "
            "chose\u00a0?");
  EXPECT_EQ(a.lang, "fr");
  EXPECT_EQ(a.metrics.likes, 17);
  EXPECT_EQ(a.metrics.shares, 5);
  EXPECT_EQ(a.metrics.replies, 2);
  EXPECT_EQ(FormatIso8601(a.published_at), "2026-11-23T09:12:40.000Z");
  // A boost is the original status, by its author, with the content warning kept.
  const Post& b = batch->posts[1];
  EXPECT_EQ(b.external_id, "https://mastodon.social/users/velora/statuses/113549000000000001");
  EXPECT_EQ(b.author.handle, "@velora@mastodon.social");
  EXPECT_EQ(
      b.text,
      "CW: product recall\n\nSafety notice: we are recalling Urban 3 batteries made in March.");
  ASSERT_EQ(batch->skipped.size(), 1u);
  EXPECT_NE(batch->skipped[0].reason.find("created_at"), std::string::npos)
      << batch->skipped[0].reason;
  EXPECT_EQ(batch->cursor, R"({"min_id":"113550000000000003"})");
  EXPECT_FALSE(batch->more);
}

TEST_F(MastodonSourceTest, PagesForwardFromTheCursorUntilCaughtUp) {
  auto source = Make(R"({"server":"https://m.example","timeline":"public"})", "");
  std::string full = "[";
  for (int i = 0; i < 40; ++i) {
    full +=
        std::string(i ? "," : "") + R"({"id":")" + std::to_string(200 - i) +
        R"(","uri":"https://m.example/s/)" + std::to_string(200 - i) +
        R"(","created_at":"2026-11-23T10:00:00Z","content":"<p>hi</p>","account":{"acct":"a","followers_count":1}})";
  }
  full += "]";
  http_.Answer(200, full);
  http_.Answer(200, "[]");
  auto first = source->Fetch(R"({"min_id":"160"})");
  ASSERT_TRUE(first);
  EXPECT_EQ(http_.requests()[0].url,
            "https://m.example/api/v1/timelines/public?limit=40&min_id=160");
  EXPECT_EQ(HeaderOf(http_.requests()[0], "Authorization"), "");
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->cursor, R"({"min_id":"200"})");
  auto second = source->Fetch(first->cursor);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->more);
  EXPECT_EQ(second->cursor, first->cursor);
  EXPECT_EQ(http_.requests()[1].url,
            "https://m.example/api/v1/timelines/public?limit=40&min_id=200");
}

TEST_F(MastodonSourceTest, CollectsMentionsWithTheirConversation) {
  auto source = Make(R"({"server":"https://mastodon.social","timeline":"mentions"})");
  http_.Answer(200, Fixture("notifications-mentions.json"));
  http_.Answer(200, Fixture("context.json"));
  auto batch = source->Fetch("");
  ASSERT_TRUE(batch) << batch.error().error.message;
  EXPECT_EQ(http_.requests()[0].url,
            "https://mastodon.social/api/v1/notifications?types[]=mention&limit=40");
  EXPECT_EQ(http_.requests()[1].url,
            "https://mastodon.social/api/v1/statuses/113551000000000010/context");
  ASSERT_EQ(batch->posts.size(), 2u);
  EXPECT_EQ(batch->posts[0].author.handle, "@ana@eldritch.cafe");
  // The reply points at its parent by the parent's uri.
  EXPECT_EQ(batch->posts[0].parent_external_id,
            "https://mastodon.social/users/velora/statuses/113550500000000001");
  EXPECT_EQ(batch->posts[1].external_id, batch->posts[0].parent_external_id);
  EXPECT_EQ(batch->cursor, R"({"min_id":"901"})");
}

TEST_F(MastodonSourceTest, SearchAndErrors) {
  auto source =
      Make(R"({"server":"https://m.example","timeline":"search","query":"vélo électrique"})");
  http_.Answer(200, R"({"accounts":[],"hashtags":[],"statuses":[]})");
  http_.Answer(401, R"({"error":"The access token is invalid"})");
  http_.Answer(200, "<html>maintenance</html>");
  auto ok = source->Fetch("");
  ASSERT_TRUE(ok);
  EXPECT_EQ(http_.requests()[0].url,
            "https://m.example/api/v2/"
            "search?type=statuses&resolve=false&q=v%C3%A9lo%20%C3%A9lectrique&limit=40");
  auto denied = source->Fetch("");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().error.code, ErrorCode::kUnauthenticated);
  EXPECT_NE(denied.error().error.message.find("The access token is invalid"), std::string::npos);
  auto html = source->Fetch("");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().error.code, ErrorCode::kInvalidArgument);
}

TEST_F(MastodonSourceTest, FollowsTheStreamingApiOnceCaughtUpAndPollsAgainAfterABreak) {
  testing::WsPeer ws;
  auto connector = MakeBeastWebSocketConnector({.user_agent = "tribu-test"});
  Channel c;
  c.id = ChannelId{2};
  c.workspace_id = WorkspaceId{1};
  c.platform = "mastodon";
  c.name = "m";
  c.config_json = R"({"server":"https://m.example","tag":"velora","streaming_url":")" + ws.Url() +
                  R"(/api/v1/streaming"})";
  auto source = mastodon::MakeSource(c, "tok", {http_, clock_, connector.get()});
  ASSERT_TRUE(source) << source.error().message;
  http_.Answer(200, "[]");  // caught up at once
  auto first = (*source)->Fetch(R"({"min_id":"100"})");
  ASSERT_TRUE(first) << first.error().error.message;
  EXPECT_TRUE(first->more);  // the stream is open: read it right away
  ASSERT_EQ(ws.targets().size(), 1u);
  EXPECT_EQ(ws.targets()[0], "/api/v1/streaming?stream=hashtag&tag=velora&access_token=tok");

  const std::string status =
      R"({"id":"105","uri":"https://m.example/s/105","created_at":"2026-11-23T10:00:00Z",)"
      R"("content":"<p>Velora live</p>","account":{"acct":"ana","followers_count":3}})";
  nlohmann::json event = {
      {"stream", {"hashtag", "velora"}}, {"event", "update"}, {"payload", status}};
  ws.Send(nlohmann::json{{"stream", {"hashtag"}}, {"event", "delete"}, {"payload", "99"}}.dump());
  ws.Send(event.dump());
  auto live = (*source)->Fetch(first->cursor);
  ASSERT_TRUE(live);
  ASSERT_EQ(live->posts.size(), 1u);
  EXPECT_EQ(live->posts[0].text, "Velora live");
  EXPECT_EQ(live->cursor, R"({"min_id":"105"})");

  // The stream breaks: the next fetch polls from the cursor, then reconnects.
  ws.Drop();
  auto broken = (*source)->Fetch(live->cursor);
  ASSERT_TRUE(broken);
  EXPECT_TRUE(broken->more);
  http_.Answer(200, "[]");
  auto again = (*source)->Fetch(broken->cursor);
  ASSERT_TRUE(again);
  EXPECT_EQ(http_.requests().back().url,
            "https://m.example/api/v1/timelines/tag/velora?limit=40&min_id=105");
  EXPECT_EQ(ws.targets().size(), 2u);
}

TEST_F(MastodonSourceTest, ValidatesSettings) {
  EXPECT_TRUE(ValidateConfig(R"({"server":"https://m.example","tag":"velora"})"));
  EXPECT_FALSE(ValidateConfig(R"({"server":"https://m.example"})"));  // hashtag needs a tag
  EXPECT_FALSE(ValidateConfig(R"({"server":"https://m.example","tag":"a b"})"));
  EXPECT_FALSE(ValidateConfig(R"({"server":"m.example","tag":"x"})"));
  EXPECT_FALSE(ValidateConfig(R"({"server":"https://m.example","timeline":"search"})"));
  EXPECT_FALSE(ValidateConfig(R"({"server":"https://m.example","timeline":"firehose"})"));
  EXPECT_FALSE(ValidateConfig(R"({"server":"https://m.example","tag":"x","context":"yes"})"));
  Channel c;
  c.platform = "mastodon";
  c.config_json = R"({"server":"https://m.example","timeline":"mentions"})";
  auto no_token = mastodon::MakeSource(c, "", {http_, clock_});
  ASSERT_FALSE(no_token);
  EXPECT_NE(no_token.error().message.find("access token"), std::string::npos);
}

}  // namespace
}  // namespace tribu::connectors::mastodon
