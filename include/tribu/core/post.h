// A post is anything said on a platform: a status, a skeet, a comment, an
// article, a review. Its stable key is (platform, external_id) within a
// workspace: storing the same post twice updates it instead of duplicating it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tribu/core/author.h"
#include "tribu/core/ids.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu {

// Engagement figures as last seen on the platform; all non-negative.
struct PostMetrics {
  std::int64_t likes = 0;
  std::int64_t shares = 0;   // reposts, boosts, retweets
  std::int64_t replies = 0;  // comments
  std::int64_t reach = 0;    // impressions or views where the platform tells, else 0
};

struct Post {
  PostId id;  // assigned by the store
  WorkspaceId workspace_id;
  std::optional<ChannelId> channel_id;
  std::string platform;
  std::string external_id;  // the platform's own id, or a stable hash for id-less sources
  Author author;
  std::string text;                // plain text, valid UTF-8
  std::string lang;                // ISO 639-1 code ("fr", "en"), or "und" when unknown
  std::string url;                 // permalink, may be empty
  std::string parent_external_id;  // the post it replies to, empty if none
  Timestamp published_at{};
  Timestamp collected_at{};
  PostMetrics metrics;
  std::optional<double> sentiment;  // -1..1 once analysed
  std::optional<double> risk;       // 0..1 once analysed: the strongest risk signal
  std::vector<std::string> risks;   // the risk signals found: "threat", "churn", "toxicity"...
  std::vector<TopicId> topics;      // topics it matched
};

// Size limits applied to every post from outside.
inline constexpr std::size_t kMaxPostTextBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxExternalIdBytes = 256;
inline constexpr std::size_t kMaxHandleBytes = 256;
inline constexpr std::size_t kMaxUrlBytes = 2048;

// Checks the invariants every stored post holds: platform name, non-empty
// external id and author handle, size limits, language code shape,
// non-negative metrics. The message names the field.
Status ValidatePost(const Post& post);

}  // namespace tribu
