#include "tribu/core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "tribu/core/ascii.h"

namespace tribu {

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<const date::time_zone*> LocateZone(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown time zone '" + std::string(zone) +
                    "' (use an IANA name such as Europe/Paris or America/New_York)");
  }
}

}  // namespace

std::int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }

Timestamp FromUnixMillis(std::int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

Result<Timestamp> ParseTimestamp(std::string_view text) {
  // Parsed by hand rather than with date::parse, whose failure paths read an
  // uninitialised value on some inputs (found by fuzz/fuzz_post_file).
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                "cannot read '" + std::string(text.substr(0, 64)) +
                    "' as a date and time (expected ISO 8601 such as 2026-03-01T14:05:00Z, "
                    "or Unix seconds)");
  };
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 64) return bad();

  if (AllDigits(text)) {
    std::int64_t seconds = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    // Refuse values past year 9999 so arithmetic below cannot overflow.
    if (ec != std::errc() || ptr != text.data() + text.size() || seconds > 253402300799) {
      return bad();
    }
    return Timestamp(std::chrono::seconds(seconds));
  }

  std::size_t pos = 0;
  // Reads exactly n digits.
  auto digits = [&](int n, int& out) {
    if (pos + static_cast<std::size_t>(n) > text.size()) return false;
    out = 0;
    for (int i = 0; i < n; ++i) {
      char c = text[pos++];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  auto take = [&](char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  };

  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  int offset_minutes = 0;
  if (!digits(4, year) || !take('-') || !digits(2, month) || !take('-') || !digits(2, day)) {
    return bad();
  }
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return bad();
  if (pos < text.size()) {
    if (!take('T') && !take('t') && !take(' ')) return bad();
    if (!digits(2, hour) || !take(':') || !digits(2, minute)) return bad();
    if (take(':')) {
      if (!digits(2, second)) return bad();
      if (take('.') || take(',')) {
        int scale = 100, n = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          millis += (text[pos++] - '0') * scale;
          scale /= 10;
          if (++n > 9) return bad();
        }
        if (n == 0) return bad();
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return bad();
    if (second == 60) second = 59;  // a leap second, as RFC 3339 allows
    const bool utc = take('Z') || take('z');
    if (!utc && pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos++] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!digits(2, oh)) return bad();
      const bool colon = take(':');  // "+01:00", "+0100" or "+01"
      if ((colon || pos < text.size()) && !digits(2, om)) return bad();
      if (oh > 23 || om > 59) return bad();
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (pos != text.size()) return bad();
  using namespace std::chrono;
  return Timestamp(sys_days(ymd) + hours(hour) + minutes(minute - offset_minutes) +
                   seconds(second) + milliseconds(millis));
}

std::string FormatIso8601(Timestamp t) { return date::format("%FT%TZ", t); }

Result<std::string> FormatInZone(Timestamp t, std::string_view zone) {
  auto tz = LocateZone(zone);
  if (!tz) return Fail(tz.error());
  auto zoned = date::make_zoned(*tz, t);
  auto local = date::floor<std::chrono::seconds>(zoned.get_local_time());
  auto info = zoned.get_info();
  auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  char sign = offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, static_cast<int>(offset / 60),
                static_cast<int>(offset % 60));
  return date::format("%FT%T", local) + buf;
}

Result<LocalClock> LocalClockIn(Timestamp t, std::string_view zone) {
  auto tz = LocateZone(zone);
  if (!tz) return Fail(tz.error());
  auto local = date::make_zoned(*tz, t).get_local_time();
  auto day = date::floor<date::days>(local);
  auto tod = date::make_time(local - day);
  LocalClock out;
  out.hour = static_cast<int>(tod.hours().count());
  out.iso_weekday = static_cast<int>(date::weekday(day).iso_encoding());
  return out;
}

Result<Timestamp> StartOfLocalDay(Timestamp t, std::string_view zone) {
  auto tz = LocateZone(zone);
  if (!tz) return Fail(tz.error());
  auto local_day = date::floor<date::days>(date::make_zoned(*tz, t).get_local_time());
  // choose::earliest: where midnight is skipped or repeated by a clock change.
  auto start = (*tz)->to_sys(local_day, date::choose::earliest);
  return std::chrono::time_point_cast<std::chrono::milliseconds>(start);
}

bool IsKnownTimeZone(std::string_view zone) { return LocateZone(zone).has_value(); }

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace tribu

namespace tribu {

namespace {

// Splits on spaces and commas; RFC 822 dates have at most seven parts.
std::vector<std::string_view> DateFields(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < 8) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

bool ParseSmallInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 4 || !AllDigits(s)) return false;
  out = 0;
  for (char c : s) out = out * 10 + (c - '0');
  return true;
}

std::optional<int> MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return std::nullopt;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (EqualsAsciiNoCase(name.substr(0, 3), kMonths[m])) return static_cast<int>(m) + 1;
  }
  return std::nullopt;
}

