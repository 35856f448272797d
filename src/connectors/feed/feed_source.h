// The RSS / Atom / JSON Feed source: polls one feed URL with conditional GET.
//
// Channel settings (config_json):
//   {"url": "https://example.com/feed.xml",   required, http(s)
//    "interval_seconds": 900,                  1..86400, default 900 (be kind: feeds rarely change
//    by the minute) "timeout_seconds": 30,                    1..300, default 30 "max_bytes":
//    8388608}                     1 KiB..64 MiB, default 8 MiB
// The cursor remembers the feed's ETag and Last-Modified, so that an
// unchanged feed costs one 304.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "tribu/connectors/source.h"

namespace tribu::connectors::feed {

struct FeedConfig {
  std::string url;
  std::chrono::seconds interval{900};
  std::chrono::seconds timeout{30};
  std::size_t max_bytes = 8 * 1024 * 1024;
};

Result<FeedConfig> ParseFeedConfig(std::string_view config_json);

std::unique_ptr<Source> MakeFeedSource(const Channel& channel, FeedConfig config, SourceEnv env);

}  // namespace tribu::connectors::feed
