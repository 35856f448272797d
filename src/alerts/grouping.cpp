#include "tribu/alerts/grouping.h"

#include <algorithm>

namespace tribu::alerts {

namespace {

template <class T>
void AddUnique(std::vector<T>& to, const T& value) {
  if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
}

bool Joinable(const Alert& a, const Trigger& t, const GroupingOptions& o) {
  return a.workspace_id == t.workspace && a.state != AlertState::kResolved &&
         t.at - a.last_trigger_at <= o.cooldown;
}

// The same topic; or one of them is about the workspace as a whole, which an
// open alert's crisis is part of.
bool SameSubject(const Alert& a, const Trigger& t) {
  if (!t.topic || a.topics.empty()) return true;
  return std::find(a.topics.begin(), a.topics.end(), *t.topic) != a.topics.end();
}

bool SharesEvidence(const Alert& a, const Trigger& t) {
  for (PostId p : t.evidence) {
    if (std::find(a.evidence.begin(), a.evidence.end(), p) != a.evidence.end()) return true;
  }
  return false;
}

std::string Title(const Alert& a, std::string_view topic_name) {
  std::string what;
  for (std::size_t i = 0; i < a.detectors.size() && i < 3; ++i) {
    std::string label = DetectorLabel(a.detectors[i]);
    if (i > 0) {
      if (!label.empty()) label[0] = static_cast<char>(std::tolower(label[0]));
      what += i + 1 == std::min<std::size_t>(a.detectors.size(), 3) ? " and " : ", ";
    }
    what += label;
  }
  if (a.detectors.size() > 3) what += " and more";
  return topic_name.empty() ? what + " across the workspace"
                            : what + " on " + std::string(topic_name);
}

// What a trigger's chart counts: its own unit where the chart is of its
// figure, else the hourly volume it shows.
std::string ChartUnit(const Trigger& t) {
  return t.detector == Detector::kSentimentShift ? "% negative" : "posts/h";
}

}  // namespace

std::string DetectorLabel(std::string_view detector) {
  if (detector == "volume_spike") return "Volume spike";
  if (detector == "sentiment_shift") return "Sentiment shift";
  if (detector == "risky_post") return "Risky post";
  if (detector == "influential_author") return "Influential author";
  if (detector == "emerging_term") return "Emerging term";
  return std::string(detector);
}

std::string_view HistoryKind(const Grouped& g) {
  return g.opened ? "opened" : g.escalated ? "escalated" : g.new_detector ? "updated" : "";
}

Grouped GroupTrigger(const Trigger& t, std::string_view topic_name, std::vector<Alert>& active,
                     const GroupingOptions& o) {
  Grouped g;
  std::size_t found = active.size();
  // The newest alert of the same subject first.
  for (std::size_t i = active.size(); i-- > 0 && found == active.size();) {
    if (Joinable(active[i], t, o) && SameSubject(active[i], t)) found = i;
  }
  for (std::size_t i = 0; i < active.size() && found == active.size(); ++i) {
    if (Joinable(active[i], t, o) && SharesEvidence(active[i], t)) found = i;
  }
  const std::string detector(DetectorName(t.detector));
  if (found == active.size()) {
    Alert a;
    a.workspace_id = t.workspace;
    a.topic_id = t.topic;
    if (t.topic) a.topics.push_back(*t.topic);
    a.detectors.push_back(detector);
    a.rules.push_back(t.rule_id);
    a.severity = t.severity;
    a.figure = t.figure;
    a.baseline = t.baseline;
    a.unit = t.unit;
    a.summary = t.summary;
    a.evidence = t.evidence;
    if (a.evidence.size() > o.max_evidence) a.evidence.resize(o.max_evidence);
    a.terms = t.terms;
    if (a.terms.size() > o.max_terms) a.terms.resize(o.max_terms);
    a.chart = t.chart;
    if (!t.chart.empty()) a.chart_unit = ChartUnit(t);
    a.opened_at = a.updated_at = a.last_trigger_at = t.at;
    a.title = Title(a, topic_name);
    active.push_back(std::move(a));
    g.index = active.size() - 1;
    g.opened = true;
    return g;
  }
  Alert& a = active[found];
  g.index = found;
  if (t.topic) {
    AddUnique(a.topics, *t.topic);
    if (!a.topic_id) a.topic_id = t.topic;
  }
  g.new_detector = std::find(a.detectors.begin(), a.detectors.end(), detector) == a.detectors.end();
  AddUnique(a.detectors, detector);
  AddUnique(a.rules, t.rule_id);
  if (t.severity > a.severity) {
    a.severity = t.severity;
    g.escalated = true;
  }
  // The figure shown is the first detector's, at its highest.
  if (a.detectors.front() == detector && t.figure >= a.figure) {
    a.figure = t.figure;
    a.baseline = t.baseline;
    a.unit = t.unit;
  }
  // The chart follows the crisis: the latest one drawn.
  if (!t.chart.empty()) {
    a.chart = t.chart;
    a.chart_unit = ChartUnit(t);
  }
  a.summary = t.summary;
  std::vector<PostId> evidence = t.evidence;
  for (PostId p : a.evidence) AddUnique(evidence, p);
  if (evidence.size() > o.max_evidence) evidence.resize(o.max_evidence);
  a.evidence = std::move(evidence);
  for (const std::string& term : t.terms) {
    if (a.terms.size() < o.max_terms) AddUnique(a.terms, term);
  }
  ++a.triggers;
  a.last_trigger_at = std::max(a.last_trigger_at, t.at);
  a.updated_at = t.at;
  // The title keeps the alert's main topic; new detectors join its words.
  if (a.topic_id == t.topic || !a.topic_id) {
    a.title = Title(a, topic_name);
  } else {
    const std::size_t on = a.title.rfind(" on ");
    a.title = Title(a, on == std::string::npos ? "" : std::string_view(a.title).substr(on + 4));
  }
  return g;
}

void PruneActive(std::vector<Alert>& active, Timestamp now, const GroupingOptions& o) {
  std::erase_if(active, [&](const Alert& a) {
    return a.state == AlertState::kResolved || now - a.last_trigger_at > o.cooldown;
  });
}

}  // namespace tribu::alerts
