// HttpClient: how connectors talk to platforms. An interface, so that tests
// inject slow answers, timeouts and broken bodies; the real one is libcurl.
//
// A response with any HTTP status is a success of Send: the caller decides
// what a 404 or a 429 means. Send fails only when no complete answer came
// back: kDeadlineExceeded on timeout, kUnavailable when the peer cannot be
// reached or the connection broke, kPayloadTooLarge when the body passes
// max_body_bytes, kInvalidArgument for a URL that is not http(s).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::connectors {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;  // sent as given
  std::string body;
  std::chrono::milliseconds timeout{30'000};           // whole exchange, connection included
  std::size_t max_body_bytes = std::size_t{16} << 20;  // decoded (after gzip) body
};

struct HttpResponse {
  int status = 0;
  Headers headers;        // names lower-cased, in the order received (last hop only)
  std::string body;       // decoded: gzip and deflate are undone
  std::string final_url;  // after redirects

  // The first header of that (lower-case) name, if any.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// Thread-safe: one client serves every connector.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlOptions {
  std::string user_agent;  // "tribu/<version> (+https://...)"
  int max_redirects = 5;
};

// libcurl: http and https only, redirects followed (max_redirects), gzip and
// deflate accepted and decoded, TLS certificates verified.
std::unique_ptr<HttpClient> MakeCurlHttpClient(CurlOptions options);

// The delay asked by a Retry-After header: seconds, or an HTTP date after
// `now`. Nothing when absent or unreadable; never negative.
std::optional<std::chrono::milliseconds> RetryAfter(const HttpResponse& response, Timestamp now);

}  // namespace tribu::connectors
