// Bluesky (AT Protocol).
//
// Channel settings (config_json):
//   {"mode": "search",                          search | jetstream
//    "query": "velora",                         search: app.bsky.feed.searchPosts words
//    "service": "https://public.api.bsky.app",  search: the XRPC host (default: bsky.social
//                                               when logging in, public.api.bsky.app otherwise)
//    "identifier": "brand.bsky.social",         search: log in with this handle and the
//                                               channel's secret (an app password)
//    "jetstream": "wss://jetstream2.us-east.bsky.network",  jetstream: the instance
//    "keywords": ["velora", "#velora"],         jetstream: keep posts holding one of these
//                                               (case-insensitive); required without dids
//    "dids": ["did:plc:..."],                   jetstream: only these accounts' posts
//    "interval_seconds": 60, "timeout_seconds": 30}
//
// search polls the newest posts since the last one stored (sort=latest,
// since=...), page by page. jetstream keeps a WebSocket open on the Jetstream
// firehose of posts; its cursor (the last event's time_us) is saved with the
// posts, so a restart resumes where it stopped (a few seconds earlier, to
// leave no gap; posts are idempotent).
#pragma once

#include <memory>

#include "tribu/connectors/source.h"

namespace tribu::connectors::bluesky {

Status ValidateConfig(std::string_view config_json);
Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string app_password,
                                           SourceEnv env);

}  // namespace tribu::connectors::bluesky
