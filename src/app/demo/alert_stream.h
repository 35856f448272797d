// Labelled streams for `tribu eval alerts`: quiet weeks of posts about a
// brand, its competitors and its market, with crises of known shapes injected
// at known times. The file is JSON Lines, one object a line:
//
//   {"type":"topic","name":"Velora","query":"velora OR #velora","kind":"brand"}
//   {"type":"incident","id":"storm-1","shape":"storm","topic":"Velora",
//    "start":"2026-11-03T08:12:00Z","end":"2026-11-03T14:12:00Z"}
//   {"type":"post","id":"x:18…","platform":"x","author":"@LeaRoule","followers":184300,
//    "lang":"fr","published_at":"2026-11-03T08:12:00Z","text":"…","likes":3,"shares":0,
//    "replies":1}
//
// Topics and incidents come first, posts in time order. Incidents are what
// should raise an alert; anything else that raises one is a false alarm.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "tribu/core/post.h"
#include "tribu/core/result.h"
#include "tribu/core/topic.h"

namespace tribu::demo {

struct AlertStreamOptions {
  std::uint64_t seed = 1;
  int weeks = 3;              // 1..12; two incidents a week
  double posts_per_day = 90;  // quiet background about the topics
  // A directory with the labelled sets of ../shared/data: texts come from
  // them (tweets labelled negative and offensive make the crises) instead of
  // the demo's corpus, with no topics (the workspace as a whole is watched).
  std::string labelled_dir;
  Timestamp start{};  // default: Monday 2026-11-02, midnight in Paris
};

struct StreamIncident {
  std::string id;
  std::string shape;  // "storm", "slow_burn", "influential_post"
  std::string topic;  // the topic it is about; empty: the workspace
  Timestamp start{};
  Timestamp end{};
};

struct AlertStream {
  std::vector<Topic> topics;
  std::vector<StreamIncident> incidents;
  std::vector<Post> posts;  // in time order; external_id is the stream's id
};

// Fails with kInvalidArgument for options out of range, kNotFound when the
// labelled files are missing.
Result<AlertStream> GenerateAlertStream(const AlertStreamOptions& options);

std::string EncodeAlertStream(const AlertStream& stream);
// Strict: a line that is not one of the three types, or lacks a field, fails
// with its line number.
Result<AlertStream> ReadAlertStream(std::istream& in);

}  // namespace tribu::demo
