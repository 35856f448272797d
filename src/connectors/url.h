// Building URLs for platform APIs from values a user or a platform gave.
#pragma once

#include <string>
#include <string_view>

namespace tribu::connectors {

// Percent-encodes everything but unreserved characters (RFC 3986), for a
// path segment or a query value.
std::string UrlEscape(std::string_view text);

}  // namespace tribu::connectors
