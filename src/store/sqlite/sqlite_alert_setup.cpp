// SQLite Store: alert rules and the destinations alerts are sent to (their
// URLs and signing secrets sealed like channel secrets).
#include "store/sqlite/alert_rows.h"
#include "store/sqlite/sqlite_store_impl.h"
#include "tribu/core/utf8.h"

namespace tribu::sqlite {

namespace {

constexpr const char* kRuleColumns =
    "id, workspace_id, name, detector, topics, sensitivity, threshold, severity, quiet_start, "
    "quiet_end, destinations, enabled, created_at, updated_at";

Result<AlertRule> ReadRule(const Statement& s) {
  AlertRule r;
  r.id = s.Int(0);
  r.workspace_id = WorkspaceId{s.Int(1)};
  r.name = s.Text(2);
  auto detector = ParseDetector(s.Text(3));
  auto sensitivity = ParseSensitivity(s.Text(5));
  auto severity = ParseAlertSeverity(s.Text(7));
  if (!detector || !sensitivity || !severity) {
    return Fail(ErrorCode::kDataLoss, "alert rule " + std::to_string(r.id) + " is corrupt");
  }
  r.detector = *detector;
  for (std::int64_t t : SplitIds(s.Text(4))) r.topics.push_back(TopicId{t});
  r.sensitivity = *sensitivity;
  if (!s.IsNull(6)) r.threshold = s.Double(6);
  r.severity = *severity;
  if (!s.IsNull(8) && !s.IsNull(9)) {
    r.quiet_hours = QuietHours{static_cast<int>(s.Int(8)), static_cast<int>(s.Int(9))};
  }
  r.destinations = SplitIds(s.Text(10));
  r.enabled = s.Int(11) != 0;
  r.created_at = FromUnixMillis(s.Int(12));
  r.updated_at = FromUnixMillis(s.Int(13));
  return r;
}

void BindRule(Statement& s, const AlertRule& r) {
  s.Bind(1, r.workspace_id.value);
  s.Bind(2, r.name);
  s.Bind(3, DetectorName(r.detector));
  s.Bind(4, std::string_view(JoinIds(r.topics)));
  s.Bind(5, SensitivityName(r.sensitivity));
  s.Bind(6, r.threshold);
  s.Bind(7, AlertSeverityName(r.severity));
  if (r.quiet_hours) {
    s.Bind(8, r.quiet_hours->start_minute);
    s.Bind(9, r.quiet_hours->end_minute);
  } else {
    s.BindNull(8);
    s.BindNull(9);
  }
  s.Bind(10, std::string_view(JoinIds(r.destinations)));
  s.Bind(11, r.enabled ? 1 : 0);
  s.Bind(12, ToUnixMillis(r.created_at));
  s.Bind(13, ToUnixMillis(r.updated_at));
}

constexpr const char* kDestinationColumns =
    "id, workspace_id, name, kind, recipients, url_hint, signing_secret != '', enabled, "
    "consecutive_failures, last_error, last_success_at, last_failure_at, created_at";

Result<AlertDestination> ReadDestination(const Statement& s) {
  AlertDestination d;
  d.id = s.Int(0);
  d.workspace_id = WorkspaceId{s.Int(1)};
  d.name = s.Text(2);
  auto kind = ParseDestinationKind(s.Text(3));
  if (!kind) return Fail(ErrorCode::kDataLoss, "destination " + std::to_string(d.id) + " corrupt");
  d.kind = *kind;
  d.recipients = s.Text(4);
  d.url_hint = s.Text(5);
  d.has_secret = s.Int(6) != 0;
  d.enabled = s.Int(7) != 0;
  d.consecutive_failures = static_cast<int>(s.Int(8));
  d.last_error = s.Text(9);
  d.last_success_at = s.OptionalTime(10);
  d.last_failure_at = s.OptionalTime(11);
  d.created_at = FromUnixMillis(s.Int(12));
  return d;
}

Status ValidateDestination(const AlertDestination& d) {
  if (d.name.empty() || d.name.size() > 120 || FirstInvalidUtf8(d.name) != d.name.size()) {
    return Invalid("name must be 1 to 120 bytes of text");
  }
  if (d.recipients.size() > 2000 || FirstInvalidUtf8(d.recipients) != d.recipients.size()) {
    return Invalid("recipients are at most 2000 bytes of text");
  }
  return {};
}

}  // namespace

// Rules -----------------------------------------------------------------------

Status SqliteStore::CheckRuleReferences(Database& db, const AlertRule& rule) {
  for (TopicId t : rule.topics) {
    auto s = db.Prepare("SELECT 1 FROM topics WHERE id = ? AND workspace_id = ?");
    if (!s) return Fail(s.error());
    (*s)->Bind(1, t.value);
    (*s)->Bind(2, rule.workspace_id.value);
    auto row = (*s)->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "topic " + std::to_string(t.value) + " is not a topic of this workspace");
    }
  }
  for (std::int64_t d : rule.destinations) {
    auto s = db.Prepare("SELECT 1 FROM alert_destinations WHERE id = ? AND workspace_id = ?");
    if (!s) return Fail(s.error());
    (*s)->Bind(1, d);
    (*s)->Bind(2, rule.workspace_id.value);
    auto row = (*s)->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "destination " + std::to_string(d) + " is not a destination of this workspace");
    }
  }
  return {};
}

