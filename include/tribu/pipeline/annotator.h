// Annotates posts before they are stored: language (where the source did not
// say), sentiment, and the topics of their workspace they match. Used by the
// live pipeline, `tribu import` and `tribu demo`. Not thread-safe: one per
// thread (the analyser and topics it holds are shared and immutable).
#pragma once

#include <memory>
#include <span>

#include "tribu/core/post.h"
#include "tribu/listen/matcher.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::pipeline {

// What the query fields see of a post: its language (the detected one when the
// source gave none), platform, author and analysed sentiment. The result
// points into post and analysis.
listen::PostFacts PostFactsOf(const Post& post, const text::Analysis& analysis);

class PostAnnotator {
 public:
  // Loads the analyser and compiles the workspace's topics. Topics whose query
  // does not parse are skipped (their errors are in report()).
  static Result<std::unique_ptr<PostAnnotator>> ForWorkspace(Store& store, WorkspaceId workspace);
  PostAnnotator(std::shared_ptr<const text::Analyzer> analyzer,
                std::shared_ptr<const listen::TopicSet> topics)
      : analyzer_(std::move(analyzer)), topics_(std::move(topics)) {}

  // Sets lang (when empty or "und" and detection is sure), sentiment and topics.
  void Annotate(std::span<Post> posts);

  const listen::CompileReport& report() const { return report_; }

 private:
  std::shared_ptr<const text::Analyzer> analyzer_;
  std::shared_ptr<const listen::TopicSet> topics_;
  listen::CompileReport report_;
  text::AnalysisScratch scratch_;
  listen::MatchScratch match_scratch_;
  std::vector<TopicId> matched_;
};

}  // namespace tribu::pipeline
