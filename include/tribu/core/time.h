// Time in tribu: every instant is UTC with millisecond precision. Conversion to
// a person's local time goes through the IANA time-zone database (the system's
// tzdata, via Howard Hinnant's date/tz).
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Milliseconds since the Unix epoch, and back.
std::int64_t ToUnixMillis(Timestamp t);
Timestamp FromUnixMillis(std::int64_t ms);

// Parses an instant. Accepts RFC 3339 / ISO 8601 with a zone designator
// ("2026-03-01T14:05:00Z", "2026-03-01T15:05:00+01:00", fractional seconds
// allowed), a date alone ("2026-03-01", read as midnight UTC), a space instead
// of the "T", and Unix seconds as a plain integer. A time without a zone is
// read as UTC. Fails with kInvalidArgument and a message that quotes the input.
Result<Timestamp> ParseTimestamp(std::string_view text);

// Parses an RFC 822 / RFC 1123 date as RSS and HTTP write them:
// "Mon, 23 Nov 2026 10:00:00 +0000", "23 Nov 26 10:00 GMT", "Sun, 06 Nov 1994
// 08:49:37 GMT". The day name is optional, seconds are optional, two-digit
// years are read as 19xx/20xx (RFC 2822), and zones may be numeric offsets,
// UT/GMT/Z or the US names (EST, PDT, ...). Month and day names are matched
// without regard to case. kInvalidArgument quoting the input otherwise.
Result<Timestamp> ParseRfc822Date(std::string_view text);

// "2026-03-01T14:05:00.000Z".
std::string FormatIso8601(Timestamp t);

// The instant written in the given IANA zone with its offset, e.g.
// "2026-03-01T15:05:00+01:00" for "Europe/Paris". Fails with kInvalidArgument
// for an unknown zone name.
Result<std::string> FormatInZone(Timestamp t, std::string_view zone);

// Local wall-clock hour (0-23) and ISO weekday (1 = Monday) of an instant in a zone.
struct LocalClock {
  int hour = 0;
  int iso_weekday = 1;
};
Result<LocalClock> LocalClockIn(Timestamp t, std::string_view zone);

// The instant at which the local calendar day containing `t` begins in the zone.
Result<Timestamp> StartOfLocalDay(Timestamp t, std::string_view zone);

// True when the name is a zone known to the time-zone database.
bool IsKnownTimeZone(std::string_view zone);

// Source of the current time. Passed to whatever needs "now", so that tests
// control it. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that only moves when told to; for tests and replays. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_ms_(ToUnixMillis(start)) {}
  Timestamp Now() const override { return FromUnixMillis(now_ms_.load()); }
  void Set(Timestamp t) { now_ms_.store(ToUnixMillis(t)); }
  void Advance(std::chrono::milliseconds d) { now_ms_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace tribu
