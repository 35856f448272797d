#include "tribu/pipeline/rematch.h"

#include "tribu/listen/matcher.h"
#include "tribu/pipeline/annotator.h"

namespace tribu::pipeline {

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

  std::vector<std::vector<PostId>> matched(topics.size());
  text::AnalysisScratch scratch;
  listen::MatchScratch match_scratch;
  std::vector<TopicId> out;
  PostFilter filter;
  filter.workspace_id = workspace;
  filter.limit = 500;
  while (true) {
    auto page = store.ListPosts(filter);
    if (!page) return std::unexpected(page.error());
    for (const Post& p : page->posts) {
      ++stats.posts;
      const text::Analysis a = analyzer.Analyze(p.text, p.lang, &scratch);
      const listen::PostFacts facts = PostFactsOf(p, a);
      (*set)->Match(scratch.tokens(), facts, &match_scratch, &out);
      for (TopicId t : out) {
        for (std::size_t i = 0; i < topics.size(); ++i) {
          if (topics[i].id == t) matched[i].push_back(p.id);
        }
      }
    }
    if (page->next_cursor.empty() || page->posts.empty()) break;
    filter.cursor = page->next_cursor;
  }
  for (std::size_t i = 0; i < topics.size(); ++i) {
    TRIBU_RETURN_IF_ERROR(store.ReplaceTopicMatches(workspace, topics[i].id, matched[i]));
    stats.matched.emplace_back(topics[i].id, static_cast<std::int64_t>(matched[i].size()));
  }
  return stats;
}

}  // namespace tribu::pipeline
