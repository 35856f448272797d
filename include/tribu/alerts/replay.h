// Runs the detectors over posts already stored, in their own time order, and
// stores the alerts they raise (no delivery is sent: it is the past). For the
// demo workspace, whose month of history should show its alerts, and for a
// workspace imported from an export.
#pragma once

#include <span>

#include "tribu/core/post.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::alerts {

struct ReplayStats {
  std::int64_t posts = 0;
  std::int64_t alerts = 0;
};

// `posts` are the workspace's, stored (ids and topics set), oldest first.
// Alerts quiet for more than `resolve_after` before the last post are marked
// resolved, as a team would have done.
Result<ReplayStats> ReplayAlerts(Store& store, WorkspaceId workspace, std::span<const Post> posts,
                                 const text::Analyzer& analyzer,
                                 std::chrono::hours resolve_after = std::chrono::hours(48));

}  // namespace tribu::alerts
