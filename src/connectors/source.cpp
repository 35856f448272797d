// What every source shares: settings validation, the factory, the mapping of
// HTTP failures, and backoff.
#include "tribu/connectors/source.h"

#include <algorithm>
#include <cmath>

#include "connectors/bluesky/bluesky_source.h"
#include "connectors/feed/feed_source.h"
#include "connectors/mastodon/mastodon_source.h"
#include "connectors/reddit/reddit_source.h"
#include "tribu/connectors/backoff.h"

namespace tribu::connectors {

namespace {

Status ValidateFeed(std::string_view config_json) {
  auto config = feed::ParseFeedConfig(config_json);
  if (!config) return Fail(config.error());
  return {};
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): the signature of kCollectable's entries
Result<std::unique_ptr<Source>> MakeFeed(const Channel& channel, std::string, SourceEnv env) {
  auto config = feed::ParseFeedConfig(channel.config_json);
  if (!config) return Fail(config.error());
  return feed::MakeFeedSource(channel, *config, env);
}

// Every platform tribu collects from: how to check its settings, how to make its source.
struct Collectable {
  std::string_view platform;
  Status (*validate)(std::string_view config_json);
  Result<std::unique_ptr<Source>> (*make)(const Channel&, std::string secret, SourceEnv);
};

constexpr Collectable kCollectable[] = {
    {"rss", ValidateFeed, MakeFeed},
    {"mastodon", mastodon::ValidateConfig, mastodon::MakeSource},
    {"bluesky", bluesky::ValidateConfig, bluesky::MakeSource},
    {"reddit", reddit::ValidateConfig, reddit::MakeSource},
};

const Collectable* Find(std::string_view platform) {
  for (const auto& c : kCollectable) {
    if (c.platform == platform) return &c;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string_view> CollectablePlatforms() {
  std::vector<std::string_view> out;
  for (const auto& c : kCollectable) out.push_back(c.platform);
  return out;
}

Status ValidateChannelConfig(std::string_view platform, std::string_view config_json) {
  if (const Collectable* c = Find(platform)) return c->validate(config_json);
  std::string list;
  for (const auto& c : kCollectable) list += (list.empty() ? "" : ", ") + std::string(c.platform);
  return Fail(ErrorCode::kInvalidArgument,
              "tribu cannot collect from platform '" + std::string(platform.substr(0, 32)) +
                  "' yet (it can from: " + list +
                  "); its posts can still be imported or sent to the webhook");
}

Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string secret,
                                           SourceEnv env) {
  const Collectable* c = Find(channel.platform);
  if (c == nullptr) {
    TRIBU_RETURN_IF_ERROR(ValidateChannelConfig(channel.platform, channel.config_json));
  }
  auto s = c->make(channel, std::move(secret), env);
  if (!s) return Fail(s.error().WithContext("channel '" + channel.name + "'"));
  return s;
}

FetchFailure HttpFailure(const HttpResponse& response, std::string_view what, Timestamp now) {
  const int status = response.status;
  std::string detail = std::string(what) + " answered HTTP " + std::to_string(status);
  // The platform's own words help a person fix a token or a URL.
  std::string_view body = response.body;
  if (!body.empty() && body.size() <= 512 && body.find('<') == std::string_view::npos) {
    detail += ": " + std::string(body);
  }
  FetchFailure f{.error = {ErrorCode::kFailedPrecondition, detail}, .retry_after = std::nullopt};
  if (status == 401) {
    f.error.code = ErrorCode::kUnauthenticated;
    f.error.message += " (the access token is missing, expired or revoked)";
  } else if (status == 403) {
    f.error.code = ErrorCode::kPermissionDenied;
  } else if (status == 429) {
    f.error.code = ErrorCode::kResourceExhausted;
    f.retry_after = RetryAfter(response, now);
  } else if (status >= 500 || status == 408) {
    f.error.code = ErrorCode::kUnavailable;
    f.retry_after = RetryAfter(response, now);
  } else if (status == 404 || status == 410) {
    f.error.code = ErrorCode::kNotFound;
  }
  return f;
}

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, std::int64_t failures,
                                       double unit,
                                       std::optional<std::chrono::milliseconds> retry_after) {
  const double exponent = static_cast<double>(std::clamp<std::int64_t>(failures, 1, 64) - 1);
  const double cap = static_cast<double>(policy.max.count());
  double d = std::min(
      cap, static_cast<double>(policy.initial.count()) * std::pow(policy.multiplier, exponent));
  d = d / 2 + d / 2 * std::clamp(unit, 0.0, 1.0);
  auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(d));
  if (retry_after) delay = std::max(delay, *retry_after);
  return delay;
}

}  // namespace tribu::connectors
