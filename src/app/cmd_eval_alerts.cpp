// tribu eval alerts and tribu demo alert-stream: the alert detectors replayed
// over a labelled stream, in stream time, as the live service runs them.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>

#include "app/commands.h"
#include "app/demo/alert_stream.h"
#include "tribu/alerts/evaluation.h"
#include "tribu/alerts/grouping.h"
#include "tribu/alerts/rules.h"
#include "tribu/alerts/signals.h"
#include "tribu/listen/matcher.h"
#include "tribu/pipeline/annotator.h"

namespace tribu::app {

int RunAlertStream(AppContext& /*ctx*/, const AlertStreamArgs& args) {
  demo::AlertStreamOptions o;
  o.seed = args.seed;
  o.weeks = args.weeks;
  o.posts_per_day = args.posts_per_day;
  o.labelled_dir = args.labelled;
  auto stream = demo::GenerateAlertStream(o);
  if (!stream) return ReportError(stream.error());
  const std::string text = demo::EncodeAlertStream(*stream);
  if (args.out == "-") {
    std::cout << text;
  } else {
    std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text)) {
      return ReportError(Error{ErrorCode::kUnavailable, "cannot write " + args.out});
    }
    std::cerr << fmt::format("wrote {} posts, {} topics, {} incidents to {}\n",
                             stream->posts.size(), stream->topics.size(),
                             stream->incidents.size(), args.out);
  }
  return kExitOk;
}

int RunEvalAlerts(AppContext& /*ctx*/, const EvalArgs& args) {
  if (args.stream.empty()) {
    std::cerr << "tribu: eval alerts: --stream FILE is required\n";
    return kExitUsage;
  }
  auto sensitivity = ParseSensitivity(args.sensitivity);
  if (!sensitivity) return ReportError(sensitivity.error());
  std::ifstream in(args.stream, std::ios::binary);
  if (!in) return ReportError(Error{ErrorCode::kNotFound, "cannot open " + args.stream});
  auto stream = demo::ReadAlertStream(in);
  if (!stream) return ReportError(stream.error().WithContext(args.stream));
  auto made = MakeAnalyzer(args.options);
  if (!made) return ReportError(made.error());
  std::shared_ptr<const text::Analyzer> analyzer = std::move(*made);

  const WorkspaceId ws{1};
  std::vector<listen::TopicQuery> queries;
  std::map<std::string, TopicId> topic_ids;
  std::map<std::int64_t, std::string> topic_names;
  std::vector<TopicId> competitors;
  for (std::size_t i = 0; i < stream->topics.size(); ++i) {
    const TopicId id{static_cast<std::int64_t>(i + 1)};
    if (stream->topics[i].kind == TopicKind::kCompetitor) competitors.push_back(id);
    queries.push_back({id, ws, stream->topics[i].query});
    topic_ids[stream->topics[i].name] = id;
    topic_names[id.value] = stream->topics[i].name;
  }
  listen::CompileReport report;
  auto topics = listen::TopicSet::Compile(queries, analyzer->tokenizer(), &report);
  if (!topics) return ReportError(topics.error());
  pipeline::PostAnnotator annotator(analyzer, std::move(*topics));

  std::vector<AlertRule> rules = alerts::DefaultRules(ws);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    rules[i].id = static_cast<std::int64_t>(i + 1);
    rules[i].sensitivity = *sensitivity;
  }
  alerts::DetectorEngine engine;
  engine.SetRules(ws, rules, competitors);
  std::vector<Alert> active;
  std::map<std::int64_t, Alert> all;
  text::TokenizedText tokens;
  std::int64_t next_alert = 0;
  constexpr std::size_t kBatch = 256;
  for (std::size_t from = 0; from < stream->posts.size(); from += kBatch) {
    const std::size_t to = std::min(stream->posts.size(), from + kBatch);
    std::span<Post> batch(stream->posts.data() + from, to - from);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i].id = PostId{static_cast<std::int64_t>(from + i + 1)};
      batch[i].workspace_id = ws;
    }
    annotator.Annotate(batch);
    for (const Post& p : batch) {
      const alerts::PostSignal signal = alerts::SignalOf(p, *analyzer, &tokens);
      for (const alerts::Trigger& t : engine.Observe(signal, p.published_at)) {
        const std::string name = t.topic ? topic_names[t.topic->value] : "";
        const alerts::Grouped g = alerts::GroupTrigger(t, name, active);
        Alert& a = active[g.index];
        if (g.opened) a.id = AlertId{++next_alert};
        all[a.id.value] = a;
      }
      alerts::PruneActive(active, p.published_at);
    }
  }

  std::vector<alerts::Incident> incidents;
  for (const demo::StreamIncident& i : stream->incidents) {
    alerts::Incident inc{i.id, std::nullopt, i.start, i.end};
    if (!i.topic.empty()) {
      auto it = topic_ids.find(i.topic);
      if (it == topic_ids.end()) {
        return ReportError(Error{ErrorCode::kInvalidArgument,
                                 "incident " + i.id + " is about '" + i.topic +
                                     "', which is not a topic of the stream"});
      }
      inc.topic = it->second;
    }
    incidents.push_back(inc);
  }
  std::vector<Alert> alerts_opened;
  for (auto& [id, a] : all) alerts_opened.push_back(a);
  const alerts::AlertScore score = alerts::ScoreAlerts(alerts_opened, incidents);

  std::cout << fmt::format("{} posts, {} topics, {} incidents, {} alerts\n",
                           stream->posts.size(), stream->topics.size(), incidents.size(),
                           alerts_opened.size());
  for (std::size_t k = 0; k < score.per_incident.size(); ++k) {
    const alerts::IncidentResult& r = score.per_incident[k];
    std::cout << fmt::format(
        "  {:<22} {:<10} {}\n", r.id, r.alerts ? fmt::format("{} alert(s)", r.alerts) : "MISSED",
        r.detect_minutes ? fmt::format("detected after {:.1f} min", *r.detect_minutes) : "");
  }
  auto in_incident = [&](const Alert& a) {
    for (const alerts::Incident& i : incidents) {
      if (a.opened_at >= i.start - std::chrono::minutes(5) && a.opened_at <= i.end) return true;
    }
    return false;
  };
  for (const Alert& a : alerts_opened) {
    const bool false_alarm = !in_incident(a);
    if (!false_alarm && !args.verbose) continue;
    std::cout << fmt::format("  {} {} [{}] {} ({} triggers): {}\n",
                             false_alarm ? "FALSE ALARM" : "alert", FormatIso8601(a.opened_at),
                             AlertSeverityName(a.severity), a.title, a.triggers, a.summary);
  }
  std::cout << fmt::format(
      "incidents={} alerts={} false_alerts={} precision={:.3f} recall={:.3f} "
      "median_ttd_minutes={} max_alerts_per_incident={}\n",
      score.incidents, score.alerts, score.false_alerts, score.precision, score.recall,
      score.median_detect_minutes ? fmt::format("{:.1f}", *score.median_detect_minutes) : "nan",
      score.max_alerts_per_incident);
  return kExitOk;
}

}  // namespace tribu::app
