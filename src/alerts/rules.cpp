#include "tribu/alerts/rules.h"

namespace tribu::alerts {

std::vector<AlertRule> DefaultRules(WorkspaceId workspace) {
  struct Default {
    Detector detector;
    const char* name;
    AlertSeverity severity;
  };
  static constexpr Default kDefaults[] = {
      {Detector::kVolumeSpike, "Volume spikes", AlertSeverity::kWarning},
      {Detector::kSentimentShift, "Sentiment shifts", AlertSeverity::kWarning},
      {Detector::kRiskyPost, "Risky posts", AlertSeverity::kWarning},
      {Detector::kInfluentialAuthor, "Influential authors", AlertSeverity::kWarning},
      {Detector::kEmergingTerm, "Emerging terms", AlertSeverity::kInfo},
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
