#include "http/router.h"

#include <gtest/gtest.h>

#include <regex>

namespace tribu::http {
namespace {

TEST(RouterTest, PatternsBecomeAnchoredRegexes) {
  std::regex re(PatternToRegex("/api/workspaces/{workspace}/topics/{id}"));
  std::smatch m;
  std::string path = "/api/workspaces/velora/topics/12";
  ASSERT_TRUE(std::regex_match(path, m, re));
  EXPECT_EQ(m[1], "velora");
  EXPECT_EQ(m[2], "12");
  EXPECT_FALSE(std::regex_match(std::string("/api/workspaces/velora/topics/12/x"), re));
  EXPECT_FALSE(std::regex_match(std::string("/api/workspaces/a/b/topics/1"), re));
}

TEST(RouterTest, ParamsAreCheckedAndTyped) {
  ApiRequest req;
  req.query = {{"limit", "20"}, {"since", "2026-03-01"}, {"bad", "x"}};
  EXPECT_FALSE(req.OnlyParams({"limit", "since"}));
  EXPECT_NE(req.OnlyParams({"limit"}).error().message.find("'bad'"), std::string::npos);
  EXPECT_EQ(**req.IntParam("limit", 1, 500), 20);
  EXPECT_FALSE(req.IntParam("limit", 1, 10));
  EXPECT_FALSE(req.IntParam("missing", 1, 10)->has_value());
  EXPECT_TRUE(req.TimeParam("since")->has_value());
  req.query = {{"since", "last tuesday"}};
  auto bad = req.TimeParam("since");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("since"), std::string::npos);
  req.query = {{"limit", "12abc"}};
  EXPECT_FALSE(req.IntParam("limit", 1, 500));
}

TEST(RouterTest, JsonBodyNeedsJsonContentAndAnObject) {
  ApiRequest req;
  req.body = R"({"a":1})";
  req.content_type = "text/plain";
  EXPECT_EQ(req.JsonBody().error().code, ErrorCode::kUnsupportedMedia);
  req.content_type = "application/json; charset=utf-8";
  EXPECT_TRUE(req.JsonBody());
  req.body = R"({"a":)";
  auto e = req.JsonBody();
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("byte"), std::string::npos);
  req.body = "[1]";
  EXPECT_EQ(req.JsonBody().error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tribu::http
