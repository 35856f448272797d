#include "tribu/alerts/rules.h"

namespace tribu::alerts {

std::vector<AlertRule> DefaultRules(WorkspaceId workspace) {
  struct Default {
    const char* name;
    Detector detector;
    AlertSeverity severity;
  };
  static constexpr Default kDefaults[] = {
      {"Volume spikes", Detector::kVolumeSpike, AlertSeverity::kWarning},
      {"Sentiment shifts", Detector::kSentimentShift, AlertSeverity::kWarning},
      {"Risky posts", Detector::kRiskyPost, AlertSeverity::kWarning},
      {"Influential authors", Detector::kInfluentialAuthor, AlertSeverity::kWarning},
      {"Emerging terms", Detector::kEmergingTerm, AlertSeverity::kInfo},
  };
  std::vector<AlertRule> out;
  for (const Default& d : kDefaults) {
    AlertRule r;
    r.workspace_id = workspace;
    r.name = d.name;
    r.detector = d.detector;
    r.severity = d.severity;
    out.push_back(std::move(r));
  }
  return out;
}

Status AddDefaultRules(Store& store, WorkspaceId workspace) {
  for (const AlertRule& r : DefaultRules(workspace)) {
    auto created = store.CreateAlertRule(r);
    if (!created && created.error().code != ErrorCode::kAlreadyExists) return Fail(created.error());
  }
  return {};
}

}  // namespace tribu::alerts
