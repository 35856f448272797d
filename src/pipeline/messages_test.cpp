#include "tribu/pipeline/messages.h"

#include <gtest/gtest.h>

namespace tribu::pipeline {
namespace {

TEST(MessagesTest, PostBatchesRoundTrip) {
  Post p;
  p.id = PostId{9};
  p.workspace_id = WorkspaceId{2};
  p.channel_id = ChannelId{5};
  p.platform = "rss";
  p.external_id = "guid-1";
  p.author.handle = "Le Monde";
  p.author.display_name = "Le Monde";
  p.author.followers = 12;
  p.text = "Velora rappelle \"12 000\" vélos\n\u202Eevil";
  p.lang = "fr";
  p.url = "https://example.com/a";
  p.published_at = FromUnixMillis(1'795'000'000'123);
  p.metrics = {1, 2, 3, 4};
  p.sentiment = -0.5;
  p.topics = {TopicId{3}, TopicId{4}};
  PostBatch b{.workspace = WorkspaceId{2},
              .channel = ChannelId{5},
              .cursor = R"({"etag":"x"})",
              .next_attempt_at = FromUnixMillis(1'795'000'900'000),
              .posts = {p}};
  auto back = DecodePostBatch(EncodePostBatch(b));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->channel, ChannelId{5});
  EXPECT_EQ(back->cursor, b.cursor);
  EXPECT_EQ(back->next_attempt_at, b.next_attempt_at);
  ASSERT_EQ(back->posts.size(), 1u);
  const Post& q = back->posts[0];
  EXPECT_EQ(q.text, p.text);
  EXPECT_EQ(q.author.handle, "Le Monde");
  EXPECT_EQ(q.author.followers, 12);
  EXPECT_EQ(q.published_at, p.published_at);
  EXPECT_EQ(q.metrics.reach, 4);
  EXPECT_EQ(q.sentiment, -0.5);
  EXPECT_EQ(q.topics, p.topics);

  auto event = DecodePostStored(EncodePostStored({.is_new = true, .post = p}));
  ASSERT_TRUE(event);
  EXPECT_TRUE(event->is_new);
  EXPECT_EQ(event->post.id, PostId{9});
}

TEST(MessagesTest, RefusesMalformedMessagesWithTheField) {
  for (const char* bad : {"", "[]", "{\"workspace_id\":1}", "{\"workspace_id\":\"1\",\"posts\":[]}",
                          R"({"workspace_id":1,"posts":[{"workspace_id":2}]})",
                          R"({"workspace_id":1,"posts":[{"workspace_id":1,"text":5}]})",
                          R"({"workspace_id":1,"posts":[{"workspace_id":1,"topics":["a"]}]})"}) {
    auto b = DecodePostBatch(bad);
    ASSERT_FALSE(b) << bad;
    EXPECT_EQ(b.error().code, ErrorCode::kInvalidArgument);
  }
  auto b = DecodePostBatch(R"({"workspace_id":1,"posts":[{"workspace_id":1,"text":5}]})");
  EXPECT_NE(b.error().message.find("'text'"), std::string::npos) << b.error().message;
  EXPECT_FALSE(DecodePostStored(R"({"type":"other","new":true,"post":{}})"));
}

}  // namespace
}  // namespace tribu::pipeline
