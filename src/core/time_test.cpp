#include "tribu/core/time.h"

#include <gtest/gtest.h>

namespace tribu {
namespace {

std::int64_t Ms(std::string_view text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t) << text << ": " << (t ? "" : t.error().message);
  return t ? ToUnixMillis(*t) : -1;
}

TEST(TimeTest, ParsesIsoFormsToTheSameInstant) {
  const std::int64_t expected = 1772373900000;  // 2026-03-01T14:05:00Z
  EXPECT_EQ(Ms("2026-03-01T14:05:00Z"), expected);
  EXPECT_EQ(Ms("2026-03-01T14:05:00z"), expected);
  EXPECT_EQ(Ms("2026-03-01T15:05:00+01:00"), expected);
  EXPECT_EQ(Ms("2026-03-01T09:05:00-05:00"), expected);
  EXPECT_EQ(Ms("2026-03-01 14:05:00"), expected);
  EXPECT_EQ(Ms("2026-03-01T14:05"), expected);
  EXPECT_EQ(Ms("  2026-03-01T14:05:00Z "), expected);
  EXPECT_EQ(Ms("1772373900"), expected);
  EXPECT_EQ(Ms("2026-03-01T14:05:00.250Z"), expected + 250);
  EXPECT_EQ(Ms("2026-03-01"), expected - (14 * 3600 + 5 * 60) * 1000);
  EXPECT_EQ(Ms("2026-03-01T19:35:00+0530"), expected);
  EXPECT_EQ(Ms("2026-03-01T16:05:00+02"), expected);
  EXPECT_EQ(Ms("2026-03-01T14:05:00.123456789Z"), expected + 123);
  EXPECT_EQ(Ms("2016-12-31T23:59:60Z"), Ms("2016-12-31T23:59:59Z"));  // leap second
}

TEST(TimeTest, RejectsGarbageWithTheInputInTheMessage) {
  for (std::string_view bad :
       {"", "yesterday", "2026-13-01", "2026-02-30T10:00:00Z", "2026-03-01T25:00:00Z",
        "99999999999999999999", "2026-03-01Tfoo", "2026-03-82 0:900", "2026-03-01T10:00:00+25:00",
        "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00+01:", "2026-3-1", "2026-03-01T10:00:00Zjunk",
        "+2026-03-01"}) {
    auto t = ParseTimestamp(bad);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(t.error().message.find("ISO 8601"), std::string::npos);
  }
}

std::int64_t Rfc822Ms(std::string_view text) {
  auto t = ParseRfc822Date(text);
  EXPECT_TRUE(t) << text << ": " << (t ? "" : t.error().message);
  return t ? ToUnixMillis(*t) : -1;
}

TEST(TimeTest, ParsesRfc822DatesAsFeedsAndHttpWriteThem) {
  const std::int64_t expected = 1772373900000;  // 2026-03-01T14:05:00Z
  EXPECT_EQ(Rfc822Ms("Sun, 01 Mar 2026 14:05:00 +0000"), expected);
  EXPECT_EQ(Rfc822Ms("Sun, 01 Mar 2026 14:05:00 GMT"), expected);
  EXPECT_EQ(Rfc822Ms("01 Mar 2026 14:05 GMT"), expected);
  EXPECT_EQ(Rfc822Ms("Sun, 1 Mar 2026 15:05:00 +0100"), expected);
  EXPECT_EQ(Rfc822Ms("sun, 01 MAR 2026 09:05:00 EST"), expected);
  EXPECT_EQ(Rfc822Ms("Sunday, 01 March 26 06:05:00 PST"), expected);
  EXPECT_EQ(Rfc822Ms("Sun,01 Mar 2026 14:05:00"), expected);  // no zone: UTC
  EXPECT_EQ(Rfc822Ms("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777000);
}

TEST(TimeTest, RejectsBrokenRfc822Dates) {
  for (std::string_view bad :
       {"", "yesterday", "Sun, 32 Mar 2026 14:05:00 GMT", "Sun, 01 Foo 2026 14:05:00 GMT",
        "Sun, 01 Mar 2026 25:05:00 GMT", "Sun, 01 Mar 2026 14:05:00 XYZ", "01 Mar 2026",
        "Sun, 01 Mar 2026 14:05:00 +2500", "Sun, 29 Feb 2026 10:00:00 GMT",
        "Sun, 01 Mar 2026 14 GMT", "Sun, 01 Mar 2026 14:05:00:00 GMT", "2026-03-01T14:05:00Z"}) {
    auto t = ParseRfc822Date(bad);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(t.error().message.find("RFC 822"), std::string::npos);
  }
}

TEST(TimeTest, FormatsAndRoundTrips) {
  auto t = FromUnixMillis(1772373900123);
  EXPECT_EQ(FormatIso8601(t), "2026-03-01T14:05:00.123Z");
  EXPECT_EQ(ToUnixMillis(*ParseTimestamp(FormatIso8601(t))), 1772373900123);
}

TEST(TimeTest, ConvertsToTimeZonesAcrossDaylightSaving) {
  // Winter: Paris is UTC+1; summer: UTC+2.
  auto winter = *ParseTimestamp("2026-01-15T12:00:00Z");
  auto summer = *ParseTimestamp("2026-07-15T12:00:00Z");
  EXPECT_EQ(*FormatInZone(winter, "Europe/Paris"), "2026-01-15T13:00:00+01:00");
  EXPECT_EQ(*FormatInZone(summer, "Europe/Paris"), "2026-07-15T14:00:00+02:00");
  EXPECT_EQ(*FormatInZone(summer, "America/New_York"), "2026-07-15T08:00:00-04:00");
  auto clock = *LocalClockIn(summer, "Europe/Paris");
  EXPECT_EQ(clock.hour, 14);
  EXPECT_EQ(clock.iso_weekday, 3);  // a Wednesday
  auto bad = FormatInZone(summer, "Mars/Olympus");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("Mars/Olympus"), std::string::npos);
  EXPECT_EQ(FormatIso8601(*StartOfLocalDay(summer, "Europe/Paris")), "2026-07-14T22:00:00.000Z");
  EXPECT_EQ(FormatIso8601(*StartOfLocalDay(winter, "Europe/Paris")), "2026-01-14T23:00:00.000Z");
  EXPECT_TRUE(IsKnownTimeZone("Europe/Paris"));
  EXPECT_FALSE(IsKnownTimeZone("Europe/Nowhere"));
}

}  // namespace
}  // namespace tribu
