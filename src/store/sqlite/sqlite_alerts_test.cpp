// The alerts part of the SQLite store: rules, destinations (secrets sealed),
// alerts with their history, and the delivery outbox.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>

#include "support/temp_dir.h"
#include "support/test_cipher.h"
#include "tribu/store/sqlite_store.h"

namespace tribu {
namespace {

using namespace std::chrono_literals;

std::string Raw(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  std::string out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(s, 0);
    out += (out.empty() ? "" : "|") + std::string(t ? reinterpret_cast<const char*>(t) : "");
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

class AlertsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options{.path = dir_.File("tribu.db"),
                          .cipher = std::make_shared<testing::TestCipher>()};
    auto store = OpenSqliteStore(options, clock_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
    other_ = store_->CreateWorkspace({.slug = "other", .name = "Other"})->id;
    Topic t;
    t.workspace_id = ws_;
    t.name = "Velora";
    t.query = "velora";
    topic_ = store_->CreateTopic(t)->id;
  }

  AlertDestination Slack() {
    AlertDestination d;
    d.workspace_id = ws_;
    d.name = "#crisis";
    d.kind = DestinationKind::kSlack;
    d.url_hint = "https://hooks.slack.com/…";
    return d;
  }

  Alert MakeAlert() {
    Alert a;
    a.workspace_id = ws_;
    a.topic_id = topic_;
    a.topics = {topic_};
    a.detectors = {"volume_spike"};
    a.rules = {1};
    a.title = "Volume spike on Velora";
    a.summary = "42 posts in 30 min where 3 are usual";
    a.figure = 84;
    a.baseline = 6;
    a.unit = "posts/h";
    a.evidence = {PostId{5}, PostId{9}};
    a.terms = {"#veloragate"};
    a.chart = {{clock_.Now() - 1h, 3, 6}, {clock_.Now(), 84, 6}};
    a.opened_at = a.updated_at = a.last_trigger_at = clock_.Now();
    return a;
  }

  testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'795'000'000'000)};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_;
  WorkspaceId other_;
  TopicId topic_;
};

