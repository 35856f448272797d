#include "tribu/core/platform.h"

#include <array>
#include <string>

namespace tribu {

std::span<const std::string_view> KnownPlatforms() {
  static constexpr std::array<std::string_view, 17> kPlatforms = {
      "rss",    "mastodon", "bluesky", "reddit",   "discourse", "telegram",
      "email",  "webhook",  "x",       "facebook", "instagram", "linkedin",
      "tiktok", "youtube",  "news",    "blog",     "forum"};
  return kPlatforms;
}

Status ValidatePlatformName(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                "platform '" + std::string(name.substr(0, 40)) + "' " + std::string(why));
  };
  if (name.empty()) return Fail(ErrorCode::kInvalidArgument, "platform is empty");
  if (name.size() > 32) return bad("is longer than 32 characters");
  if (name.front() < 'a' || name.front() > 'z') return bad("must start with a lowercase letter");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return bad("may only hold lowercase letters, digits, '_' and '-'");
  }
  return {};
}

}  // namespace tribu
