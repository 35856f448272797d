#include "tribu/connectors/webhook.h"

#include <gtest/gtest.h>

namespace tribu::connectors {
namespace {

const Timestamp kNow = FromUnixMillis(1'795'000'000'000);

TEST(WebhookSignatureTest, AcceptsTheRightSignatureOnly) {
  const std::string body = R"({"text":"hello","author":"ana"})";
  const std::string header = SignWebhook("s3cret", body, kNow);
  EXPECT_TRUE(header.starts_with("t=1795000000,v1="));
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", header, body, kNow));
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", header, body, kNow + std::chrono::seconds(299)));
  // Rotation: an old and a new signature side by side.
  EXPECT_TRUE(VerifyWebhookSignature(
      "s3cret", "t=1795000000,v1=" + std::string(64, 'a') + "," + header.substr(13), body, kNow));

  struct Case {
    std::string secret, header, body;
    Timestamp now;
    const char* says;
  } cases[] = {
      {"s3cret", header, body + " ", kNow, "no signature matches"},
      {"other", header, body, kNow, "no signature matches"},
      {"s3cret", "", body, kNow, "missing"},
      {"s3cret", "v1=abc", body, kNow, "malformed"},
      {"s3cret", "t=x,v1=abc", body, kNow, "malformed"},
      {"s3cret", header, body, kNow + std::chrono::seconds(301), "301s away"},
      {"s3cret", header, body, kNow - std::chrono::hours(1), "3600s away"},
      {"", header, body, kNow, "no secret"},
  };
  for (const auto& c : cases) {
    auto s = VerifyWebhookSignature(c.secret, c.header, c.body, c.now);
    ASSERT_FALSE(s) << c.says;
    EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
    EXPECT_NE(s.error().message.find(c.says), std::string::npos) << s.error().message;
  }
}

Channel Hook() {
  Channel c;
  c.id = ChannelId{4};
  c.workspace_id = WorkspaceId{2};
  c.platform = "webhook";
  c.name = "forum";
  c.config_json = R"({"platform":"discourse"})";
  return c;
}

TEST(WebhookPostsTest, ReadsEveryBodyShapeAndKeepsGoodPostsBesideBadOnes) {
  const std::string one = R"({"id":"1","text":"Velora support is slow","author":"ana"})";
  for (const std::string& body : {one, "[" + one + "]", R"({"posts":[)" + one + "]}", one + "\n"}) {
    auto r = ParseWebhookPosts(Hook(), body, kNow);
    ASSERT_TRUE(r) << body << ": " << r.error().message;
    ASSERT_EQ(r->posts.size(), 1u) << body;
    EXPECT_EQ(r->posts[0].platform, "discourse");
    EXPECT_EQ(r->posts[0].channel_id, ChannelId{4});
    EXPECT_EQ(r->posts[0].workspace_id, WorkspaceId{2});
    EXPECT_EQ(r->posts[0].external_id, "1");
    EXPECT_EQ(r->posts[0].published_at, kNow);
  }
  auto mixed = ParseWebhookPosts(
      Hook(),
      R"([{"text":"ok","author":"a"},{"author":"b"},{"text":"x","author":"c","platform":"BAD PLATFORM"}])",
      kNow);
  ASSERT_TRUE(mixed);
  EXPECT_EQ(mixed->posts.size(), 1u);
  ASSERT_EQ(mixed->rejected.size(), 2u);
  EXPECT_TRUE(mixed->rejected[0].starts_with("post 1: "));
  EXPECT_FALSE(ParseWebhookPosts(Hook(), "42", kNow));
  EXPECT_FALSE(ParseWebhookPosts(Hook(), "[]", kNow));
  std::string many = "[";
  for (int i = 0; i < 11; ++i) many += std::string(i ? "," : "") + one;
  auto too_many = ParseWebhookPosts(Hook(), many + "]", kNow, 10);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("at most 10"), std::string::npos);
}

}  // namespace
}  // namespace tribu::connectors