Result<AlertRule> SqliteStore::CreateAlertRule(const AlertRule& in) {
  TRIBU_RETURN_IF_ERROR(ValidateAlertRule(in));
  AlertRule out = in;
  out.created_at = out.updated_at = clock_.Now();
  std::lock_guard lock(write_mu_);
  TRIBU_RETURN_IF_ERROR(CheckRuleReferences(*writer_, out));
  auto s = writer_->Prepare(
      "INSERT INTO alert_rules (workspace_id, name, detector, topics, sensitivity, threshold, "
      "severity, quiet_start, quiet_end, destinations, enabled, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id");
  if (!s) return Fail(s.error());
  BindRule(**s, out);
  auto row = (*s)->Step();
  if (!row) return Fail(NamedWriteError(row.error(), "alert rule", out.name));
  out.id = (*s)->Int(0);
  return out;
}

Result<std::vector<AlertRule>> SqliteStore::ListAlertRules(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kRuleColumns +
                          " FROM alert_rules WHERE workspace_id = ? ORDER BY name, id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  return (*s)->Collect(ReadRule);
}

Result<std::vector<AlertRule>> SqliteStore::ListEnabledAlertRules() {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kRuleColumns +
                          " FROM alert_rules WHERE enabled = 1 ORDER BY workspace_id, id");
  if (!s) return Fail(s.error());
  return (*s)->Collect(ReadRule);
}

Result<AlertRule> SqliteStore::GetAlertRule(WorkspaceId workspace, std::int64_t id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kRuleColumns +
                          " FROM alert_rules WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(NotFound("alert rule", id));
  return ReadRule(**s);
}

Result<AlertRule> SqliteStore::UpdateAlertRule(const AlertRule& in) {
  TRIBU_RETURN_IF_ERROR(ValidateAlertRule(in));
  AlertRule out = in;
  out.updated_at = clock_.Now();
  std::lock_guard lock(write_mu_);
  TRIBU_RETURN_IF_ERROR(CheckRuleReferences(*writer_, out));
  auto s = writer_->Prepare(
      "UPDATE alert_rules SET name = ?2, detector = ?3, topics = ?4, sensitivity = ?5, "
      "threshold = ?6, severity = ?7, quiet_start = ?8, quiet_end = ?9, destinations = ?10, "
      "enabled = ?11, updated_at = ?13 WHERE workspace_id = ?1 AND id = ?14 "
      "RETURNING created_at");
  if (!s) return Fail(s.error());
  BindRule(**s, out);
  (*s)->Bind(14, out.id);
  auto row = (*s)->Step();
  if (!row) return Fail(NamedWriteError(row.error(), "alert rule", out.name));
  if (!*row) return Fail(NotFound("alert rule", out.id));
  out.created_at = FromUnixMillis((*s)->Int(0));
  return out;
}

