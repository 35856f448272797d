// The listening dashboard's figures over a time range: volume and sentiment
// over time, share of voice between topics (the brand against its
// competitors), platforms, languages, top authors, top terms and hashtags.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tribu/core/topic.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::analytics {

enum class Interval { kHour, kDay };
std::string_view IntervalName(Interval interval);  // "hour", "day"

struct StatsRequest {
  // Workspace, since and until (both required), and optionally topic,
  // platforms, lang and full text. Its limit and cursor are ignored.
  PostFilter filter;
  std::string time_zone = "UTC";     // days begin at local midnight
  std::optional<Interval> interval;  // default: hours up to 2 days, else days
  int term_sample = 3000;            // newest posts read for terms and hashtags
};

struct Bucket {
  Timestamp start{};
  std::int64_t posts = 0;
  std::int64_t negative = 0;
  std::int64_t positive = 0;
  std::optional<double> sentiment;  // mean score, -1..1, when any post has one
};

struct TermCount {
  std::string term;        // as most often written ("Vélo", "#VeloraGate")
  std::int64_t posts = 0;  // posts using it
};

struct TopicShare {
  TopicId id;
  std::string name;
  TopicKind kind = TopicKind::kOther;
  std::string color;
  std::int64_t posts = 0;
};

struct ListeningStats {
  Interval interval = Interval::kDay;
  std::int64_t total = 0;
  std::int64_t negative = 0;
  std::int64_t positive = 0;
  std::optional<double> sentiment;
  std::vector<Bucket> series;      // every bucket of the range, empty ones too
  std::vector<TopicShare> topics;  // every topic of the workspace, most posts first
  std::vector<PostAggregates::Count> platforms;
  std::vector<PostAggregates::Count> languages;
  std::vector<PostAggregates::AuthorCount> top_authors;
  std::vector<TermCount> top_terms;     // 20 words, stop words left out
  std::vector<TermCount> top_hashtags;  // 15
  std::int64_t terms_sampled = 0;       // posts the terms were counted in
};

// kInvalidArgument for a missing or reversed range, an unknown time zone, or
// a range too long for its interval (hours: 31 days; days: 3 years).
Result<ListeningStats> ComputeListeningStats(Store& store, const text::Analyzer& analyzer,
                                             const StatsRequest& request);

}  // namespace tribu::analytics
