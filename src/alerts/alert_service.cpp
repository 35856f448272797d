#include "tribu/alerts/alert_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tribu/alerts/signals.h"
#include "tribu/pipeline/messages.h"

namespace tribu::alerts {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view kGroup = "alerts";

}  // namespace

Timestamp DeliveryTime(const AlertRule& rule, AlertSeverity severity, Timestamp now,
                       std::string_view time_zone) {
  if (!rule.quiet_hours || severity == AlertSeverity::kCritical) return now;
  auto day = StartOfLocalDay(now, time_zone);
  if (!day) return now;
  const int minute =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(now - *day).count() %
                       (std::int64_t{24} * 60));
  const int start = rule.quiet_hours->start_minute;
  const int end = rule.quiet_hours->end_minute;
  const bool quiet =
      start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
  if (!quiet) return now;
  const int wait = (end - minute + 24 * 60) % (24 * 60);
  return now + std::chrono::minutes(wait);
}

AlertService::AlertService(Store& store, bus::Bus& bus,
                           std::shared_ptr<const text::Analyzer> analyzer, const Clock& clock,
                           spdlog::logger& log, Dispatcher* dispatcher, AlertServiceOptions options)
    : store_(store),
      bus_(bus),
      analyzer_(std::move(analyzer)),
      clock_(clock),
      log_(log),
      dispatcher_(dispatcher),
      options_(options) {}

Result<std::unique_ptr<AlertService>> AlertService::Start(
    Store& store, bus::Bus& bus, std::shared_ptr<const text::Analyzer> analyzer, const Clock& clock,
    spdlog::logger& log, Dispatcher* dispatcher, AlertServiceOptions options) {
  std::unique_ptr<AlertService> s(
      new AlertService(store, bus, std::move(analyzer), clock, log, dispatcher, options));
  TRIBU_RETURN_IF_ERROR(s->Refresh());
  TRIBU_RETURN_IF_ERROR(s->Warm());
  auto sub = bus.Subscribe(pipeline::kEventsSubject, kGroup);
  if (!sub) return Fail(sub.error());
  s->events_ = std::move(*sub);
  s->thread_ = std::thread([raw = s.get()] { raw->Loop(); });
  return s;
}

AlertService::~AlertService() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  bus_.Unsubscribe(pipeline::kEventsSubject, kGroup);
}

Status AlertService::Refresh() {
  auto rules = store_.ListEnabledAlertRules();
  if (!rules) return Fail(rules.error());
  std::map<std::int64_t, WorkspaceInfo> next;
  for (AlertRule& r : *rules) next[r.workspace_id.value].rules.push_back(std::move(r));
  for (auto& [id, info] : next) {
    auto ws = store_.GetWorkspace(WorkspaceId{id});
    if (!ws) return Fail(ws.error());
    info.workspace = std::move(*ws);
    auto topics = store_.ListTopics(WorkspaceId{id});
    if (!topics) return Fail(topics.error());
    std::vector<TopicId> competitors;
    for (const Topic& t : *topics) {
      info.topic_names[t.id.value] = t.name;
      if (t.kind == TopicKind::kCompetitor) competitors.push_back(t.id);
    }
    info.wants_terms = std::any_of(info.rules.begin(), info.rules.end(), [](const AlertRule& r) {
      return r.detector == Detector::kEmergingTerm;
    });
    engine_.SetRules(WorkspaceId{id}, info.rules, std::move(competitors));
  }
  // Workspaces whose rules were all removed or turned off.
  for (const auto& [id, info] : workspaces_) {
    if (!next.contains(id)) engine_.SetRules(WorkspaceId{id}, {});
  }
  workspaces_ = std::move(next);
  refreshed_at_ = clock_.Now();
  return {};
}

Status AlertService::Warm() {
  const Timestamp now = clock_.Now();
  for (const auto& entry : workspaces_) {
    const std::int64_t id = entry.first;
    const WorkspaceInfo& info = entry.second;
    auto warm = [&](std::optional<TopicId> topic) -> Status {
      PostFilter f;
      f.workspace_id = WorkspaceId{id};
      f.topic = topic;
      f.since = now - std::chrono::days(options_.warm_days);
      f.until = now;
      auto agg = store_.AggregatePosts(f);
      if (!agg) return Fail(agg.error());
      for (const auto& h : agg->hours)
        engine_.Warm(WorkspaceId{id}, topic, h.start, h.posts, h.negative);
      return {};
    };
    TRIBU_RETURN_IF_ERROR(warm(std::nullopt));
    for (const auto& [topic, name] : info.topic_names) TRIBU_RETURN_IF_ERROR(warm(TopicId{topic}));
  }
  log_.info("alerts.start workspaces={} series={}", workspaces_.size(), engine_.series_count());
  return {};
}

