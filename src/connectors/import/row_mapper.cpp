#include "connectors/import/row_mapper.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "connectors/stable_id.h"
#include "tribu/core/platform.h"
#include "tribu/core/utf8.h"

namespace tribu::import {

namespace {

struct Alias {
  std::string_view name;
  Field field;
};

constexpr Alias kAliases[] = {
    {"platform", Field::kPlatform},
    {"external_id", Field::kExternalId},
    {"id", Field::kExternalId},
    {"author", Field::kAuthor},
    {"author_handle", Field::kAuthor},
    {"author.handle", Field::kAuthor},
    {"handle", Field::kAuthor},
    {"username", Field::kAuthor},
    {"user", Field::kAuthor},
    {"author_name", Field::kAuthorName},
    {"author.display_name", Field::kAuthorName},
    {"author.name", Field::kAuthorName},
    {"display_name", Field::kAuthorName},
    {"name", Field::kAuthorName},
    {"author_followers", Field::kAuthorFollowers},
    {"followers", Field::kAuthorFollowers},
    {"author.followers", Field::kAuthorFollowers},
    {"text", Field::kText},
    {"content", Field::kText},
    {"body", Field::kText},
    {"message", Field::kText},
    {"lang", Field::kLang},
    {"language", Field::kLang},
    {"url", Field::kUrl},
    {"link", Field::kUrl},
    {"permalink", Field::kUrl},
    {"parent_external_id", Field::kParentExternalId},
    {"in_reply_to", Field::kParentExternalId},
    {"parent_id", Field::kParentExternalId},
    {"published_at", Field::kPublishedAt},
    {"created_at", Field::kPublishedAt},
    {"date", Field::kPublishedAt},
    {"timestamp", Field::kPublishedAt},
    {"time", Field::kPublishedAt},
    {"likes", Field::kLikes},
    {"metrics.likes", Field::kLikes},
    {"favourites", Field::kLikes},
    {"favorites", Field::kLikes},
    {"shares", Field::kShares},
    {"metrics.shares", Field::kShares},
    {"reposts", Field::kShares},
    {"retweets", Field::kShares},
    {"boosts", Field::kShares},
    {"replies", Field::kReplies},
    {"metrics.replies", Field::kReplies},
    {"comments", Field::kReplies},
    {"reach", Field::kReach},
    {"metrics.reach", Field::kReach},
    {"impressions", Field::kReach},
    {"views", Field::kReach},
    {"sentiment", Field::kSentiment},
};

constexpr std::string_view kFieldNames[] = {"platform",
                                            "external_id",
                                            "author",
                                            "author_name",
                                            "author_followers",
                                            "text",
                                            "lang",
                                            "url",
                                            "parent_external_id",
                                            "published_at",
                                            "likes",
                                            "shares",
                                            "replies",
                                            "reach",
                                            "sentiment"};

const std::optional<std::string>& Get(const RawRow& row, Field f) {
  return row[static_cast<std::size_t>(f)];
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Quoted(std::string_view value) {
  std::string v = RepairUtf8(TruncateUtf8(value, 60));
  return "'" + v + (value.size() > 60 ? "…'" : "'");
}

std::unexpected<Error> Bad(Field f, std::string why) {
  return Fail(ErrorCode::kInvalidArgument,
              std::string(kFieldNames[static_cast<int>(f)]) + ": " + std::move(why));
}

// A count such as "1234", "1,234", "1 234" or "1234.0"; empty is 0.
Result<std::int64_t> ParseCount(const RawRow& row, Field f) {
  const auto& raw = Get(row, f);
  if (!raw) return 0;
  std::string digits;
  std::string_view v = Trim(*raw);
  if (v.empty()) return 0;
  if (v.ends_with(".0")) v.remove_suffix(2);
  for (char c : v) {
    if (c == ',' || c == ' ' || c == '_') continue;
    digits += c;
  }
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty()) {
    return Bad(f, Quoted(*raw) + " is not a whole number");
  }
  if (n < 0) return Bad(f, Quoted(*raw) + " is negative");
  return n;
}

// A stable id for a row that has none, over the fields that identify it.
std::string DerivedId(const Post& p) {
  return connectors::StableId(p.platform + '\x1f' + p.author.handle + '\x1f' +
                              std::to_string(ToUnixMillis(p.published_at)) + '\x1f' + p.text);
}

}  // namespace

std::optional<Field> FieldForColumn(std::string_view column) {
  std::string key;
  for (char c : Trim(column)) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Alias& a : kAliases) {
    if (a.name == key) return a.field;
  }
  return std::nullopt;
}

