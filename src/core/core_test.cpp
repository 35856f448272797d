#include <gtest/gtest.h>

#include "tribu/core/platform.h"
#include "tribu/core/post.h"
#include "tribu/core/result.h"
#include "tribu/core/topic.h"
#include "tribu/core/user.h"
#include "tribu/core/workspace.h"

namespace tribu {
namespace {

Post ValidPost() {
  Post p;
  p.platform = "mastodon";
  p.external_id = "109";
  p.author.handle = "@marie@mastodon.social";
  p.text = "Bonjour";
  p.lang = "fr";
  return p;
}

TEST(ResultTest, CodesMapToHttpStatuses) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMedia), 415);
  EXPECT_EQ(HttpStatus(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(CodeName(ErrorCode::kNotFound), "not_found");
}

Status FailsThenPropagates(bool fail) {
  auto step = [&]() -> Status {
    if (fail) return Fail(ErrorCode::kNotFound, "no such topic");
    return {};
  };
  TRIBU_RETURN_IF_ERROR(step());
  return Fail(ErrorCode::kInternal, "reached the end");
}

TEST(ResultTest, ReturnIfErrorPropagatesTheFirstError) {
  auto s = FailsThenPropagates(true);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  auto t = FailsThenPropagates(false);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInternal);
  EXPECT_EQ(s.error().WithContext("line 3").message, "line 3: no such topic");
}

TEST(PlatformTest, ValidatesNames) {
  EXPECT_TRUE(ValidatePlatformName("mastodon"));
  EXPECT_TRUE(ValidatePlatformName("my-forum_2"));
  EXPECT_FALSE(ValidatePlatformName(""));
  EXPECT_FALSE(ValidatePlatformName("Mastodon"));
  EXPECT_FALSE(ValidatePlatformName("2chan"));
  EXPECT_FALSE(ValidatePlatformName("a b"));
  EXPECT_FALSE(ValidatePlatformName(std::string(33, 'a')));
}

TEST(PostTest, AcceptsAValidPost) { EXPECT_TRUE(ValidatePost(ValidPost())); }

TEST(PostTest, RejectsEachBrokenField) {
  auto expect_invalid = [](Post p, std::string_view field) {
    auto s = ValidatePost(p);
    ASSERT_FALSE(s) << field;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find(field), std::string::npos) << s.error().message;
  };
  Post p = ValidPost();
  p.external_id.clear();
  expect_invalid(p, "external_id");
  p = ValidPost();
  p.author.handle.clear();
  expect_invalid(p, "author");
  p = ValidPost();
  p.text = "caf\xC3";  // truncated é
  expect_invalid(p, "UTF-8");
  p = ValidPost();
  p.text = std::string(kMaxPostTextBytes + 1, 'a');
  expect_invalid(p, "limit");
  p = ValidPost();
  p.lang = "french";
  expect_invalid(p, "lang");
  p = ValidPost();
  p.metrics.likes = -1;
  expect_invalid(p, "negative");
  p = ValidPost();
  p.sentiment = 1.5;
  expect_invalid(p, "sentiment");
  p = ValidPost();
  p.lang = "und";
  EXPECT_TRUE(ValidatePost(p));
}

TEST(WorkspaceTest, ValidatesSlugs) {
  EXPECT_TRUE(ValidateWorkspaceSlug("velora-fr"));
  EXPECT_FALSE(ValidateWorkspaceSlug(""));
  EXPECT_FALSE(ValidateWorkspaceSlug("Velora"));
  EXPECT_FALSE(ValidateWorkspaceSlug("velora/fr"));
  EXPECT_FALSE(ValidateWorkspaceSlug("-velora"));
}

TEST(TopicTest, KindsAndRolesRoundTrip) {
  for (auto kind : {TopicKind::kBrand, TopicKind::kCompetitor, TopicKind::kProduct,
                    TopicKind::kCampaign, TopicKind::kOther}) {
    EXPECT_EQ(*ParseTopicKind(TopicKindName(kind)), kind);
  }
  EXPECT_FALSE(ParseTopicKind("rival"));
  EXPECT_EQ(*ParseRole("community_manager"), Role::kCommunityManager);
  EXPECT_EQ(RoleName(Role::kClient), "client");
  EXPECT_FALSE(ParseRole("admin"));
}

TEST(TopicTest, ValidatesFields) {
  Topic t;
  t.name = "Velora";
  t.query = "velora OR #velora";
  EXPECT_TRUE(ValidateTopic(t));
  t.color = "#1f77b4";
  EXPECT_TRUE(ValidateTopic(t));
  t.color = "blue";
  EXPECT_FALSE(ValidateTopic(t));
  t.color.clear();
  t.query.clear();
  EXPECT_FALSE(ValidateTopic(t));
  t.query = std::string(4097, 'x');
  EXPECT_FALSE(ValidateTopic(t));
}

}  // namespace
}  // namespace tribu
