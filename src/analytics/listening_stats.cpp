#include "tribu/analytics/listening_stats.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "tribu/text/subject_terms.h"

namespace tribu::analytics {

namespace {

using namespace std::chrono_literals;

// Counts of one folded term, and its spellings, to show the most common one.
struct Tally {
  std::int64_t posts = 0;
  std::map<std::string, int> spellings;
};

std::vector<TermCount> Top(std::unordered_map<std::string, Tally>& tallies, std::size_t n) {
  std::vector<std::pair<const std::string*, Tally*>> all;
  all.reserve(tallies.size());
  for (auto& [key, t] : tallies) {
    if (t.posts >= 2) all.emplace_back(&key, &t);  // one post is not a trend
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second->posts != b.second->posts ? a.second->posts > b.second->posts
                                              : *a.first < *b.first;
  });
  std::vector<TermCount> out;
  for (std::size_t i = 0; i < all.size() && i < n; ++i) {
    const auto& spellings = all[i].second->spellings;
    auto best = std::max_element(spellings.begin(), spellings.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    out.push_back({best->first, all[i].second->posts});
  }
  return out;
}

Status CountTerms(Store& store, const text::Analyzer& analyzer, const StatsRequest& req,
                  ListeningStats& out) {
  std::unordered_map<std::string, Tally> words, tags;
  text::TokenizedText tokens;
  PostFilter f = req.filter;
  f.cursor.clear();
  f.limit = 500;
  while (out.terms_sampled < req.term_sample) {
    auto page = store.ListPosts(f);
    if (!page) return Fail(page.error());
    for (const Post& p : page->posts) {
      if (out.terms_sampled >= req.term_sample) break;
      ++out.terms_sampled;
      text::ForEachSubjectTerm(analyzer, p.text, p.lang, &tokens, [&](const text::SubjectTerm& t) {
        Tally& tally = (t.hashtag ? tags : words)[std::string(t.norm)];
        ++tally.posts;
        ++tally.spellings[std::string(t.raw)];
      });
    }
    if (page->next_cursor.empty()) break;
    f.cursor = page->next_cursor;
  }
  out.top_terms = Top(words, 20);
  out.top_hashtags = Top(tags, 15);
  return {};
}

}  // namespace

std::string_view IntervalName(Interval interval) {
  return interval == Interval::kHour ? "hour" : "day";
}

Result<ListeningStats> ComputeListeningStats(Store& store, const text::Analyzer& analyzer,
                                             const StatsRequest& req) {
  const PostFilter& f = req.filter;
  if (!f.since || !f.until || *f.since >= *f.until) {
    return Fail(ErrorCode::kInvalidArgument, "a range needs since before until");
  }
  if (!IsKnownTimeZone(req.time_zone)) {
    return Fail(ErrorCode::kInvalidArgument, "unknown time zone '" + req.time_zone + "'");
  }
  const auto span = *f.until - *f.since;
  ListeningStats out;
  out.interval = req.interval.value_or(span <= 48h ? Interval::kHour : Interval::kDay);
  if (out.interval == Interval::kHour && span > 24h * 31) {
    return Fail(ErrorCode::kInvalidArgument, "hourly figures cover 31 days at most");
  }
  if (span > 24h * 366 * 3) {
    return Fail(ErrorCode::kInvalidArgument, "a range covers 3 years at most");
  }

  auto agg = store.AggregatePosts(f);
  if (!agg) return Fail(agg.error());

  // Buckets over the whole range, so that quiet hours show as zeros.
  auto bucket_of = [&](Timestamp t) -> Result<Timestamp> {
    if (out.interval == Interval::kHour) return std::chrono::floor<std::chrono::hours>(t);
    return StartOfLocalDay(t, req.time_zone);
  };
  std::map<Timestamp, Bucket> buckets;
  auto first = bucket_of(*f.since);
  if (!first) return Fail(first.error());
  for (Timestamp t = *first; t < *f.until;) {
    buckets[t].start = t;
    auto next = bucket_of(t + (out.interval == Interval::kHour ? 1h : 26h));
    if (!next) return Fail(next.error());
    t = *next;
  }
  std::map<Timestamp, std::pair<double, std::int64_t>> sentiment;  // sum, scored
  double sum = 0;
  std::int64_t scored = 0;
  for (const PostAggregates::Hour& h : agg->hours) {
    auto start = bucket_of(h.start);
    if (!start) return Fail(start.error());
    Bucket& b = buckets[*start];
    b.start = *start;
    b.posts += h.posts;
    b.negative += h.negative;
    b.positive += h.positive;
    sentiment[*start].first += h.sentiment_sum;
    sentiment[*start].second += h.scored;
    out.total += h.posts;
    out.negative += h.negative;
    out.positive += h.positive;
    sum += h.sentiment_sum;
    scored += h.scored;
  }
  for (auto& [start, b] : buckets) {
    if (auto it = sentiment.find(start); it != sentiment.end() && it->second.second > 0) {
      b.sentiment = it->second.first / static_cast<double>(it->second.second);
    }
    out.series.push_back(b);
  }
  if (scored > 0) out.sentiment = sum / static_cast<double>(scored);

  auto topics = store.ListTopics(f.workspace_id);
  if (!topics) return Fail(topics.error());
  for (const Topic& t : *topics) {
    TopicShare share{.id = t.id, .name = t.name, .kind = t.kind, .color = t.color};
    for (const auto& [id, n] : agg->topics) {
      if (id == t.id) share.posts = n;
    }
    out.topics.push_back(std::move(share));
  }
  std::stable_sort(out.topics.begin(), out.topics.end(),
                   [](const TopicShare& a, const TopicShare& b) { return a.posts > b.posts; });
  out.platforms = std::move(agg->platforms);
  out.languages = std::move(agg->languages);
  out.top_authors = std::move(agg->top_authors);
  if (req.term_sample > 0) TRIBU_RETURN_IF_ERROR(CountTerms(store, analyzer, req, out));
  return out;
}

}  // namespace tribu::analytics
