// Source: one channel's way of collecting posts from its platform.
//
// A source is handed the cursor saved after the last batch it produced was
// stored, and returns the next batch with the cursor to save once that batch
// is stored. The pipeline stores posts and cursor in one transaction, so a
// restart neither skips nor repeats (posts are idempotent on platform + id
// anyway). A source keeps no other state between calls that matters for
// correctness. Not thread-safe: the pipeline calls one source from one thread
// at a time.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/connectors/http_client.h"
#include "tribu/connectors/websocket.h"
#include "tribu/core/channel.h"
#include "tribu/core/post.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::connectors {

// An item of a batch that could not become a post, and why.
struct SkippedItem {
  std::string id;  // the platform's id or position, as far as it could be read
  std::string reason;
};

struct Batch {
  // Posts with workspace_id, channel_id, platform, external_id, author, text,
  // published_at set; each passes ValidatePost.
  std::vector<Post> posts;
  std::vector<SkippedItem> skipped;
  std::vector<std::string> warnings;  // problems that did not stop the batch
  std::string cursor;                 // opaque; save it once posts are stored
  bool more = false;                  // another batch can be fetched right away
};

// Why a fetch failed, and what the platform asked: kResourceExhausted (429)
// and kUnavailable / kDeadlineExceeded are worth retrying soon;
// kUnauthenticated and kPermissionDenied need a person (token expired or
// revoked); anything else is a problem with the channel's settings or the
// platform's answer.
struct FetchFailure {
  Error error;
  std::optional<std::chrono::milliseconds> retry_after;  // from Retry-After
};

using FetchResult = std::expected<Batch, FetchFailure>;

class Source {
 public:
  virtual ~Source() = default;
  virtual FetchResult Fetch(std::string_view cursor) = 0;
  // How long to wait between fetches when nothing goes wrong.
  virtual std::chrono::seconds interval() const = 0;
};

// What sources need from the outside world.
struct SourceEnv {
  HttpClient& http;
  const Clock& clock;
  WebSocketConnector* websockets = nullptr;  // for streaming sources; null: none can run
};

// The platforms that have a source ("rss", ...).
std::vector<std::string_view> CollectablePlatforms();

// Checks a channel's settings for its platform (required keys, URL shape,
// ranges) without contacting anything; the message names the key.
Status ValidateChannelConfig(std::string_view platform, std::string_view config_json);

// The source for a channel, with its secret (access token, app password;
// empty when it has none); kInvalidArgument for a platform without a source
// or settings that do not validate.
Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string secret,
                                           SourceEnv env);

// Maps an HTTP answer that is not a success to the failure a source reports:
// 401/403 need a person, 429 and 5xx are retried (with Retry-After), other
// 4xx are the channel's settings. `what` names the call, e.g. "feed".
FetchFailure HttpFailure(const HttpResponse& response, std::string_view what, Timestamp now);

}  // namespace tribu::connectors
