#include "tribu/core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <charconv>
#include <sstream>

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

  std::string s(text);
  if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
  if (!s.empty() && (s.back() == 'z')) s.back() = 'Z';

  using namespace std::chrono;
  // Try the forms from most to least specific; each parse starts from scratch.
  const char* with_offset[] = {"%FT%T%Ez", "%FT%R%Ez"};
  for (const char* fmt : with_offset) {
    std::istringstream in(s);
    date::sys_time<milliseconds> tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return Timestamp(tp);
  }
  std::string local = s;
  if (!local.empty() && local.back() == 'Z') local.pop_back();
  const char* utc_forms[] = {"%FT%T", "%FT%R", "%F"};
  for (const char* fmt : utc_forms) {
    std::istringstream in(local);
    date::sys_time<milliseconds> tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return Timestamp(tp);
  }
  return bad();
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
