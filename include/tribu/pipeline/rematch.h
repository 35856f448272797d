// Re-matching stored posts when topics change: a new or edited topic applies
// to the posts already collected, not only to those that arrive next.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "tribu/core/topic.h"
#include "tribu/listen/matcher.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::pipeline {

// Analyses the newest stored posts of the workspace, at most `max` of them,
// matches each against `topics`, and calls fn(post, topics it matched).
// Reads the posts page by page; stops at the first store error.
Status MatchStoredPosts(Store& store, const text::Analyzer& analyzer,
                        const listen::TopicSet& topics, WorkspaceId workspace, std::int64_t max,
                        const std::function<void(const Post&, std::span<const TopicId>)>& fn);

struct RematchStats {
  std::int64_t posts = 0;                                 // posts read
  std::vector<std::pair<TopicId, std::int64_t>> matched;  // per topic, in the order given
};

// Matches every stored post of the workspace against `topics` (each must
// belong to it and parse) and replaces, topic by topic, the posts each matched.
// Reads the posts once; costs about one analysis per post (see listen_bench).
// A post stored while this runs may miss these topics until the next rematch.
Result<RematchStats> RematchTopics(Store& store, const text::Analyzer& analyzer,
                                   WorkspaceId workspace, std::span<const Topic> topics);

}  // namespace tribu::pipeline
