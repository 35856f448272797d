// Runs the detectors over posts already stored, in their own time order, and
// stores the alerts they raise (no delivery is sent: it is the past). For the
// demo workspace, whose month of history should show its alerts, and for a
// workspace imported from an export.
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>

#include "tribu/alerts/detectors.h"
#include "tribu/alerts/grouping.h"
#include "tribu/core/post.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::alerts {

// What an alert opened or grown by a replayed trigger is handed to.
using AlertChanged =
    std::function<Status(Alert& alert, const Grouped& how, const Trigger& trigger)>;

// Feeds `posts` (analysed and matched, oldest first) to `engine` in their own
// time, groups what fires into alerts, and hands each change to `changed`
// (which may give a new alert its id). `topic_names` names topics for titles.
// Stops at the first error `changed` returns.
Status ReplayPosts(DetectorEngine& engine, std::span<const Post> posts,
                   const text::Analyzer& analyzer,
                   const std::map<std::int64_t, std::string>& topic_names,
                   const AlertChanged& changed);

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
