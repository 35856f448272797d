// An alert tells a team that something needs attention now: a volume spike, a
// sentiment shift, a risky message. It keeps its evidence so that whoever
// opens it sees why it fired.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/time.h"

namespace tribu {

enum class AlertSeverity { kInfo, kWarning, kCritical };
enum class AlertState { kOpen, kAcknowledged, kResolved };

struct Alert {
  AlertId id;
  WorkspaceId workspace_id;
  std::optional<TopicId> topic_id;
  std::string detector;  // "volume_spike", "sentiment_shift", "risky_post", ...
  AlertSeverity severity = AlertSeverity::kWarning;
  AlertState state = AlertState::kOpen;
  std::string title;
  double figure = 0;    // the value that fired (posts per hour, negative share...)
  double baseline = 0;  // what was expected
  std::vector<PostId> evidence;
  std::optional<UserId> assignee;
  Timestamp opened_at{};
  Timestamp updated_at{};
};

}  // namespace tribu
