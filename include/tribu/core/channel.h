// A channel is one source or destination on one platform for one workspace:
// a Mastodon account, a subreddit, an RSS feed, an export file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tribu/core/ids.h"
#include "tribu/core/time.h"

namespace tribu {

struct Channel {
  ChannelId id;
  WorkspaceId workspace_id;
  std::string platform;     // see platform.h
  std::string name;         // display name, e.g. "Velora on Mastodon"
  std::string config_json;  // connector settings as a JSON object; secrets are not kept here
  bool enabled = true;
  Timestamp created_at{};
};

// How collecting from a channel goes, kept by the store and shown by the API.
enum class ChannelHealth {
  kNew,       // never collected
  kOk,        // the last attempt succeeded
  kRetrying,  // the last attempts failed for a reason that may pass (timeout, 429, 5xx)
  kError,     // the last attempt failed for a reason a person must fix (token, URL, settings)
};

// "new", "ok", "retrying", "error".
std::string_view ChannelHealthName(ChannelHealth health);

struct ChannelStatus {
  ChannelId channel_id;
  ChannelHealth health = ChannelHealth::kNew;
  std::string cursor;                // the source's position, saved with the posts it covers
  std::int64_t items_collected = 0;  // posts stored from this channel (new ones)
  std::int64_t consecutive_failures = 0;
  std::optional<Timestamp> last_attempt_at;
  std::optional<Timestamp> last_success_at;
  std::optional<Timestamp> last_error_at;
  std::string last_error;                    // the platform's or tribu's message
  std::optional<Timestamp> next_attempt_at;  // when collecting is due again (backoff included)
};

}  // namespace tribu
