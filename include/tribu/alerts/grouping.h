// One crisis, one alert: triggers join the open alert they belong to instead
// of opening new ones. A trigger belongs to an alert of its workspace that is
// not resolved, fired into within the cooldown, and is about the same topic,
// or about the workspace as a whole (either of them), or shares evidence posts
// with it: a storm about a brand shows in the brand's topic, a product's topic
// and the workspace as a whole at once.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "tribu/alerts/detectors.h"
#include "tribu/core/alert.h"

namespace tribu::alerts {

struct GroupingOptions {
  std::chrono::minutes cooldown{12 * 60};  // quiet time after which a trigger opens a new alert
  std::size_t max_evidence = 50;
  std::size_t max_terms = 20;
};

struct Grouped {
  std::size_t index = 0;      // the alert in `active` the trigger went to
  bool opened = false;        // a new alert
  bool escalated = false;     // an existing alert's severity rose
  bool new_detector = false;  // an existing alert got a detector it did not have
};

// Adds the trigger to its alert among `active`, or appends a new one (id 0,
// state open). `topic_name` names the trigger's topic for the title (empty
// for the workspace as a whole).
Grouped GroupTrigger(const Trigger& trigger, std::string_view topic_name,
                     std::vector<Alert>& active, const GroupingOptions& options = {});

// Drops the alerts that no trigger may join any more (resolved, or quiet for
// longer than the cooldown before `now`).
void PruneActive(std::vector<Alert>& active, Timestamp now, const GroupingOptions& options = {});

// The line an alert's history gets for a grouped trigger: "opened",
// "escalated", "updated" (a new detector joined), or "" (only grew: no line).
std::string_view HistoryKind(const Grouped& grouped);

// "Volume spike on Velora", "Risky post and sentiment shift on Velora"...
std::string DetectorLabel(std::string_view detector);

}  // namespace tribu::alerts
