// Matches posts against the topics of every workspace at once.
//
// All topic queries are compiled into one TopicSet. Every word, phrase word,
// prefix, #hashtag and @mention of every query is a literal of one Hyperscan
// database, scanned once over the post's folded tokens; each topic is indexed
// under a few "anchor" literals, one of which must occur for the topic to
// possibly match (for `a AND (b OR c)`, {b, c} or {a}, whichever is narrower).
// Only the topics whose anchors occur are evaluated, so the cost of a post
// depends on what it says, not on how many topics there are. Topics without
// any anchor (`lang:fr`) are evaluated for every post.
//
// Matcher holds the current TopicSet and swaps in a new one when topics change:
// compilation happens aside, and matching goes on meanwhile with the old set.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/result.h"
#include "tribu/core/thread_annotations.h"
#include "tribu/listen/query.h"
#include "tribu/text/analysis.h"
#include "tribu/text/tokenizer.h"

namespace tribu::listen {

struct TopicQuery {
  TopicId topic;
  WorkspaceId workspace;
  std::string query;
};

// What the fields of a query look at, besides the text.
struct PostFacts {
  std::string_view lang;      // "fr", "en", "und"
  std::string_view platform;  // "mastodon"
  std::string_view author;    // handle as the platform gives it ("@marie@mastodon.social")
  std::string_view country;   // ISO 3166 alpha-2 when the source tells it, else empty
  text::SentimentLabel sentiment = text::SentimentLabel::kNeutral;
  std::optional<WorkspaceId> workspace;  // only this workspace's topics; none: all
};

struct CompileReport {
  std::size_t topics = 0;                              // compiled
  std::size_t literals = 0;                            // distinct literals in the prefilter
  std::size_t unanchored = 0;                          // topics evaluated for every post
  std::vector<std::pair<TopicId, QueryError>> errors;  // topics left out
};

class TopicSet;

// Per-thread matching state (Hyperscan scratch, buffers). Not thread-safe.
class MatchScratch {
 public:
  MatchScratch();
  ~MatchScratch();
  MatchScratch(const MatchScratch&) = delete;
  MatchScratch& operator=(const MatchScratch&) = delete;

  struct Impl;

 private:
  friend class TopicSet;
  std::unique_ptr<Impl> impl_;
};

// Immutable once compiled; Match is thread-safe given one scratch per thread.
class TopicSet {
 public:
  // Topics whose query does not parse are left out and listed in the report;
  // the error is for the whole set only when Hyperscan cannot build it
  // (kInternal) or the CPU lacks what it needs (kFailedPrecondition).
  static Result<std::shared_ptr<const TopicSet>> Compile(const std::vector<TopicQuery>& topics,
                                                         const text::Tokenizer& tokenizer,
                                                         CompileReport* report);
  ~TopicSet();

  // Replaces *out with the topics the post matches, in compilation order.
  void Match(const text::TokenizedText& tokens, const PostFacts& facts, MatchScratch* scratch,
             std::vector<TopicId>* out) const;

  std::size_t size() const;

  // The words the prefilter looks for before evaluating the i-th compiled
  // topic ("velora", "ecolo*"); empty when it is evaluated for every post.
  std::vector<std::string> AnchorWords(std::size_t index) const;

  struct Impl;

 private:
  explicit TopicSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The topics in force, replaceable while other threads match.
class Matcher {
 public:
  explicit Matcher(const text::Tokenizer& tokenizer);

  // Compiles the new topics, then swaps them in. On error the old set stays.
  Result<CompileReport> Update(const std::vector<TopicQuery>& topics);

  // The set in force; holding it keeps it alive across an Update.
  std::shared_ptr<const TopicSet> Current() const;

 private:
  const text::Tokenizer& tokenizer_;
  mutable std::mutex mu_;
  std::shared_ptr<const TopicSet> current_ TRIBU_GUARDED_BY(mu_);
};

}  // namespace tribu::listen
