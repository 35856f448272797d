// Validation and names for the domain types.
#include <array>
#include <string>

#include "tribu/core/channel.h"
#include "tribu/core/platform.h"
#include "tribu/core/post.h"
#include "tribu/core/topic.h"
#include "tribu/core/user.h"
#include "tribu/core/utf8.h"
#include "tribu/core/workspace.h"

namespace tribu {

namespace {

std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

Status CheckText(std::string_view field, std::string_view value, std::size_t max_bytes,
                 bool required) {
  if (required && value.empty()) return Invalid(std::string(field) + " is empty");
  if (value.size() > max_bytes) {
    return Invalid(std::string(field) + " is " + std::to_string(value.size()) +
                   " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  if (std::size_t bad = FirstInvalidUtf8(value); bad != value.size()) {
    return Invalid(std::string(field) + " is not valid UTF-8 (bad byte at offset " +
                   std::to_string(bad) + ")");
  }
  return {};
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Status ValidateWorkspaceSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > 48) {
    return Invalid("workspace slug must be 1 to 48 characters");
  }
  if (!IsLower(slug.front())) return Invalid("workspace slug must start with a lowercase letter");
  for (char c : slug) {
    if (!IsLower(c) && !IsDigit(c) && c != '-') {
      return Invalid("workspace slug '" + std::string(slug) +
                     "' may only hold lowercase letters, digits and '-'");
    }
  }
  return {};
}

Status ValidatePost(const Post& post) {
  TRIBU_RETURN_IF_ERROR(ValidatePlatformName(post.platform));
  TRIBU_RETURN_IF_ERROR(CheckText("external_id", post.external_id, kMaxExternalIdBytes, true));
  TRIBU_RETURN_IF_ERROR(CheckText("author", post.author.handle, kMaxHandleBytes, true));
  TRIBU_RETURN_IF_ERROR(CheckText("author_name", post.author.display_name, kMaxHandleBytes, false));
  TRIBU_RETURN_IF_ERROR(CheckText("text", post.text, kMaxPostTextBytes, true));
  TRIBU_RETURN_IF_ERROR(CheckText("url", post.url, kMaxUrlBytes, false));
  TRIBU_RETURN_IF_ERROR(
      CheckText("parent_external_id", post.parent_external_id, kMaxExternalIdBytes, false));
  const std::string& lang = post.lang;
  bool lang_ok = lang == "und" || (lang.size() == 2 && IsLower(lang[0]) && IsLower(lang[1]));
  if (!lang_ok) {
    return Invalid("lang '" + std::string(TruncateUtf8(lang, 16)) +
                   "' is not a two-letter ISO 639-1 code or 'und'");
  }
  const auto& m = post.metrics;
  if (m.likes < 0 || m.shares < 0 || m.replies < 0 || m.reach < 0 || post.author.followers < 0) {
    return Invalid("metrics and followers must not be negative");
  }
  if (post.sentiment && (*post.sentiment < -1.0 || *post.sentiment > 1.0)) {
    return Invalid("sentiment must lie between -1 and 1");
  }
  if (post.risk && !(*post.risk >= 0.0 && *post.risk <= 1.0)) {
    return Invalid("risk must lie between 0 and 1");
  }
  if (post.risks.size() > 16) return Invalid("a post has at most 16 risk signals");
  for (const std::string& r : post.risks) {
    TRIBU_RETURN_IF_ERROR(CheckText("risk signal", r, 64, true));
  }
  return {};
}

namespace {
constexpr std::array<std::string_view, 5> kTopicKinds = {"brand", "competitor", "product",
                                                         "campaign", "other"};
constexpr std::array<std::string_view, 6> kRoles = {"owner",    "manager", "community_manager",
                                                    "approver", "analyst", "client"};
}  // namespace

std::string_view TopicKindName(TopicKind kind) { return kTopicKinds[static_cast<int>(kind)]; }

Result<TopicKind> ParseTopicKind(std::string_view name) {
  for (std::size_t i = 0; i < kTopicKinds.size(); ++i) {
    if (kTopicKinds[i] == name) return static_cast<TopicKind>(i);
  }
  return Invalid("topic kind '" + std::string(TruncateUtf8(name, 40)) +
                 "' is not one of brand, competitor, product, campaign, other");
}

Status ValidateTopic(const Topic& topic) {
  TRIBU_RETURN_IF_ERROR(CheckText("name", topic.name, 120, true));
  TRIBU_RETURN_IF_ERROR(CheckText("query", topic.query, 4096, true));
  if (!topic.color.empty()) {
    bool ok = topic.color.size() == 7 && topic.color[0] == '#';
    for (std::size_t i = 1; ok && i < topic.color.size(); ++i) {
      char c = topic.color[i];
      ok = IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (!ok) return Invalid("color must look like #1f77b4");
  }
  return {};
}

std::string_view RoleName(Role role) { return kRoles[static_cast<int>(role)]; }

Status ValidateUser(const User& user) {
  TRIBU_RETURN_IF_ERROR(CheckText("email", user.email, 254, true));
  const auto at = user.email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == user.email.size() ||
      user.email.find_first_of(" \t\r\n<>\"", 0) != std::string::npos ||
      user.email.find('@', at + 1) != std::string::npos) {
    return Invalid("email '" + std::string(TruncateUtf8(user.email, 60)) +
                   "' is not an e-mail address");
  }
  TRIBU_RETURN_IF_ERROR(CheckText("display_name", user.display_name, 120, false));
  if (user.locale != "en" && user.locale != "fr") return Invalid("locale must be en or fr");
  if (!IsKnownTimeZone(user.time_zone)) {
    return Invalid("unknown time zone '" + std::string(TruncateUtf8(user.time_zone, 60)) + "'");
  }
  return {};
}

Result<Role> ParseRole(std::string_view name) {
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    if (kRoles[i] == name) return static_cast<Role>(i);
  }
  return Invalid("role '" + std::string(TruncateUtf8(name, 40)) +
                 "' is not one of owner, manager, community_manager, approver, analyst, client");
}

}  // namespace tribu

namespace tribu {

std::string_view ChannelHealthName(ChannelHealth health) {
  switch (health) {
    case ChannelHealth::kNew:
      return "new";
    case ChannelHealth::kOk:
      return "ok";
    case ChannelHealth::kRetrying:
      return "retrying";
    case ChannelHealth::kError:
      return "error";
  }
  return "unknown";
}

}  // namespace tribu
