// Reddit, through its JSON API with OAuth (application-only: a "script" or
// "web" app's client id and secret, no user login).
//
// Channel settings (config_json):
//   {"subreddit": "france",            without "r/"; empty with listing "search": all of Reddit
//    "listing": "new",                  new (posts) | comments (newest comments) | search
//    "query": "velora",                 search: the words
//    "client_id": "AbC123...",          the app's id; its secret is the channel's secret
//    "interval_seconds": 120,           1..86400, default 120
//    "timeout_seconds": 30,
//    "api_base": "https://oauth.reddit.com",                    for tests and mirrors
//    "auth_url": "https://www.reddit.com/api/v1/access_token"}
//
// Paging uses Reddit's "before" from the newest item stored, so a long stop is
// caught up page by page; if that item disappeared (deleted, removed), the
// newest page is read and filtered by time instead.
#pragma once

#include <memory>

#include "tribu/connectors/source.h"

namespace tribu::connectors::reddit {

Status ValidateConfig(std::string_view config_json);
Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string client_secret,
                                           SourceEnv env);

}  // namespace tribu::connectors::reddit
