// Platforms are named by short lowercase identifiers ("mastodon", "bluesky",
// "reddit", "rss", ...). The set is open, since the inbound webhook accepts
// anything, but names are validated so that they are safe in URLs, logs and SQL.
#pragma once

#include <span>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu {

// The platforms tribu knows by name, for display and for help texts.
std::span<const std::string_view> KnownPlatforms();

// A platform name is 1 to 32 characters of [a-z0-9_-], starting with a letter.
Status ValidatePlatformName(std::string_view name);

}  // namespace tribu
