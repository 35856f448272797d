// An alert tells a team that something needs attention now: a volume spike, a
// sentiment shift, a risky message. It keeps its evidence so that whoever
// opens it sees why it fired. Rules say which detector watches what, and
// where alerts are sent (destinations); deliveries are the messages owed to
// destinations, kept until sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu {

enum class AlertSeverity { kInfo, kWarning, kCritical };
enum class AlertState { kOpen, kAcknowledged, kResolved };

std::string_view AlertSeverityName(AlertSeverity s);  // "info", "warning", "critical"
Result<AlertSeverity> ParseAlertSeverity(std::string_view name);
std::string_view AlertStateName(AlertState s);  // "open", "acknowledged", "resolved"
Result<AlertState> ParseAlertState(std::string_view name);

// What watches the posts (see the README, "Alerts").
enum class Detector {
  kVolumeSpike,        // more posts than usual at this hour of this day of the week
  kSentimentShift,     // the share of negative posts beyond its usual range
  kRiskyPost,          // one post with threats, legal words, crisis, churn, toxicity, by reach
  kInfluentialAuthor,  // a post from an author with a large audience or engagement
  kEmergingTerm,       // a word or hashtag whose frequency jumps
};
inline constexpr Detector kAllDetectors[] = {Detector::kVolumeSpike, Detector::kSentimentShift,
                                             Detector::kRiskyPost, Detector::kInfluentialAuthor,
                                             Detector::kEmergingTerm};
std::string_view DetectorName(Detector d);  // "volume_spike", "sentiment_shift", ...
Result<Detector> ParseDetector(std::string_view name);

enum class Sensitivity { kLow, kMedium, kHigh };  // high fires on smaller changes
std::string_view SensitivityName(Sensitivity s);
Result<Sensitivity> ParseSensitivity(std::string_view name);

// Hours in the workspace's time zone when deliveries below critical wait
// (minutes after local midnight; start > end spans midnight: 22:00-07:00).
struct QuietHours {
  int start_minute = 22 * 60;
  int end_minute = 7 * 60;
};

struct AlertRule {
  std::int64_t id = 0;
  WorkspaceId workspace_id;
  std::string name;
  Detector detector = Detector::kVolumeSpike;
  std::vector<TopicId> topics;  // empty: every topic, and the workspace as a whole
  Sensitivity sensitivity = Sensitivity::kMedium;
  // Replaces the sensitivity's main figure where set: the ratio to the usual
  // volume, the negative share, the risk score, the followers, the term ratio.
  std::optional<double> threshold;
  AlertSeverity severity = AlertSeverity::kWarning;
  std::optional<QuietHours> quiet_hours;
  std::vector<std::int64_t> destinations;  // AlertDestination ids
  bool enabled = true;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// Checks names, sizes and ranges; the message names the field.
Status ValidateAlertRule(const AlertRule& rule);

// A point of an alert's chart: the figure over time against what was expected.
struct AlertPoint {
  Timestamp at{};
  double value = 0;
  double expected = 0;
};

struct Alert {
  AlertId id;
  WorkspaceId workspace_id;
  std::optional<TopicId> topic_id;     // the topic it is mainly about, if any
  std::vector<TopicId> topics;         // every topic its triggers were about
  std::vector<std::string> detectors;  // "volume_spike", "sentiment_shift", "risky_post", ...
  std::vector<std::int64_t> rules;     // the rules that fired
  AlertSeverity severity = AlertSeverity::kWarning;
  AlertState state = AlertState::kOpen;
  std::string title;               // one line, in plain words
  std::string summary;             // the latest trigger's facts
  double figure = 0;               // the value that fired (posts per hour, negative share...)
  double baseline = 0;             // what was expected
  std::string unit;                // what figure and baseline count: "posts/h", "% negative", ...
  std::vector<PostId> evidence;    // the posts that show it, most telling first
  std::vector<std::string> terms;  // emerging terms, risk signals
  std::vector<AlertPoint> chart;   // the latest trigger's, hourly
  std::string chart_unit;          // what the chart counts: "posts/h", "% negative"
  int triggers = 1;                // how many times the detectors fired into it
  std::optional<UserId> assignee;
  std::optional<UserId> acknowledged_by;
  std::optional<UserId> resolved_by;
  std::string resolution;  // the note left when resolving
  Timestamp opened_at{};
  Timestamp updated_at{};
  Timestamp last_trigger_at{};
  std::optional<Timestamp> acknowledged_at;
  std::optional<Timestamp> resolved_at;
};

// One line of an alert's history.
struct AlertEvent {
  std::int64_t id = 0;
  AlertId alert_id;
  Timestamp at{};
  std::string kind;    // opened, updated, acknowledged, assigned, resolved, reopened, ...
  std::string actor;   // "detector", "user:3 marie@agence.fr", "delivery"
  std::string detail;  // plain words
};

enum class DestinationKind { kSlack, kMattermost, kDiscord, kTeams, kWebhook, kEmail };
std::string_view DestinationKindName(DestinationKind k);  // "slack", ..., "webhook", "email"
Result<DestinationKind> ParseDestinationKind(std::string_view name);

// Where alerts are sent. The URL and signing secret are secrets: stored
// sealed, never read back through the API (see Store::GetDestinationSecrets).
struct AlertDestination {
  std::int64_t id = 0;
  WorkspaceId workspace_id;
  std::string name;
  DestinationKind kind = DestinationKind::kWebhook;
  std::string recipients;   // e-mail: comma-separated addresses
  std::string url_hint;     // "https://hooks.slack.com/…": what the UI may show of the URL
  bool has_secret = false;  // a signing secret is set (generic webhook)
  bool enabled = true;
  int consecutive_failures = 0;
  std::string last_error;
  std::optional<Timestamp> last_success_at;
  std::optional<Timestamp> last_failure_at;
  Timestamp created_at{};

  // Failing again and again: shown as broken until a delivery succeeds.
  bool broken() const { return consecutive_failures >= 3; }
};

struct DestinationSecrets {
  std::string url;             // webhook URL (empty for e-mail)
  std::string signing_secret;  // generic webhook HMAC key, may be empty
};

enum class DeliveryState { kPending, kSent, kFailed };
std::string_view DeliveryStateName(DeliveryState s);  // "pending", "sent", "failed"

// A message owed to a destination about an alert. Pending until sent;
// failed (kept, retried on request) after the last attempt.
struct AlertDelivery {
  std::int64_t id = 0;
  WorkspaceId workspace_id;
  AlertId alert_id;
  std::int64_t destination_id = 0;
  std::string event;  // "opened", "escalated", "resolved", "test"
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  std::string last_error;
  Timestamp created_at{};
  Timestamp next_attempt_at{};
  std::optional<Timestamp> sent_at;
};

}  // namespace tribu
