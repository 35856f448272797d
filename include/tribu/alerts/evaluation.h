// How well alerts caught labelled incidents: what `tribu eval alerts` prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tribu/core/alert.h"

namespace tribu::alerts {

struct Incident {
  std::string id;
  std::optional<TopicId> topic;  // none: about the workspace
  Timestamp start{};
  Timestamp end{};
};

struct IncidentResult {
  std::string id;
  int alerts = 0;                        // alerts opened for it
  std::optional<double> detect_minutes;  // from its start to its first alert's opening
};

struct AlertScore {
  int incidents = 0;
  int alerts = 0;
  int true_alerts = 0;   // opened during an incident (from 5 min before its start to its end)
  int false_alerts = 0;  // opened outside every incident
  double precision = 0;  // true_alerts / alerts (1 when no alert)
  double recall = 0;     // incidents with an alert / incidents (1 when no incident)
  std::optional<double> median_detect_minutes;
  int max_alerts_per_incident = 0;
  std::vector<IncidentResult> per_incident;
};

// An alert counts for an incident when it opens within it and is about its
// topic (or the workspace as a whole); for the earliest such incident only.
AlertScore ScoreAlerts(const std::vector<Alert>& alerts, const std::vector<Incident>& incidents);

}  // namespace tribu::alerts
