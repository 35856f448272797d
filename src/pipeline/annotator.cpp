#include "tribu/pipeline/annotator.h"

#include <algorithm>

namespace tribu::pipeline {

listen::PostFacts PostFactsOf(const Post& post, const text::Analysis& analysis) {
  listen::PostFacts facts;
  facts.lang = post.lang.empty() || post.lang == "und" ? std::string_view(analysis.language.code)
                                                       : std::string_view(post.lang);
  facts.platform = post.platform;
  facts.author = post.author.handle;
  facts.sentiment = analysis.sentiment.label;
  return facts;
}

Result<std::unique_ptr<PostAnnotator>> PostAnnotator::ForWorkspace(Store& store,
                                                                   WorkspaceId workspace) {
  auto analyzer = text::Analyzer::Create({});
  if (!analyzer) return std::unexpected(analyzer.error());
  auto topics = store.ListTopics(workspace);
  if (!topics) return std::unexpected(topics.error());
  std::vector<listen::TopicQuery> queries;
  for (const Topic& t : *topics) queries.push_back({t.id, t.workspace_id, t.query});
  listen::CompileReport report;
  auto compiled = listen::TopicSet::Compile(queries, (*analyzer)->tokenizer(), &report);
  if (!compiled) return std::unexpected(compiled.error());
  auto a = std::make_unique<PostAnnotator>(
      std::shared_ptr<const text::Analyzer>(std::move(*analyzer)), std::move(*compiled));
  a->report_ = std::move(report);
  return a;
}

void PostAnnotator::Annotate(std::span<Post> posts) {
  for (Post& p : posts) {
    const text::Analysis a = analyzer_->Analyze(p.text, p.lang, &scratch_);
    if ((p.lang.empty() || p.lang == "und") && a.language.reliable) p.lang = a.language.code;
    p.sentiment = a.sentiment.score;
    p.risk = a.risk;
    p.risks.clear();
    for (const text::RiskSignal& r : a.risks) p.risks.push_back(r.name);
    const listen::PostFacts facts = PostFactsOf(p, a);
    topics_->Match(scratch_.tokens(), facts, &match_scratch_, &matched_);
    for (TopicId t : matched_) {
      if (std::find(p.topics.begin(), p.topics.end(), t) == p.topics.end()) p.topics.push_back(t);
    }
  }
}

}  // namespace tribu::pipeline
