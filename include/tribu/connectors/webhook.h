// The inbound webhook: anything without a connector can POST posts to
// /api/hooks/{channel} in tribu's JSON format, signed with the channel's
// secret.
//
// Signature header (as Stripe does it, so that a replayed request is refused):
//   X-Tribu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// The timestamp must be within `tolerance` of now. Several v1= values may be
// given (while a secret is being rotated); one must match.
//
// Body: a post object, a JSON array of them, {"posts": [...]}, or JSON Lines;
// each post has the fields of `tribu import` (see post_file.h): text and
// author at least, platform defaulting to the channel's "platform" setting.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/channel.h"
#include "tribu/core/post.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::connectors {

// The header a sender computes; for clients, tests and the README's example.
std::string SignWebhook(std::string_view secret, std::string_view body, Timestamp at);

// kUnauthenticated with the reason (missing, malformed, expired, no match).
Status VerifyWebhookSignature(std::string_view secret, std::string_view header,
                              std::string_view body, Timestamp now,
                              std::chrono::seconds tolerance = std::chrono::seconds(300));

struct WebhookPosts {
  std::vector<Post> posts;  // workspace, channel and platform set; each passes ValidatePost
  std::vector<std::string> rejected;  // "post 3: text is empty"
};

// Reads the body's posts for the channel; posts without a date are dated
// `now`. kInvalidArgument when the body is not JSON at all or holds more
// than max_posts posts.
Result<WebhookPosts> ParseWebhookPosts(const Channel& channel, std::string_view body, Timestamp now,
                                       std::size_t max_posts = 1000);

}  // namespace tribu::connectors
