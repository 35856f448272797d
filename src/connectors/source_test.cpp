#include "tribu/connectors/source.h"

#include <gtest/gtest.h>

#include "tribu/connectors/backoff.h"

namespace tribu::connectors {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, GrowsExponentiallyWithJitterAndACap) {
  BackoffPolicy p{.initial = milliseconds(1000), .max = milliseconds(60'000), .multiplier = 2};
  EXPECT_EQ(BackoffDelay(p, 1, 0.0, std::nullopt), milliseconds(500));
  EXPECT_EQ(BackoffDelay(p, 1, 0.999, std::nullopt).count(), 999);
  EXPECT_EQ(BackoffDelay(p, 4, 1.0, std::nullopt), milliseconds(8000));
  EXPECT_EQ(BackoffDelay(p, 40, 1.0, std::nullopt), milliseconds(60'000));
  EXPECT_EQ(BackoffDelay(p, 40, 0.0, std::nullopt), milliseconds(30'000));
  // Retry-After wins when longer, even past the cap.
  EXPECT_EQ(BackoffDelay(p, 1, 0.5, milliseconds(120'000)), milliseconds(120'000));
  EXPECT_EQ(BackoffDelay(p, 3, 1.0, milliseconds(10)), milliseconds(4000));
}

HttpResponse Answer(int status, Headers headers = {}, std::string body = "") {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST(HttpFailureTest, ClassifiesStatusesAndReadsRetryAfter) {
  const Timestamp now = FromUnixMillis(1'700'000'000'000);
  auto f429 = HttpFailure(Answer(429, {{"retry-after", "120"}}), "the feed", now);
  EXPECT_EQ(f429.error.code, ErrorCode::kResourceExhausted);
  ASSERT_TRUE(f429.retry_after);
  EXPECT_EQ(*f429.retry_after, milliseconds(120'000));

  auto f503 =
      HttpFailure(Answer(503, {{"retry-after", "Tue, 14 Nov 2023 22:15:20 GMT"}}), "the feed", now);
  EXPECT_EQ(f503.error.code, ErrorCode::kUnavailable);
  ASSERT_TRUE(f503.retry_after);
  EXPECT_EQ(*f503.retry_after, milliseconds(120'000));  // the date is 2 minutes after now

  auto f401 = HttpFailure(Answer(401, {}, R"({"error":"The access token is invalid"})"), "x", now);
  EXPECT_EQ(f401.error.code, ErrorCode::kUnauthenticated);
  EXPECT_NE(f401.error.message.find("The access token is invalid"), std::string::npos);
  EXPECT_EQ(HttpFailure(Answer(404), "x", now).error.code, ErrorCode::kNotFound);
  EXPECT_EQ(HttpFailure(Answer(400), "x", now).error.code, ErrorCode::kFailedPrecondition);
  auto html = HttpFailure(Answer(500, {}, "<html>oops</html>"), "x", now);
  EXPECT_EQ(html.error.message.find("<html>"), std::string::npos);
  EXPECT_FALSE(html.retry_after);
}

TEST(ChannelConfigTest, ValidatesRssSettingsAndNamesTheKey) {
  EXPECT_TRUE(ValidateChannelConfig("rss", R"({"url":"https://example.com/feed.xml"})"));
  EXPECT_TRUE(ValidateChannelConfig(
      "rss", R"({"url":"http://example.com/f","interval_seconds":300,"timeout_seconds":10})"));
  struct Case {
    const char* json;
    const char* says;
  } cases[] = {
      {"{}", "needs the setting 'url'"},
      {"[]", "JSON object"},
      {"not json", "JSON object"},
      {R"({"url":"ftp://example.com/f"})", "http://"},
      {R"({"url":"https://"})", "http://"},
      {R"({"url":"https://example.com/f","interval_seconds":0})", "interval_seconds"},
      {R"({"url":"https://example.com/f","interval_seconds":"fast"})", "interval_seconds"},
      {R"({"url":"https://example.com/f","urll":"x"})", "unknown setting 'urll'"},
  };
  for (const auto& c : cases) {
    auto s = ValidateChannelConfig("rss", c.json);
    ASSERT_FALSE(s) << c.json;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find(c.says), std::string::npos) << s.error().message;
  }
  auto other = ValidateChannelConfig("myspace", "{}");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("cannot collect"), std::string::npos);
}

}  // namespace
}  // namespace tribu::connectors