TEST(AlertsMigration, WorkspacesFromBeforeAlertsGetTheDefaultRules) {
  testing::TempDir dir;
  const std::string path = dir.File("old.db");
  ASSERT_TRUE(MigrateSqliteTo(path, 6));
  ManualClock clock(FromUnixMillis(1'795'000'000'000));
  {
    // A workspace as tribu 0006 left it.
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "INSERT INTO workspaces (slug, name, created_at) VALUES ('acme', 'Acme', 1)",
                 nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  auto store =
      OpenSqliteStore({.path = path, .cipher = std::make_shared<testing::TestCipher>()}, clock);
  ASSERT_TRUE(store) << store.error().message;
  auto ws = (*store)->GetWorkspaceBySlug("acme");
  auto rules = (*store)->ListAlertRules(ws->id);
  ASSERT_TRUE(rules);
  ASSERT_EQ(rules->size(), 5u);
  std::set<Detector> detectors;
  for (const AlertRule& r : *rules) {
    detectors.insert(r.detector);
    EXPECT_TRUE(r.enabled);
    EXPECT_TRUE(r.topics.empty());
  }
  EXPECT_EQ(detectors.size(), 5u);
}

TEST_F(AlertsStoreTest, RulesRoundTripAndCheckTheirReferences) {
  auto dest =
      store_->CreateAlertDestination(Slack(), {"https://hooks.slack.com/services/T/B/x", ""});
  ASSERT_TRUE(dest) << dest.error().message;
  AlertRule r;
  r.workspace_id = ws_;
  r.name = "Brand spikes";
  r.detector = Detector::kVolumeSpike;
  r.topics = {topic_};
  r.sensitivity = Sensitivity::kHigh;
  r.threshold = 2.5;
  r.severity = AlertSeverity::kCritical;
  r.quiet_hours = QuietHours{22 * 60, 7 * 60};
  r.destinations = {dest->id};
  auto created = store_->CreateAlertRule(r);
  ASSERT_TRUE(created) << created.error().message;
  auto got = store_->GetAlertRule(ws_, created->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->topics, r.topics);
  EXPECT_EQ(got->destinations, r.destinations);
  EXPECT_EQ(got->sensitivity, Sensitivity::kHigh);
  EXPECT_EQ(*got->threshold, 2.5);
  EXPECT_EQ(got->quiet_hours->start_minute, 22 * 60);
  EXPECT_EQ(got->severity, AlertSeverity::kCritical);
  EXPECT_EQ(store_->CreateAlertRule(r).error().code, ErrorCode::kAlreadyExists);

  AlertRule foreign = r;
  foreign.name = "Other's topic";
  foreign.workspace_id = other_;
  EXPECT_EQ(store_->CreateAlertRule(foreign).error().code, ErrorCode::kFailedPrecondition);

  // Removing the destination takes it out of the rule.
  ASSERT_TRUE(store_->DeleteAlertDestination(ws_, dest->id));
  EXPECT_TRUE(store_->GetAlertRule(ws_, created->id)->destinations.empty());
  ASSERT_TRUE(store_->DeleteAlertRule(ws_, created->id));
  EXPECT_EQ(store_->GetAlertRule(ws_, created->id).error().code, ErrorCode::kNotFound);
}

TEST_F(AlertsStoreTest, DestinationSecretsAreSealedAndWriteOnly) {
  const std::string url = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
  auto dest = store_->CreateAlertDestination(Slack(), {url, ""});
  ASSERT_TRUE(dest);
  EXPECT_EQ(Raw(dir_.File("tribu.db"), "SELECT url FROM alert_destinations").find("XXXXSECRET"),
            std::string::npos);
  EXPECT_EQ(store_->GetDestinationSecrets(dest->id)->url, url);
  EXPECT_FALSE(dest->has_secret);
  // Health: three failures make it broken; a success mends it.
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(store_->RecordDestinationResult(dest->id, clock_.Now(), "HTTP 500"));
  auto broken = store_->GetAlertDestination(ws_, dest->id);
  EXPECT_TRUE(broken->broken());
  EXPECT_EQ(broken->last_error, "HTTP 500");
  ASSERT_TRUE(store_->RecordDestinationResult(dest->id, clock_.Now(), ""));
  EXPECT_FALSE(store_->GetAlertDestination(ws_, dest->id)->broken());
}

TEST_F(AlertsStoreTest, AlertsKeepEvidenceHistoryAndAPersonsChanges) {
  auto dest = store_->CreateAlertDestination(Slack(), {"https://hooks.slack.com/x", ""});
  AlertDelivery d;
  d.destination_id = dest->id;
  d.event = "opened";
  d.created_at = d.next_attempt_at = clock_.Now();
  auto saved = store_->SaveAlert(MakeAlert(), {0, {}, clock_.Now(), "opened", "detector", "x"},
                                 std::vector<AlertDelivery>{d});
  ASSERT_TRUE(saved) << saved.error().message;
  auto got = store_->GetAlert(ws_, saved->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->evidence, (std::vector<PostId>{PostId{5}, PostId{9}}));
  EXPECT_EQ(got->chart.size(), 2u);
  EXPECT_EQ(got->terms, std::vector<std::string>{"#veloragate"});
  EXPECT_EQ(got->unit, "posts/h");

  // A person acknowledges it; the detectors' next save must not undo that.
  Alert acked = *got;
  acked.state = AlertState::kAcknowledged;
  acked.acknowledged_at = clock_.Now();
  ASSERT_TRUE(store_->SaveAlert(acked, {0, {}, clock_.Now(), "acknowledged", "user:1", ""}, {}));
  Alert found = *got;  // the detectors' stale copy
  found.figure = 120;
  found.severity = AlertSeverity::kCritical;
  ASSERT_TRUE(store_->SaveAlert(found, {}, {}, Store::AlertWrite::kFindings));
  auto after = store_->GetAlert(ws_, saved->id);
  EXPECT_EQ(after->state, AlertState::kAcknowledged);
  EXPECT_EQ(after->figure, 120);
  EXPECT_EQ(after->severity, AlertSeverity::kCritical);
  auto history = store_->ListAlertEvents(saved->id);
  ASSERT_EQ(history->size(), 2u) << "an empty event kind adds no line";
  EXPECT_EQ((*history)[1].kind, "acknowledged");

  // Lists: active, by state, by topic, paged.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->SaveAlert(MakeAlert(), {}, {}));
  AlertFilter f;
  f.workspace_id = ws_;
  f.state = AlertState::kAcknowledged;
  EXPECT_EQ(store_->ListAlerts(f)->alerts.size(), 1u);
  f.state.reset();
  f.topic = topic_;
  f.limit = 3;
  auto page = store_->ListAlerts(f);
  EXPECT_EQ(page->alerts.size(), 3u);
  ASSERT_FALSE(page->next_cursor.empty());
  f.cursor = page->next_cursor;
  EXPECT_EQ(store_->ListAlerts(f)->alerts.size(), 1u);
  EXPECT_EQ(store_->ListActiveAlerts(clock_.Now() - 1h)->size(), 4u);
  f.workspace_id = other_;
  f.cursor.clear();
  EXPECT_TRUE(store_->ListAlerts(f)->alerts.empty());
}

TEST_F(AlertsStoreTest, TheOutboxKeepsDeliveriesUntilSentOrGivenUp) {
  auto dest = store_->CreateAlertDestination(Slack(), {"https://hooks.slack.com/x", ""});
  AlertDelivery d;
  d.destination_id = dest->id;
  d.event = "opened";
  d.created_at = clock_.Now();
  d.next_attempt_at = clock_.Now() + 10min;  // quiet hours
  auto alert = store_->SaveAlert(MakeAlert(), {}, std::vector<AlertDelivery>{d});
  ASSERT_TRUE(alert);
  EXPECT_TRUE(store_->DueDeliveries(clock_.Now(), 10)->empty());
  auto due = store_->DueDeliveries(clock_.Now() + 10min, 10);
  ASSERT_EQ(due->size(), 1u);
  const std::int64_t id = (*due)[0].id;
  // A failure with a retry keeps it pending, later.
  ASSERT_TRUE(store_->FinishDelivery(id, {false, "HTTP 503", clock_.Now() + 1h}));
  EXPECT_TRUE(store_->DueDeliveries(clock_.Now() + 30min, 10)->empty());
  // Giving up marks it failed, kept, and retryable.
  ASSERT_TRUE(store_->FinishDelivery(id, {false, "HTTP 503", std::nullopt}));
  auto list = store_->ListDeliveries(ws_, alert->id);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].state, DeliveryState::kFailed);
  EXPECT_EQ((*list)[0].attempts, 2);
  EXPECT_EQ((*list)[0].last_error, "HTTP 503");
  EXPECT_EQ(store_->RetryDelivery(other_, id, clock_.Now()).error().code,
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(store_->RetryDelivery(ws_, id, clock_.Now()));
  ASSERT_EQ(store_->DueDeliveries(clock_.Now(), 10)->size(), 1u);
  ASSERT_TRUE(store_->FinishDelivery(id, {true, "", std::nullopt}));
  EXPECT_EQ(store_->ListDeliveries(ws_, alert->id)->at(0).state, DeliveryState::kSent);
  EXPECT_TRUE(store_->ListDeliveries(ws_, alert->id)->at(0).sent_at.has_value());
}

}  // namespace
}  // namespace tribu