Status SqliteStore::DeleteAlertRule(WorkspaceId workspace, std::int64_t id) {
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare("DELETE FROM alert_rules WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) return Fail(NotFound("alert rule", id));
  return {};
}

// Destinations ------------------------------------------------------------------

Result<std::string> SqliteStore::SealSecret(std::string_view secret, std::string_view what) {
  if (secret.empty()) return std::string();
  if (secret.size() > 8192) return Invalid(std::string(what) + " is at most 8192 bytes");
  if (!cipher_) {
    return Fail(ErrorCode::kFailedPrecondition,
                "secrets are stored encrypted, and this store was opened without a key");
  }
  return cipher_->Seal(secret);
}

Result<std::string> SqliteStore::OpenSecret(const std::string& stored, std::string_view what) {
  if (stored.empty()) return std::string();
  if (!cipher_) {
    return Fail(ErrorCode::kFailedPrecondition,
                "secrets are encrypted, and this store was opened without the key");
  }
  auto plain = cipher_->Open(stored);
  if (!plain) return Fail(plain.error().WithContext(std::string(what)));
  return plain;
}

Result<AlertDestination> SqliteStore::CreateAlertDestination(const AlertDestination& in,
                                                             const DestinationSecrets& secrets) {
  TRIBU_RETURN_IF_ERROR(ValidateDestination(in));
  auto url = SealSecret(secrets.url, "the destination URL");
  if (!url) return Fail(url.error());
  auto key = SealSecret(secrets.signing_secret, "the signing secret");
  if (!key) return Fail(key.error());
  AlertDestination out = in;
  out.created_at = clock_.Now();
  out.has_secret = !secrets.signing_secret.empty();
  out.consecutive_failures = 0;
  out.last_error.clear();
  std::lock_guard lock(write_mu_);
  auto s = writer_->Prepare(
      "INSERT INTO alert_destinations (workspace_id, name, kind, recipients, url_hint, url, "
      "signing_secret, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, out.workspace_id.value);
  (*s)->Bind(2, out.name);
  (*s)->Bind(3, DestinationKindName(out.kind));
  (*s)->Bind(4, out.recipients);
  (*s)->Bind(5, out.url_hint);
  (*s)->Bind(6, *url);
  (*s)->Bind(7, *key);
  (*s)->Bind(8, out.enabled ? 1 : 0);
  (*s)->Bind(9, ToUnixMillis(out.created_at));
  auto row = (*s)->Step();
  if (!row) {
    Error e = NamedWriteError(row.error(), "alert destination", out.name);
    if (e.code == ErrorCode::kFailedPrecondition) {
      e = {ErrorCode::kNotFound,
           "workspace " + std::to_string(out.workspace_id.value) + " not found"};
    }
    return Fail(e);
  }
  out.id = (*s)->Int(0);
  return out;
}

Result<std::vector<AlertDestination>> SqliteStore::ListAlertDestinations(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kDestinationColumns +
                          " FROM alert_destinations WHERE workspace_id = ? ORDER BY name, id");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  return (*s)->Collect(ReadDestination);
}

Result<AlertDestination> SqliteStore::GetAlertDestination(WorkspaceId workspace, std::int64_t id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string("SELECT ") + kDestinationColumns +
                          " FROM alert_destinations WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(NotFound("alert destination", id));
  return ReadDestination(**s);
}

Result<AlertDestination> SqliteStore::UpdateAlertDestination(
    const AlertDestination& in, const std::optional<DestinationSecrets>& secrets) {
  TRIBU_RETURN_IF_ERROR(ValidateDestination(in));
  std::optional<std::string> url;
  std::optional<std::string> key;
  if (secrets) {
    auto u = SealSecret(secrets->url, "the destination URL");
    if (!u) return Fail(u.error());
    auto k = SealSecret(secrets->signing_secret, "the signing secret");
    if (!k) return Fail(k.error());
    url = *u;
    key = *k;
  }
  {
    std::lock_guard lock(write_mu_);
    auto s = writer_->Prepare(
        "UPDATE alert_destinations SET name = ?3, recipients = ?4, enabled = ?5, "
        "url_hint = CASE WHEN ?6 IS NULL THEN url_hint ELSE ?8 END, url = COALESCE(?6, url), "
        "signing_secret = COALESCE(?7, signing_secret) WHERE workspace_id = ?1 AND id = ?2");
    if (!s) return Fail(s.error());
    (*s)->Bind(1, in.workspace_id.value);
    (*s)->Bind(2, in.id);
    (*s)->Bind(3, in.name);
    (*s)->Bind(4, in.recipients);
    (*s)->Bind(5, in.enabled ? 1 : 0);
    (*s)->Bind(6, url);
    (*s)->Bind(7, key);
    (*s)->Bind(8, in.url_hint);
    auto done = (*s)->Run();
    if (!done) return Fail(NamedWriteError(done.error(), "alert destination", in.name));
    if (writer_->Changes() == 0) return Fail(NotFound("alert destination", in.id));
  }
  return GetAlertDestination(in.workspace_id, in.id);
}

Status SqliteStore::DeleteAlertDestination(WorkspaceId workspace, std::int64_t id) {
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  auto s = writer_->Prepare("DELETE FROM alert_destinations WHERE workspace_id = ? AND id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (writer_->Changes() == 0) return Fail(NotFound("alert destination", id));
  // Rules stop sending there.
  auto rules = writer_->Prepare(
      "SELECT id, destinations FROM alert_rules WHERE workspace_id = ? AND destinations != ''");
  if (!rules) return Fail(rules.error());
  (*rules)->Bind(1, workspace.value);
  auto rows = (*rules)->Collect([](const Statement& r) { return std::pair{r.Int(0), r.Text(1)}; });
  if (!rows) return Fail(rows.error());
  for (auto& [rule, list] : *rows) {
    std::vector<std::int64_t> kept;
    for (std::int64_t d : SplitIds(list)) {
      if (d != id) kept.push_back(d);
    }
    auto u = writer_->Prepare("UPDATE alert_rules SET destinations = ? WHERE id = ?");
    if (!u) return Fail(u.error());
    (*u)->Bind(1, std::string_view(JoinIds(kept)));
    (*u)->Bind(2, rule);
    TRIBU_RETURN_IF_ERROR((*u)->Run());
  }
  return tx->Commit();
}

Result<DestinationSecrets> SqliteStore::GetDestinationSecrets(std::int64_t id) {
  std::string url;
  std::string key;
  {
    auto db = readers_.Acquire();
    if (!db) return Fail(db.error());
    auto s = (*db)->Prepare("SELECT url, signing_secret FROM alert_destinations WHERE id = ?");
    if (!s) return Fail(s.error());
    (*s)->Bind(1, id);
    auto row = (*s)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(NotFound("alert destination", id));
    url = (*s)->Text(0);
    key = (*s)->Text(1);
  }
  DestinationSecrets out;
  auto u = OpenSecret(url, "destination " + std::to_string(id) + "'s URL");
  if (!u) return Fail(u.error());
  auto k = OpenSecret(key, "destination " + std::to_string(id) + "'s signing secret");
  if (!k) return Fail(k.error());
  out.url = std::move(*u);
  out.signing_secret = std::move(*k);
  return out;
}

Status SqliteStore::RecordDestinationResult(std::int64_t id, Timestamp at, std::string_view error) {
  std::lock_guard lock(write_mu_);
  auto s = error.empty()
               ? writer_->Prepare(
                     "UPDATE alert_destinations SET consecutive_failures = 0, last_error = '', "
                     "last_success_at = ?2 WHERE id = ?1")
               : writer_->Prepare(
                     "UPDATE alert_destinations SET consecutive_failures = "
                     "consecutive_failures + 1, last_error = ?3, last_failure_at = ?2 "
                     "WHERE id = ?1");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, id);
  (*s)->Bind(2, ToUnixMillis(at));
  if (!error.empty()) (*s)->Bind(3, TruncateUtf8(error, 1000));
  return (*s)->Run();
}

}  // namespace tribu::sqlite
