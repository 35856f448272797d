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

}  // namespace tribu::alerts