void AlertService::Loop() {
  text::TokenizedText tokens;
  while (!stopping_) {
    auto m = events_->Next(500ms);
    if (clock_.Now() - refreshed_at_ >= options_.refresh) {
      if (auto done = Refresh(); !done) {
        ++stats_.errors;
        log_.warn("alerts.refresh error=\"{}\"", done.error().message);
        refreshed_at_ = clock_.Now();  // try again later, not on every message
      }
    }
    if (!m) continue;
    auto event = pipeline::DecodePostStored(m->data);
    (void)events_->Ack(*m);
    if (!event || !event->is_new) continue;  // an update is not news
    const Post& post = event->post;
    auto info = workspaces_.find(post.workspace_id.value);
    ++stats_.posts_seen;
    // Terms only where an emerging-term rule reads them: tokenizing costs.
    const PostSignal signal = info != workspaces_.end() && info->second.wants_terms
                                  ? SignalOf(post, *analyzer_, &tokens)
                                  : SignalOf(post);
    for (const Trigger& t : engine_.Observe(signal, clock_.Now())) {
      ++stats_.triggers;
      if (auto done = Handle(t); !done) {
        ++stats_.errors;
        log_.error("alerts.trigger workspace={} detector={} error=\"{}\"", t.workspace.value,
                   DetectorName(t.detector), done.error().message);
      }
    }
  }
}

Status AlertService::Handle(const Trigger& t) {
  auto info_it = workspaces_.find(t.workspace.value);
  if (info_it == workspaces_.end()) return {};
  const WorkspaceInfo& info = info_it->second;
  const Timestamp now = clock_.Now();
  // Read back what may be joined: a person may have acknowledged or resolved
  // an alert since.
  auto active = store_.ListActiveAlerts(now - options_.grouping.cooldown);
  if (!active) return Fail(active.error());
  std::erase_if(*active, [&](const Alert& a) { return a.workspace_id != t.workspace; });
  std::string topic_name;
  if (t.topic) {
    auto n = info.topic_names.find(t.topic->value);
    if (n != info.topic_names.end()) {
      topic_name = n->second;
    } else if (auto topic = store_.GetTopic(t.workspace, *t.topic)) {
      topic_name = topic->name;  // created since the last refresh
    }
  }
  const Grouped g = GroupTrigger(t, topic_name, *active, options_.grouping);
  const Alert& alert = (*active)[g.index];
  // Deliveries: when an alert opens, to its rule's destinations; when it
  // escalates, to every destination of its rules.
  std::vector<AlertDelivery> deliveries;
  if (g.opened || g.escalated) {
    // The rules as they are now: a destination added a second ago counts.
    auto rules = store_.ListAlertRules(t.workspace);
    if (!rules) return Fail(rules.error());
    for (const AlertRule& r : *rules) {
      if (!r.enabled) continue;
      const bool concerned =
          g.opened ? r.id == t.rule_id
                   : std::find(alert.rules.begin(), alert.rules.end(), r.id) != alert.rules.end();
      if (!concerned) continue;
      for (std::int64_t d : r.destinations) {
        if (std::any_of(deliveries.begin(), deliveries.end(),
                        [&](const AlertDelivery& x) { return x.destination_id == d; })) {
          continue;
        }
        AlertDelivery delivery;
        delivery.workspace_id = t.workspace;
        delivery.destination_id = d;
        delivery.event = g.opened ? "opened" : "escalated";
        delivery.created_at = now;
        delivery.next_attempt_at = DeliveryTime(r, alert.severity, now, info.workspace.time_zone);
        deliveries.push_back(delivery);
      }
    }
  }
  AlertEvent event;
  event.at = now;
  event.actor = "detector";
  // The history tells what changed the picture, not every trigger.
  event.kind = HistoryKind(g);
  event.detail = std::string(DetectorLabel(DetectorName(t.detector))) + ": " + t.summary;
  auto saved =
      store_.SaveAlert(alert, event, deliveries,
                       g.opened ? Store::AlertWrite::kEverything : Store::AlertWrite::kFindings);
  if (!saved) return Fail(saved.error());
  if (g.opened) ++stats_.alerts_opened;
  log_.info("alerts.{} alert={} workspace={} severity={} title=\"{}\"", event.kind, saved->id.value,
            t.workspace.value, AlertSeverityName(saved->severity), saved->title);
  const nlohmann::json note = {
      {"workspace", t.workspace.value}, {"alert", saved->id.value}, {"event", event.kind}};
  (void)bus_.Publish(kAlertsSubject, note.dump(), 100ms);
  if (!deliveries.empty() && dispatcher_) dispatcher_->Wake();
  return {};
}

}  // namespace tribu::alerts
