// Mastodon, and any server speaking the Mastodon API (Pleroma, Akkoma, GoToSocial...).
//
// Channel settings (config_json):
//   {"server": "https://mastodon.social",   required
//    "timeline": "hashtag",                  hashtag | public | local | search | mentions | home
//    "tag": "velora",                        hashtag: the tag, without '#'
//    "query": "velora",                      search: the words
//    "interval_seconds": 60,                 1..86400, default 60
//    "timeout_seconds": 30,                  1..300
//    "context": true,                        mentions: also collect the conversation around each
//    "stream": true,                         follow the streaming API once caught up
//    "streaming_url": "wss://..."}           default: the server's /api/v1/streaming
// The access token (the channel's secret) is sent as a Bearer token; mentions,
// home and search need one, public timelines work without on most servers.
//
// Paging follows Mastodon's min_id: the first fetch takes the newest page,
// then each fetch asks for what came right after the cursor (the newest id
// stored), page by page until caught up, so nothing is skipped however long
// tribu was stopped. Once caught up, the source follows the streaming API
// (WebSocket) for live updates; when the stream breaks it catches up by
// polling from the cursor again, then reconnects. Boosts count as their
// original status.
#pragma once

#include <memory>

#include "tribu/connectors/source.h"

namespace tribu::connectors::mastodon {

Status ValidateConfig(std::string_view config_json);
Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string token,
                                           SourceEnv env);

}  // namespace tribu::connectors::mastodon
