// What every source shares: settings validation, the factory, the mapping of
// HTTP failures, and backoff.
#include "tribu/connectors/source.h"

#include <algorithm>
#include <cmath>

#include "connectors/feed/feed_source.h"
#include "connectors/mastodon/mastodon_source.h"
#include "connectors/reddit/reddit_source.h"
#include "tribu/connectors/backoff.h"

namespace tribu::connectors {

std::vector<std::string_view> CollectablePlatforms() { return {"rss", "mastodon", "reddit"}; }

Status ValidateChannelConfig(std::string_view platform, std::string_view config_json) {
  if (platform == "rss") {
    auto config = feed::ParseFeedConfig(config_json);
    if (!config) return Fail(config.error());
    return {};
  }
  if (platform == "mastodon") return mastodon::ValidateConfig(config_json);
  if (platform == "reddit") return reddit::ValidateConfig(config_json);
  return Fail(ErrorCode::kInvalidArgument, "tribu cannot collect from platform '" +
                                               std::string(platform.substr(0, 32)) +
                                               "' yet (it can from: rss, mastodon, reddit); its "
                                               "posts can still be imported or sent to the "
                                               "webhook");
}

Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string secret,
                                           SourceEnv env) {
  if (channel.platform == "mastodon" || channel.platform == "reddit") {
    auto s = channel.platform == "mastodon" ? mastodon::MakeSource(channel, std::move(secret), env)
                                            : reddit::MakeSource(channel, std::move(secret), env);
    if (!s) return Fail(s.error().WithContext("channel '" + channel.name + "'"));
    return s;
  }
  if (channel.platform == "rss") {
    auto config = feed::ParseFeedConfig(channel.config_json);
    if (!config) return Fail(config.error().WithContext("channel '" + channel.name + "'"));
    return feed::MakeFeedSource(channel, *config, env);
  }
  TRIBU_RETURN_IF_ERROR(ValidateChannelConfig(channel.platform, channel.config_json));
  return Fail(ErrorCode::kInternal, "no source for " + channel.platform);
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
