// The detectors: what in a stream of posts deserves an alert. They are pure
// state machines over posts and time, with no I/O, so that the live service
// (alert_service.h) and `tribu eval alerts` run the same code on the same
// posts and differ only in where time comes from.
//
//   DetectorEngine engine;
//   engine.SetRules(workspace, rules);
//   for (const PostSignal& p : posts) {
//     for (Trigger& t : engine.Observe(p, now)) ...  // grouping.h turns them into alerts
//   }
//
// Each series (a workspace's topic, or the workspace as a whole) keeps hourly
// counts over 5 weeks, the posts of the last hours and the terms they use.
// Not thread-safe: one engine per thread, or a lock around it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tribu/core/alert.h"
#include "tribu/core/ids.h"
#include "tribu/core/time.h"

namespace tribu::alerts {

// What the detectors read of a stored post.
struct PostSignal {
  PostId id;
  WorkspaceId workspace;
  Timestamp at{};  // published_at
  std::vector<TopicId> topics;
  double sentiment = 0;            // -1..1
  double risk = 0;                 // 0..1
  std::vector<std::string> risks;  // signal names
  std::string author;              // handle
  std::int64_t followers = 0;
  std::int64_t engagement = 0;     // likes + shares + replies
  std::vector<std::string> terms;  // distinct folded words and #hashtags (see TermsOf)
};

// A detector firing: one figure against its baseline, with its evidence.
struct Trigger {
  std::int64_t rule_id = 0;
  Detector detector = Detector::kVolumeSpike;
  WorkspaceId workspace;
  std::optional<TopicId> topic;  // none: the workspace as a whole
  std::string key;               // what fired within the series: a term, an author, a post
  AlertSeverity severity = AlertSeverity::kWarning;
  double figure = 0;
  double baseline = 0;
  std::string unit;     // "posts/h", "% negative", "risk", "followers", "× usual"
  std::string summary;  // plain words: "42 posts in 30 min where 3 are usual"
  std::vector<PostId> evidence;
  std::vector<std::string> terms;
  std::vector<AlertPoint> chart;  // hourly, the last 24 hours
  Timestamp at{};
};

struct EngineOptions {
  std::chrono::hours history{24 * 35};        // hourly counts kept
  std::chrono::minutes recent{180};           // posts kept one by one
  std::chrono::minutes retrigger{15};         // a rule re-fires on a series at most this often
  std::size_t max_terms_per_series = 20'000;  // background vocabulary kept
  std::size_t max_series = 10'000;            // topics across workspaces
};

class DetectorEngine {
 public:
  explicit DetectorEngine(EngineOptions options = {});
  ~DetectorEngine();
  DetectorEngine(const DetectorEngine&) = delete;
  DetectorEngine& operator=(const DetectorEngine&) = delete;

  // The enabled rules of a workspace (replacing those it had), and its
  // competitors' topics: rules without topics leave those alone.
  void SetRules(WorkspaceId workspace, std::vector<AlertRule> rules,
                std::vector<TopicId> competitors = {});

  // Adds past hourly counts (from the store, at start) without firing.
  void Warm(WorkspaceId workspace, std::optional<TopicId> topic, Timestamp hour, std::int64_t posts,
            std::int64_t negative);

  // Feeds one post seen at `now` (stream time: now >= post.at, give or take
  // clock skew) and returns what fired.
  std::vector<Trigger> Observe(const PostSignal& post, Timestamp now);

  std::size_t series_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A post counts as negative from this sentiment down (as in the dashboards).
inline constexpr double kNegativeScore = -0.25;

}  // namespace tribu::alerts
