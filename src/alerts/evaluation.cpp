#include "tribu/alerts/evaluation.h"

#include <algorithm>

namespace tribu::alerts {

AlertScore ScoreAlerts(const std::vector<Alert>& alerts, const std::vector<Incident>& incidents) {
  using namespace std::chrono_literals;
  AlertScore s;
  s.incidents = static_cast<int>(incidents.size());
  s.alerts = static_cast<int>(alerts.size());
  for (const Incident& i : incidents) s.per_incident.push_back({i.id, 0, std::nullopt});
  for (const Alert& a : alerts) {
    bool matched = false;
    for (std::size_t k = 0; k < incidents.size() && !matched; ++k) {
      const Incident& i = incidents[k];
      if (a.opened_at < i.start - 5min || a.opened_at > i.end) continue;
      const bool about = !i.topic || a.topics.empty() ||
                         std::find(a.topics.begin(), a.topics.end(), *i.topic) != a.topics.end();
      if (!about) continue;
      matched = true;
      IncidentResult& r = s.per_incident[k];
      ++r.alerts;
      const double minutes = std::max(
          0.0, std::chrono::duration<double, std::ratio<60>>(a.opened_at - i.start).count());
      if (!r.detect_minutes || minutes < *r.detect_minutes) r.detect_minutes = minutes;
    }
    (matched ? s.true_alerts : s.false_alerts) += 1;
  }
  std::vector<double> ttd;
  int detected = 0;
  for (const IncidentResult& r : s.per_incident) {
    s.max_alerts_per_incident = std::max(s.max_alerts_per_incident, r.alerts);
    if (r.detect_minutes) {
      ++detected;
      ttd.push_back(*r.detect_minutes);
    }
  }
  s.precision = s.alerts ? static_cast<double>(s.true_alerts) / s.alerts : 1;
  s.recall = s.incidents ? static_cast<double>(detected) / s.incidents : 1;
  if (!ttd.empty()) {
    std::sort(ttd.begin(), ttd.end());
    const std::size_t n = ttd.size();
    s.median_detect_minutes = n % 2 ? ttd[n / 2] : (ttd[n / 2 - 1] + ttd[n / 2]) / 2;
  }
  return s;
}

}  // namespace tribu::alerts
