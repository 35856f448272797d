// tribu eval alerts and tribu demo alert-stream: the alert detectors replayed
// over a labelled stream, in stream time, as the live service runs them.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include "app/commands.h"
#include "app/demo/alert_stream.h"
#include "tribu/alerts/evaluation.h"
#include "tribu/alerts/replay.h"
#include "tribu/alerts/rules.h"
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
                             stream->posts.size(), stream->topics.size(), stream->incidents.size(),
                             args.out);
  }
  return kExitOk;
}

namespace {

struct StreamResult {
  std::vector<Alert> alerts;
  std::vector<alerts::Incident> incidents;
  std::size_t posts = 0;
};

// Replays one stream through the detectors, in stream time.
Result<StreamResult> Replay(const std::string& path, const text::Analyzer& analyzer_ref,
                            std::shared_ptr<const text::Analyzer> analyzer,
                            Sensitivity sensitivity) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot open " + path);
  auto stream = demo::ReadAlertStream(in);
  if (!stream) return Fail(stream.error().WithContext(path));
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
  auto topics = listen::TopicSet::Compile(queries, analyzer_ref.tokenizer(), &report);
  if (!topics) return Fail(topics.error().WithContext(path));
  pipeline::PostAnnotator annotator(std::move(analyzer), std::move(*topics));

  std::vector<AlertRule> rules = alerts::DefaultRules(ws);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    rules[i].id = static_cast<std::int64_t>(i + 1);
    rules[i].sensitivity = sensitivity;
  }
  // Analysed and matched as the pipeline would, then replayed in stream time.
  for (std::size_t i = 0; i < stream->posts.size(); ++i) {
    stream->posts[i].id = PostId{static_cast<std::int64_t>(i + 1)};
    stream->posts[i].workspace_id = ws;
  }
  annotator.Annotate(stream->posts);
  alerts::DetectorEngine engine;
  engine.SetRules(ws, rules, competitors);
  std::map<std::int64_t, Alert> all;
  std::int64_t next_alert = 0;
  TRIBU_RETURN_IF_ERROR(alerts::ReplayPosts(
      engine, stream->posts, analyzer_ref, topic_names,
      [&](Alert& a, const alerts::Grouped& g, const alerts::Trigger&) -> Status {
        if (g.opened) a.id = AlertId{++next_alert};
        all[a.id.value] = a;
        return {};
      }));
  StreamResult out;
  out.posts = stream->posts.size();
  for (const demo::StreamIncident& i : stream->incidents) {
    alerts::Incident inc{i.id, std::nullopt, i.start, i.end};
    if (!i.topic.empty()) {
      auto it = topic_ids.find(i.topic);
      if (it == topic_ids.end()) {
        return Fail(ErrorCode::kInvalidArgument, path + ": incident " + i.id + " is about '" +
                                                     i.topic +
                                                     "', which is not a topic of the stream");
      }
      inc.topic = it->second;
    }
    out.incidents.push_back(inc);
  }
  for (auto& [id, a] : all) out.alerts.push_back(std::move(a));
  return out;
}

}  // namespace

int RunEvalAlerts(AppContext& /*ctx*/, const EvalArgs& args) {
  if (args.streams.empty()) {
    std::cerr << "tribu: eval alerts: --stream FILE is required\n";
    return kExitUsage;
  }
  auto sensitivity = ParseSensitivity(args.sensitivity);
  if (!sensitivity) return ReportError(sensitivity.error());
  auto made = MakeAnalyzer(args.options);
  if (!made) return ReportError(made.error());
  std::shared_ptr<const text::Analyzer> analyzer = std::move(*made);

  // Pooled over the streams: every incident and alert counts once.
  int incidents = 0, alerts_total = 0, true_alerts = 0, false_alerts = 0, detected = 0;
  int max_per_incident = 0;
  std::vector<double> ttd;
  for (const std::string& path : args.streams) {
    auto r = Replay(path, *analyzer, analyzer, *sensitivity);
    if (!r) return ReportError(r.error());
    const alerts::AlertScore score = alerts::ScoreAlerts(r->alerts, r->incidents);
    std::cout << fmt::format("{}: {} posts, {} incidents, {} alerts\n", path, r->posts,
                             score.incidents, score.alerts);
    for (const alerts::IncidentResult& i : score.per_incident) {
      std::cout << fmt::format(
          "  {:<22} {:<10} {}\n", i.id, i.alerts ? fmt::format("{} alert(s)", i.alerts) : "MISSED",
          i.detect_minutes ? fmt::format("detected after {:.1f} min", *i.detect_minutes) : "");
      if (i.detect_minutes) {
        ++detected;
        ttd.push_back(*i.detect_minutes);
      }
      max_per_incident = std::max(max_per_incident, i.alerts);
    }
    for (const Alert& a : r->alerts) {
      bool during = false;
      for (const alerts::Incident& i : r->incidents) {
        during |= a.opened_at >= i.start - std::chrono::minutes(5) && a.opened_at <= i.end;
      }
      if (during && !args.verbose) continue;
      std::cout << fmt::format("  {} {} [{}] {} ({} triggers): {}\n",
                               during ? "alert" : "FALSE ALARM", FormatIso8601(a.opened_at),
                               AlertSeverityName(a.severity), a.title, a.triggers, a.summary);
    }
    incidents += score.incidents;
    alerts_total += score.alerts;
    true_alerts += score.true_alerts;
    false_alerts += score.false_alerts;
  }
  std::sort(ttd.begin(), ttd.end());
  const std::string median =
      ttd.empty()
          ? "nan"
          : fmt::format("{:.1f}", ttd.size() % 2
                                      ? ttd[ttd.size() / 2]
                                      : (ttd[ttd.size() / 2 - 1] + ttd[ttd.size() / 2]) / 2);
  std::cout << fmt::format(
      "streams={} incidents={} alerts={} false_alerts={} precision={:.3f} recall={:.3f} "
      "median_ttd_minutes={} max_alerts_per_incident={}\n",
      args.streams.size(), incidents, alerts_total, false_alerts,
      alerts_total ? static_cast<double>(true_alerts) / alerts_total : 1.0,
      incidents ? static_cast<double>(detected) / incidents : 1.0, median, max_per_incident);
  return kExitOk;
}

}  // namespace tribu::app
