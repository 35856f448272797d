#include "tribu/pipeline/rematch.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "tribu/listen/matcher.h"
#include "tribu/pipeline/annotator.h"

namespace tribu::pipeline {

Status MatchStoredPosts(Store& store, const text::Analyzer& analyzer,
                        const listen::TopicSet& topics, WorkspaceId workspace, std::int64_t max,
                        const std::function<void(const Post&, std::span<const TopicId>)>& fn) {
  text::AnalysisScratch scratch;
  listen::MatchScratch match_scratch;
  std::vector<TopicId> out;
  PostFilter filter;
  filter.workspace_id = workspace;
  std::int64_t seen = 0;
  while (seen < max) {
    filter.limit = static_cast<int>(std::min<std::int64_t>(500, max - seen));
    auto page = store.ListPosts(filter);
    if (!page) return std::unexpected(page.error());
    for (const Post& p : page->posts) {
      ++seen;
      const text::Analysis a = analyzer.Analyze(p.text, p.lang, &scratch);
      topics.Match(scratch.tokens(), PostFactsOf(p, a), &match_scratch, &out);
      fn(p, out);
    }
    if (page->next_cursor.empty() || page->posts.empty()) break;
    filter.cursor = page->next_cursor;
  }
  return {};
}

Result<RematchStats> RematchTopics(Store& store, const text::Analyzer& analyzer,
                                   WorkspaceId workspace, std::span<const Topic> topics) {
  RematchStats stats;
  if (topics.empty()) return stats;
  std::vector<listen::TopicQuery> queries;
  queries.reserve(topics.size());
  for (const Topic& t : topics) {
    if (t.workspace_id != workspace) {
      return Fail(ErrorCode::kInvalidArgument,
                  "topic " + std::to_string(t.id.value) + " is not in this workspace");
    }
    queries.push_back({t.id, workspace, t.query});
  }
  listen::CompileReport report;
  auto set = listen::TopicSet::Compile(queries, analyzer.tokenizer(), &report);
  if (!set) return std::unexpected(set.error());
  if (!report.errors.empty()) {
    return Fail(report.errors.front().second.ToError().WithContext(
        "topic " + std::to_string(report.errors.front().first.value)));
  }

  std::unordered_map<std::int64_t, std::size_t> index_of;
  for (std::size_t i = 0; i < topics.size(); ++i) index_of.emplace(topics[i].id.value, i);
  std::vector<std::vector<PostId>> matched(topics.size());
  TRIBU_RETURN_IF_ERROR(MatchStoredPosts(store, analyzer, **set, workspace,
                                         std::numeric_limits<std::int64_t>::max(),
                                         [&](const Post& post, std::span<const TopicId> hits) {
                                           ++stats.posts;
                                           for (TopicId t : hits)
                                             matched[index_of.at(t.value)].push_back(post.id);
                                         }));
  for (std::size_t i = 0; i < topics.size(); ++i) {
    TRIBU_RETURN_IF_ERROR(store.ReplaceTopicMatches(workspace, topics[i].id, matched[i]));
    stats.matched.emplace_back(topics[i].id, static_cast<std::int64_t>(matched[i].size()));
  }
  return stats;
}

}  // namespace tribu::pipeline
