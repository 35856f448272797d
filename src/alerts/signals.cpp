#include "tribu/alerts/signals.h"

#include "tribu/text/subject_terms.h"

namespace tribu::alerts {

PostSignal SignalOf(const Post& post) {
  PostSignal s;
  s.id = post.id;
  s.workspace = post.workspace_id;
  s.at = post.published_at;
  s.topics = post.topics;
  s.sentiment = post.sentiment.value_or(0);
  s.risk = post.risk.value_or(0);
  s.risks = post.risks;
  s.author = post.author.handle;
  s.followers = post.author.followers;
  s.engagement = post.metrics.likes + post.metrics.shares + post.metrics.replies;
  return s;
}

PostSignal SignalOf(const Post& post, const text::Analyzer& analyzer, text::TokenizedText* tokens) {
  PostSignal s = SignalOf(post);
  text::ForEachSubjectTerm(analyzer, post.text, post.lang, tokens, [&](const text::SubjectTerm& t) {
    if (s.terms.size() >= 40) return;
    std::string term(t.norm);
    if (t.hashtag && !term.starts_with('#')) term.insert(0, "#");
    s.terms.push_back(std::move(term));
  });
  return s;
}

}  // namespace tribu::alerts
