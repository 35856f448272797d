// A channel is one source or destination on one platform for one workspace:
// a Mastodon account, a subreddit, an RSS feed, an export file.
#pragma once

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

}  // namespace tribu