Result<Post> BuildPost(const RawRow& row, const PostFileOptions& options) {
  Post p;
  p.workspace_id = options.workspace_id;
  auto text_of = [&](Field f) -> std::string {
    const auto& v = Get(row, f);
    return v ? std::string(Trim(*v)) : std::string();
  };

  p.platform = text_of(Field::kPlatform);
  for (char& c : p.platform) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (p.platform.empty()) p.platform = options.default_platform;
  if (p.platform.empty()) {
    return Bad(Field::kPlatform, "missing (add a platform column or pass --platform)");
  }
  if (auto s = ValidatePlatformName(p.platform); !s)
    return Bad(Field::kPlatform, s.error().message);

  p.author.platform = p.platform;
  p.author.handle = text_of(Field::kAuthor);
  if (p.author.handle.empty()) return Bad(Field::kAuthor, "missing");
  p.author.display_name = text_of(Field::kAuthorName);
  auto followers = ParseCount(row, Field::kAuthorFollowers);
  if (!followers) return Fail(followers.error());
  p.author.followers = *followers;

  // The text keeps its inner spacing; only the ends are trimmed.
  p.text = text_of(Field::kText);
  if (p.text.empty()) return Bad(Field::kText, "missing or empty");

  std::string when = text_of(Field::kPublishedAt);
  if (when.empty() && options.default_published_at) {
    p.published_at = *options.default_published_at;
  } else {
    if (when.empty()) return Bad(Field::kPublishedAt, "missing");
    auto ts = ParseTimestamp(when);
    if (!ts) return Bad(Field::kPublishedAt, ts.error().message);
    p.published_at = *ts;
  }

  p.lang = text_of(Field::kLang);
  for (char& c : p.lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (p.lang.size() > 2 && (p.lang[2] == '-' || p.lang[2] == '_')) p.lang.resize(2);  // fr-FR
  if (p.lang.empty()) p.lang = options.default_lang;

  p.url = text_of(Field::kUrl);
  p.parent_external_id = text_of(Field::kParentExternalId);
  for (auto [field, target] :
       {std::pair{Field::kLikes, &p.metrics.likes}, std::pair{Field::kShares, &p.metrics.shares},
        std::pair{Field::kReplies, &p.metrics.replies},
        std::pair{Field::kReach, &p.metrics.reach}}) {
    auto n = ParseCount(row, field);
    if (!n) return Fail(n.error());
    *target = *n;
  }
  if (std::string s = text_of(Field::kSentiment); !s.empty()) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) || v < -1 || v > 1) {
      return Bad(Field::kSentiment, Quoted(s) + " is not a number between -1 and 1");
    }
    p.sentiment = v;
  }

  if (!IsValidUtf8(p.text) || !IsValidUtf8(p.author.handle) ||
      !IsValidUtf8(p.author.display_name)) {
    return Fail(ErrorCode::kInvalidArgument,
                "the row is not valid UTF-8 (save the file as UTF-8, or pass --encoding)");
  }
  p.external_id = text_of(Field::kExternalId);
  if (p.external_id.empty()) p.external_id = DerivedId(p);
  TRIBU_RETURN_IF_ERROR(ValidatePost(p));
  return p;
}

}  // namespace tribu::import
