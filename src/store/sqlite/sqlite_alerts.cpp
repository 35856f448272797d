// SQLite Store: alerts with their history, and the delivery outbox (rules and
// destinations are in sqlite_alert_setup.cpp). An alert's lists (topics,
// detectors, evidence, chart) are kept together as JSON in body_json: they are
// read and written as a whole.
#include <nlohmann/json.hpp>

#include "store/sqlite/alert_rows.h"
#include "store/sqlite/sqlite_store_impl.h"
#include "tribu/core/utf8.h"

namespace tribu::sqlite {

namespace {

using nlohmann::json;
using namespace std::string_view_literals;

constexpr const char* kAlertColumns =
    "id, workspace_id, topic_id, state, severity, title, body_json, assignee, acknowledged_by, "
    "resolved_by, resolution, opened_at, updated_at, last_trigger_at, acknowledged_at, "
    "resolved_at";

std::string AlertBody(const Alert& a) {
  json topics = json::array();
  for (TopicId t : a.topics) topics.push_back(t.value);
  json evidence = json::array();
  for (PostId p : a.evidence) evidence.push_back(p.value);
  json chart = json::array();
  for (const AlertPoint& p : a.chart) chart.push_back({ToUnixMillis(p.at), p.value, p.expected});
  json body = {{"topics", topics},     {"detectors", a.detectors}, {"rules", a.rules},
               {"summary", a.summary}, {"figure", a.figure},       {"baseline", a.baseline},
               {"unit", a.unit},       {"evidence", evidence},     {"terms", a.terms},
               {"chart", chart},       {"triggers", a.triggers}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Alert> ReadAlert(const Statement& s) {
  Alert a;
  a.id = AlertId{s.Int(0)};
  a.workspace_id = WorkspaceId{s.Int(1)};
  if (!s.IsNull(2)) a.topic_id = TopicId{s.Int(2)};
  auto state = ParseAlertState(s.Text(3));
  auto severity = ParseAlertSeverity(s.Text(4));
  if (!state || !severity) {
    return Fail(ErrorCode::kDataLoss, "alert " + std::to_string(a.id.value) + " is corrupt");
  }
  a.state = *state;
  a.severity = *severity;
  a.title = s.Text(5);
  try {
    const json body = json::parse(s.Text(6));
    for (const auto& t : body.at("topics")) a.topics.push_back(TopicId{t.get<std::int64_t>()});
    a.detectors = body.at("detectors").get<std::vector<std::string>>();
    a.rules = body.at("rules").get<std::vector<std::int64_t>>();
    a.summary = body.at("summary").get<std::string>();
    a.figure = body.at("figure").get<double>();
    a.baseline = body.at("baseline").get<double>();
    a.unit = body.at("unit").get<std::string>();
    for (const auto& p : body.at("evidence")) a.evidence.push_back(PostId{p.get<std::int64_t>()});
    a.terms = body.at("terms").get<std::vector<std::string>>();
    for (const auto& p : body.at("chart")) {
      a.chart.push_back({FromUnixMillis(p.at(0).get<std::int64_t>()), p.at(1).get<double>(),
                         p.at(2).get<double>()});
    }
    a.triggers = body.at("triggers").get<int>();
    a.chart_unit = body.value("chart_unit", "");
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kDataLoss,
                "alert " + std::to_string(a.id.value) + " is corrupt: " + e.what());
  }
  if (!s.IsNull(7)) a.assignee = UserId{s.Int(7)};
  if (!s.IsNull(8)) a.acknowledged_by = UserId{s.Int(8)};
  if (!s.IsNull(9)) a.resolved_by = UserId{s.Int(9)};
  a.resolution = s.Text(10);
  a.opened_at = FromUnixMillis(s.Int(11));
  a.updated_at = FromUnixMillis(s.Int(12));
  a.last_trigger_at = FromUnixMillis(s.Int(13));
  a.acknowledged_at = s.OptionalTime(14);
  a.resolved_at = s.OptionalTime(15);
  return a;
}

template <class T>
void BindOptionalId(Statement& s, int index, const std::optional<T>& id) {
  if (id) {
    s.Bind(index, id->value);
  } else {
    s.BindNull(index);
  }
}

void BindOptionalTime(Statement& s, int index, const std::optional<Timestamp>& t) {
  if (t) {
    s.Bind(index, ToUnixMillis(*t));
  } else {
    s.BindNull(index);
  }
}

constexpr const char* kDeliveryColumns =
    "id, workspace_id, alert_id, destination_id, event, state, attempts, last_error, created_at, "
    "next_attempt_at, sent_at";

AlertDelivery ReadDelivery(const Statement& s) {
  AlertDelivery d;
  d.id = s.Int(0);
  d.workspace_id = WorkspaceId{s.Int(1)};
  d.alert_id = AlertId{s.Int(2)};
  d.destination_id = s.Int(3);
  d.event = s.Text(4);
  const std::string state = s.Text(5);
  d.state = state == "sent"     ? DeliveryState::kSent
            : state == "failed" ? DeliveryState::kFailed
                                : DeliveryState::kPending;
  d.attempts = static_cast<int>(s.Int(6));
  d.last_error = s.Text(7);
  d.created_at = FromUnixMillis(s.Int(8));
  d.next_attempt_at = FromUnixMillis(s.Int(9));
  d.sent_at = s.OptionalTime(10);
  return d;
}

}  // namespace

// Alerts --------------------------------------------------------------------------

Status SqliteStore::InsertAlertEvent(Database& db, const AlertEvent& e) {
  auto s = db.Prepare(
      "INSERT INTO alert_events (alert_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, e.alert_id.value);
  (*s)->Bind(2, ToUnixMillis(e.at));
  (*s)->Bind(3, e.kind);
  (*s)->Bind(4, TruncateUtf8(e.actor, 300));
  (*s)->Bind(5, TruncateUtf8(e.detail, 2000));
  return (*s)->Run();
}

Status SqliteStore::InsertDelivery(Database& db, AlertDelivery& d) {
  auto s = db.Prepare(
      "INSERT INTO alert_deliveries (workspace_id, alert_id, destination_id, event, state, "
      "attempts, created_at, next_attempt_at) "
      "SELECT ?1, ?2, id, ?4, 'pending', 0, ?5, ?6 FROM alert_destinations "
      "WHERE id = ?3 AND workspace_id = ?1 RETURNING id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, d.workspace_id.value);
  (*s)->Bind(2, d.alert_id.value);
  (*s)->Bind(3, d.destination_id);
  (*s)->Bind(4, d.event);
  (*s)->Bind(5, ToUnixMillis(d.created_at));
  (*s)->Bind(6, ToUnixMillis(d.next_attempt_at));
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(NotFound("alert destination", d.destination_id));
  d.id = (*s)->Int(0);
  d.state = DeliveryState::kPending;
  return {};
}

Result<Alert> SqliteStore::SaveAlert(const Alert& in, const AlertEvent& event,
                                     std::span<const AlertDelivery> deliveries, AlertWrite write) {
  if (in.title.empty() || FirstInvalidUtf8(in.title) != in.title.size()) {
    return Invalid("an alert needs a title of valid UTF-8");
  }
  Alert out = in;
  out.title = std::string(TruncateUtf8(out.title, 300));
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  const bool insert = !out.id.valid();
  const bool findings = !insert && write == AlertWrite::kFindings;
  auto s = writer_->Prepare(
      findings ? "UPDATE alerts SET topic_id = ?2, severity = ?4, title = ?5, body_json = ?6, "
                 "updated_at = ?12, last_trigger_at = ?13 WHERE workspace_id = ?1 AND id = ?16 "
                 "RETURNING id"
      : insert ? "INSERT INTO alerts (workspace_id, topic_id, state, severity, title, body_json, "
                 "assignee, acknowledged_by, resolved_by, resolution, opened_at, updated_at, "
                 "last_trigger_at, acknowledged_at, resolved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                 "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id"
               : "UPDATE alerts SET topic_id = ?2, state = ?3, severity = ?4, title = ?5, "
                 "body_json = ?6, assignee = ?7, acknowledged_by = ?8, resolved_by = ?9, "
                 "resolution = ?10, updated_at = ?12, last_trigger_at = ?13, "
                 "acknowledged_at = ?14, resolved_at = ?15 WHERE workspace_id = ?1 AND id = ?16 "
                 "RETURNING id");
  if (!s) return Fail(s.error());
  Statement& st = **s;
  st.Bind(1, out.workspace_id.value);
  BindOptionalId(st, 2, out.topic_id);
  st.Bind(3, AlertStateName(out.state));
  st.Bind(4, AlertSeverityName(out.severity));
  st.Bind(5, out.title);
  st.Bind(6, std::string_view(AlertBody(out)));
  BindOptionalId(st, 7, out.assignee);
  BindOptionalId(st, 8, out.acknowledged_by);
  BindOptionalId(st, 9, out.resolved_by);
  st.Bind(10, TruncateUtf8(out.resolution, 2000));
  st.Bind(11, ToUnixMillis(out.opened_at));
  st.Bind(12, ToUnixMillis(out.updated_at));
  st.Bind(13, ToUnixMillis(out.last_trigger_at));
  BindOptionalTime(st, 14, out.acknowledged_at);
  BindOptionalTime(st, 15, out.resolved_at);
  if (!insert) st.Bind(16, out.id.value);
  auto row = st.Step();
  if (!row) {
    if (row.error().code == ErrorCode::kFailedPrecondition) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the alert's workspace, topic or assignee does not exist");
    }
    return Fail(row.error());
  }
  if (!*row) return Fail(NotFound("alert", out.id.value));
  out.id = AlertId{st.Int(0)};
  (void)st.Step();  // finish the statement before the next one
  if (!event.kind.empty()) {
    AlertEvent e = event;
    e.alert_id = out.id;
    TRIBU_RETURN_IF_ERROR(InsertAlertEvent(*writer_, e));
  }
  for (AlertDelivery d : deliveries) {
    d.alert_id = out.id;
    d.workspace_id = out.workspace_id;
    auto done = InsertDelivery(*writer_, d);
    // A destination removed meanwhile: nothing owed to it.
    if (!done && done.error().code != ErrorCode::kNotFound) return Fail(done.error());
  }
  TRIBU_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<Alert> SqliteStore::GetAlert(WorkspaceId workspace, AlertId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kAlertColumns +
                          " FROM alerts WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(NotFound("alert", id.value));
  return ReadAlert(**s);
}

Result<AlertPage> SqliteStore::ListAlerts(const AlertFilter& f) {
  if (f.limit < 1 || f.limit > 200) return Invalid("limit must be between 1 and 200");
  std::int64_t before = 0;
  if (!f.cursor.empty()) {
    auto ids = SplitIds(f.cursor);
    if (ids.size() != 1 || f.cursor.find_first_not_of("0123456789") != std::string::npos) {
      return Invalid("cursor is not one this server gave");
    }
    before = ids[0];
  }
  std::string sql = std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE workspace_id = ?1";
  if (f.state) sql += " AND state = ?2";
  if (f.active_only) sql += " AND state != 'resolved'";
  if (f.topic) {
    sql +=
        " AND (topic_id = ?3 OR EXISTS (SELECT 1 FROM json_each(body_json, '$.topics') "
        "WHERE value = ?3))";
  }
  if (before > 0) sql += " AND id < ?4";
  sql += " ORDER BY id DESC LIMIT ?5";
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(sql);
  if (!s) return Fail(s.error());
  (*s)->Bind(1, f.workspace_id.value);
  if (f.state) (*s)->Bind(2, AlertStateName(*f.state));
  if (f.topic) (*s)->Bind(3, f.topic->value);
  if (before > 0) (*s)->Bind(4, before);
  (*s)->Bind(5, f.limit + 1);
  auto rows = (*s)->Collect(ReadAlert);
  if (!rows) return Fail(rows.error());
  AlertPage page;
  page.alerts = std::move(*rows);
  if (page.alerts.size() > static_cast<std::size_t>(f.limit)) {
    page.alerts.pop_back();
    page.next_cursor = std::to_string(page.alerts.back().id.value);
  }
  return page;
}

Result<std::vector<Alert>> SqliteStore::ListActiveAlerts(Timestamp since) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kAlertColumns +
                          " FROM alerts WHERE state != 'resolved' AND last_trigger_at >= ? "
                          "ORDER BY id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, ToUnixMillis(since));
  return (*s)->Collect(ReadAlert);
}

Result<std::vector<AlertEvent>> SqliteStore::ListAlertEvents(AlertId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(
      "SELECT id, alert_id, at, kind, actor, detail FROM alert_events WHERE alert_id = ? "
      "ORDER BY id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id.value);
  return (*s)->Collect([](const Statement& r) {
    return AlertEvent{r.Int(0),  AlertId{r.Int(1)}, FromUnixMillis(r.Int(2)),
                      r.Text(3), r.Text(4),         r.Text(5)};
  });
}

Status SqliteStore::AppendAlertEvent(const AlertEvent& event) {
  std::lock_guard lock(write_mu_);
  return InsertAlertEvent(*writer_, event);
}

// Deliveries ----------------------------------------------------------------------

Result<AlertDelivery> SqliteStore::EnqueueDelivery(const AlertDelivery& in) {
  AlertDelivery out = in;
  std::lock_guard lock(write_mu_);
  TRIBU_RETURN_IF_ERROR(InsertDelivery(*writer_, out));
  return out;
}

Result<std::vector<AlertDelivery>> SqliteStore::DueDeliveries(Timestamp now, int limit) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kDeliveryColumns +
                          " FROM alert_deliveries WHERE state = 'pending' AND "
                          "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, ToUnixMillis(now));
  (*s)->Bind(2, limit);
  return (*s)->Collect(ReadDelivery);
}

Status SqliteStore::FinishDelivery(std::int64_t id, const DeliveryOutcome& o) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "UPDATE alert_deliveries SET attempts = attempts + 1, state = ?2, last_error = ?3, "
      "next_attempt_at = COALESCE(?4, next_attempt_at), sent_at = ?5 WHERE id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id);
  (*s)->Bind(2, o.sent ? "sent"sv : o.retry_at ? "pending"sv : "failed"sv);
  (*s)->Bind(3, TruncateUtf8(o.sent ? "" : o.error, 1000));
  BindOptionalTime(**s, 4, o.sent ? std::nullopt : o.retry_at);
  BindOptionalTime(**s, 5, o.sent ? std::optional(clock_.Now()) : std::nullopt);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) return Fail(NotFound("delivery", id));
  return {};
}

Result<std::vector<AlertDelivery>> SqliteStore::ListDeliveries(WorkspaceId workspace,
                                                               AlertId alert) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kDeliveryColumns +
                          " FROM alert_deliveries WHERE workspace_id = ? AND alert_id = ? "
                          "ORDER BY id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, alert.value);
  return (*s)->Collect(ReadDelivery);
}

Status SqliteStore::RetryDelivery(WorkspaceId workspace, std::int64_t id, Timestamp at) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "UPDATE alert_deliveries SET state = 'pending', next_attempt_at = ?3 "
      "WHERE workspace_id = ?1 AND id = ?2 AND state = 'failed'");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id);
  (*s)->Bind(3, ToUnixMillis(at));
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                "delivery " + std::to_string(id) + " is not a failed delivery of this workspace");
  }
  return {};
}

}  // namespace tribu::sqlite
