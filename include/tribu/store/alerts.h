// Rows of the alerts part of the Store: how alerts are listed, and the
// outcome of one delivery attempt.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tribu/core/alert.h"

namespace tribu {

struct AlertFilter {
  WorkspaceId workspace_id;
  std::optional<AlertState> state;  // none: every state
  bool active_only = false;         // open or acknowledged
  std::optional<TopicId> topic;     // alerts about that topic (any of their topics)
  int limit = 50;                   // 1..200
  std::string cursor;               // from AlertPage::next_cursor
};

struct AlertPage {
  std::vector<Alert> alerts;  // newest opened first
  std::string next_cursor;    // empty on the last page
};

// What came of one attempt to send a delivery.
struct DeliveryOutcome {
  bool sent = false;
  std::string error;                  // why it was not sent
  std::optional<Timestamp> retry_at;  // not sent: try again then; none: give up (failed)
};

}  // namespace tribu