// Offset east of UTC in minutes.
std::optional<int> ZoneOffsetMinutes(std::string_view zone) {
  if ((zone.front() == '+' || zone.front() == '-') && zone.size() == 5 &&
      AllDigits(zone.substr(1))) {
    int hh = (zone[1] - '0') * 10 + (zone[2] - '0');
    int mm = (zone[3] - '0') * 10 + (zone[4] - '0');
    if (hh > 23 || mm > 59) return std::nullopt;
    int v = hh * 60 + mm;
    return zone.front() == '-' ? -v : v;
  }
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 12> kZones = {{{"UT", 0},
                                                    {"UTC", 0},
                                                    {"GMT", 0},
                                                    {"Z", 0},
                                                    {"EST", -5},
                                                    {"EDT", -4},
                                                    {"CST", -6},
                                                    {"CDT", -5},
                                                    {"MST", -7},
                                                    {"MDT", -6},
                                                    {"PST", -8},
                                                    {"PDT", -7}}};
  for (const auto& z : kZones) {
    if (EqualsAsciiNoCase(zone, z.name)) return z.hours * 60;
  }
  return std::nullopt;
}

}  // namespace

Result<Timestamp> ParseRfc822Date(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, "\"" + std::string(text.substr(0, 64)) +
                                                 "\" is not an RFC 822 date (" + std::string(why) +
                                                 "); expected e.g. \"Mon, 23 Nov 2026 10:00:00 "
                                                 "+0000\"");
  };
  auto f = DateFields(text);
  if (!f.empty() && !f[0].empty() && !std::isdigit(static_cast<unsigned char>(f[0][0]))) {
    f.erase(f.begin());  // day name, not checked against the date
  }
  if (f.size() < 4 || f.size() > 5) return bad("wrong number of fields");
  int day = 0;
  int year = 0;
  if (!ParseSmallInt(f[0], day)) return bad("day");
  auto month = MonthNumber(f[1]);
  if (!month) return bad("month");
  if (!ParseSmallInt(f[2], year)) return bad("year");
  if (f[2].size() == 2) year += year < 50 ? 2000 : 1900;
  if (f[2].size() == 3) year += 1900;
  // hh:mm[:ss]
  int hms[3] = {0, 0, 0};
  std::string_view clock = f[3];
  for (int i = 0; i < 3 && !clock.empty(); ++i) {
    auto colon = clock.find(':');
    auto part = clock.substr(0, colon);
    if (part.size() > 2 || !ParseSmallInt(part, hms[i])) return bad("time");
    clock = colon == std::string_view::npos ? std::string_view{} : clock.substr(colon + 1);
    if (i == 0 && colon == std::string_view::npos) return bad("time");
  }
  if (!clock.empty()) return bad("time");
  if (hms[0] > 23 || hms[1] > 59 || hms[2] > 60) return bad("time");
  int offset = 0;
  if (f.size() == 5) {
    auto z = ZoneOffsetMinutes(f[4]);
    if (!z) return bad("time zone");
    offset = *z;
  }
  date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(*month)},
                           date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || year < 1970 || year > 9999) return bad("no such day");
  auto t = date::sys_days(ymd) + std::chrono::hours(hms[0]) + std::chrono::minutes(hms[1]) +
           std::chrono::seconds(std::min(hms[2], 59)) - std::chrono::minutes(offset);
  return std::chrono::time_point_cast<std::chrono::milliseconds>(t);
}

}  // namespace tribu
