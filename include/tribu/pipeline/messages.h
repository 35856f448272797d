// The messages pipeline stages exchange over the bus, and their encoding
// (JSON, so that they read the same in a NATS stream viewer). Decoding is
// strict: a message is data from another process and is checked like input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/post.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::pipeline {

// Subjects.
inline constexpr std::string_view kIngestSubject = "tribu.ingest";        // raw posts
inline constexpr std::string_view kAnnotatedSubject = "tribu.annotated";  // analysed, matched
inline constexpr std::string_view kEventsSubject = "tribu.events";        // stored posts

// Posts on their way to the store. From a channel, the batch carries the
// source's cursor, saved with the posts.
struct PostBatch {
  WorkspaceId workspace;
  std::optional<ChannelId> channel;
  std::string cursor;
  std::optional<Timestamp> next_attempt_at;  // when the channel is due again
  std::vector<Post> posts;                   // all of `workspace`
};

std::string EncodePostBatch(const PostBatch& batch);
Result<PostBatch> DecodePostBatch(std::string_view data);

// A post was stored (new or updated); `post` carries its stored id and the
// topics it matched. What the live stream and alerts listen to.
struct PostStored {
  bool is_new = false;
  Post post;
};

std::string EncodePostStored(const PostStored& event);
Result<PostStored> DecodePostStored(std::string_view data);

}  // namespace tribu::pipeline
