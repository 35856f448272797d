// Deliveries: every format, the dispatcher's retries and give-up, destination
// health, signatures, quiet hours, and the live service end to end on the
// in-process bus.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "support/scripted_http_client.h"
#include "support/temp_dir.h"
#include "support/test_cipher.h"
#include "tribu/alerts/alert_service.h"
#include "tribu/alerts/dispatcher.h"
#include "tribu/alerts/formats.h"
#include "tribu/alerts/rules.h"
#include "tribu/bus/bus.h"
#include "tribu/connectors/webhook.h"
#include "tribu/pipeline/messages.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::alerts {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr Timestamp kNow = Timestamp{} + std::chrono::milliseconds(1'795'000'000'000);

AlertMessage Message() {
  AlertMessage m;
  m.event = "opened";
  m.workspace_name = "Velora";
  m.topics = {"Velora"};
  m.alert.id = AlertId{7};
  m.alert.title = "Risky post on Velora";
  m.alert.summary = "a post by @lea with risk 0.95 (threat)";
  m.alert.severity = AlertSeverity::kCritical;
  m.alert.figure = 0.95;
  m.alert.baseline = 0.6;
  m.alert.unit = "risk";
  m.alert.opened_at = m.alert.updated_at = kNow;
  Post p;
  p.id = PostId{3};
  p.platform = "mastodon";
  p.author.handle = "@lea@piaille.fr";
  // A hostile post: markup, a channel ping, a fake link.
  p.text =
      "@everyone <!channel> *bold* <script>alert(1)</script> [click](https://evil.example) & co";
  p.url = "https://piaille.fr/@lea/1";
  m.evidence = {p};
  m.link = "https://tribu.example.org/#/w/velora/alerts/7";
  return m;
}

TEST(Formats, SlackEscapesPostsAndLinksToTribu) {
  const RenderedRequest r = RenderWebhook(DestinationKind::kSlack, Message());
  const json j = json::parse(r.body);
  ASSERT_TRUE(j["blocks"].is_array());
  EXPECT_EQ(j["blocks"][0]["type"], "header");
  const std::string all = r.body;
  EXPECT_EQ(all.find("<!channel>"), std::string::npos) << "a post must not ping a channel";
  EXPECT_NE(all.find("&lt;!channel&gt;"), std::string::npos);
  EXPECT_EQ(all.find("<script>"), std::string::npos);
  EXPECT_EQ(j["blocks"].back()["elements"][0]["url"], Message().link);
  EXPECT_NE(j["text"].get<std::string>().find("Critical"), std::string::npos);
}

TEST(Formats, MattermostDiscordAndTeamsCannotPing) {
  for (DestinationKind k :
       {DestinationKind::kMattermost, DestinationKind::kDiscord, DestinationKind::kTeams}) {
    const RenderedRequest r = RenderWebhook(k, Message());
    const json j = json::parse(r.body);  // valid JSON
    EXPECT_EQ(r.body.find("@everyone"), std::string::npos) << DestinationKindName(k);
    EXPECT_EQ(r.body.find("[click](https"), std::string::npos) << DestinationKindName(k);
    EXPECT_NE(r.body.find("\\\\*bold\\\\*"), std::string::npos) << DestinationKindName(k) << r.body;
  }
  const json discord = json::parse(RenderWebhook(DestinationKind::kDiscord, Message()).body);
  EXPECT_TRUE(discord["allowed_mentions"]["parse"].empty());
  EXPECT_EQ(discord["embeds"][0]["color"], 0xDC2626);
  EXPECT_EQ(discord["embeds"][0]["url"], Message().link);
  const json mattermost = json::parse(RenderWebhook(DestinationKind::kMattermost, Message()).body);
  EXPECT_EQ(mattermost["attachments"][0]["color"], "#DC2626");
  EXPECT_EQ(mattermost["attachments"][0]["title_link"], Message().link);
  const json teams = json::parse(RenderWebhook(DestinationKind::kTeams, Message()).body);
  EXPECT_EQ(teams["type"], "message");
  const json& card = teams["attachments"][0]["content"];
  EXPECT_EQ(teams["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_EQ(card["type"], "AdaptiveCard");
  EXPECT_EQ(card["actions"][0]["type"], "Action.OpenUrl");
}

TEST(Formats, GenericWebhookCarriesTheWholeAlert) {
  const RenderedRequest r = RenderWebhook(DestinationKind::kWebhook, Message());
  const json j = json::parse(r.body);
  EXPECT_EQ(j["event"], "opened");
  EXPECT_EQ(j["alert"]["id"], 7);
  EXPECT_EQ(j["alert"]["severity"], "critical");
  EXPECT_EQ(j["alert"]["evidence"][0]["text"], Message().evidence[0].text) << "raw, for machines";
  bool event_header = false;
  for (const auto& [k, v] : r.headers) event_header |= k == "X-Tribu-Event" && v == "alert.opened";
  EXPECT_TRUE(event_header);
}

TEST(Formats, MailIsEscapedAndEncoded) {
  const auto mail = RenderMail(Message(), "tribu <alerts@velora.example>", {"cm@velora.example"});
  EXPECT_NE(mail.subject.find("Risky post on Velora"), std::string::npos);
  EXPECT_EQ(mail.html.find("<script>"), std::string::npos);
  EXPECT_NE(mail.html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(mail.text.find(Message().link), std::string::npos);
  auto composed = connectors::ComposeMail(mail, kNow, "abc@velora.example");
  ASSERT_TRUE(composed) << composed.error().message;
  EXPECT_NE(composed->find("Content-Transfer-Encoding: base64"), std::string::npos);
  // A header cannot be smuggled through a subject.
  auto evil = mail;
  evil.subject = "hi\r\nBcc: victim@example.org";
  auto c2 = connectors::ComposeMail(evil, kNow, "x@y");
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->find("\r\nBcc:"), std::string::npos);
  evil.to = {"a@b.c>\r\nRCPT TO:<x@y.z"};
  EXPECT_FALSE(connectors::ComposeMail(evil, kNow, "x@y"));
}

TEST(QuietHours, DelayAllButCriticalToTheirEnd) {
  AlertRule r;
  r.quiet_hours = QuietHours{22 * 60, 7 * 60};
  // 23:30 in Paris (UTC+1 in November) is 22:30 UTC.
  const Timestamp night = FromUnixMillis(1'795'000'000'000);  // 2026-11-18T06:13:20Z
  auto day = StartOfLocalDay(night, "Europe/Paris");
  ASSERT_TRUE(day);
  const Timestamp late = *day + 23h + 30min;
  EXPECT_EQ(DeliveryTime(r, AlertSeverity::kWarning, late, "Europe/Paris"), *day + 24h + 7h);
  EXPECT_EQ(DeliveryTime(r, AlertSeverity::kCritical, late, "Europe/Paris"), late);
  const Timestamp noon = *day + 12h;
  EXPECT_EQ(DeliveryTime(r, AlertSeverity::kWarning, noon, "Europe/Paris"), noon);
  r.quiet_hours.reset();
  EXPECT_EQ(DeliveryTime(r, AlertSeverity::kInfo, late, "Europe/Paris"), late);
}

class DispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(
        {.path = dir_.File("t.db"), .cipher = std::make_shared<testing::TestCipher>()}, clock_);
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
    log_ = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  }

  std::int64_t Destination(DestinationKind kind, const std::string& secret = "") {
    AlertDestination d;
    d.workspace_id = ws_;
    d.name = std::string(DestinationKindName(kind));
    d.kind = kind;
    auto made = store_->CreateAlertDestination(d, {"https://hooks.example/x", secret});
    EXPECT_TRUE(made) << made.error().message;
    return made->id;
  }

  AlertId Queue(std::int64_t destination) {
    Alert a;
    a.workspace_id = ws_;
    a.title = "Volume spike on Velora";
    a.detectors = {"volume_spike"};
    a.opened_at = a.updated_at = a.last_trigger_at = clock_.Now();
    AlertDelivery d;
    d.destination_id = destination;
    d.event = "opened";
    d.created_at = d.next_attempt_at = clock_.Now();
    auto saved = store_->SaveAlert(a, {}, std::vector<AlertDelivery>{d});
    EXPECT_TRUE(saved);
    return saved->id;
  }

  testing::TempDir dir_;
  ManualClock clock_{kNow};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_;
  std::shared_ptr<spdlog::logger> log_;
  testing::ScriptedHttpClient http_;
};

TEST_F(DispatchTest, RetriesWithBackoffThenSucceeds) {
  const auto dest = Destination(DestinationKind::kSlack);
  const AlertId alert = Queue(dest);
  Dispatcher d(*store_, http_, nullptr, clock_, *log_,
               {.public_url = "https://tribu.example.org", .first_retry = 30s});
  http_.Answer(500, "oops");
  http_.Fails(ErrorCode::kDeadlineExceeded, "timed out");
  http_.Answer(429, "slow down", {{"retry-after", "600"}});
  http_.Answer(200, "ok");
  EXPECT_EQ(*d.RunOnce(), 1);
  EXPECT_EQ(*d.RunOnce(), 0) << "not due before its backoff";
  clock_.Advance(30s);
  EXPECT_EQ(*d.RunOnce(), 1);  // the timeout
  clock_.Advance(60s);
  EXPECT_EQ(*d.RunOnce(), 1);  // the 429: Retry-After (600 s) beats the backoff (120 s)
  EXPECT_TRUE(store_->GetAlertDestination(ws_, dest)->broken()) << "three failures in a row";
  clock_.Advance(300s);
  EXPECT_EQ(*d.RunOnce(), 0);
  clock_.Advance(300s);
  EXPECT_EQ(*d.RunOnce(), 1);
  const auto deliveries = *store_->ListDeliveries(ws_, alert);
  EXPECT_EQ(deliveries[0].state, DeliveryState::kSent);
  EXPECT_EQ(deliveries[0].attempts, 4);
  EXPECT_FALSE(store_->GetAlertDestination(ws_, dest)->broken()) << "a success mends it";
  const auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].url, "https://hooks.example/x");
  EXPECT_NE(requests[0].body.find("tribu.example.org/#/w/velora/alerts/"), std::string::npos);
}

TEST_F(DispatchTest, GivesUpAfterTheLastAttemptAndKeepsTheDelivery) {
  const auto dest = Destination(DestinationKind::kDiscord);
  const AlertId alert = Queue(dest);
  Dispatcher d(*store_, http_, nullptr, clock_, *log_, {.max_attempts = 3});
  for (int i = 0; i < 3; ++i) {
    http_.Answer(404, "Unknown Webhook");
    ASSERT_EQ(*d.RunOnce(), 1);
    clock_.Advance(2h);
  }
  EXPECT_EQ(*d.RunOnce(), 0);
  const auto deliveries = *store_->ListDeliveries(ws_, alert);
  EXPECT_EQ(deliveries[0].state, DeliveryState::kFailed);
  EXPECT_NE(deliveries[0].last_error.find("HTTP 404"), std::string::npos);
  const auto history = *store_->ListAlertEvents(alert);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().kind, "delivery_failed");
  // Retried by hand, it goes again.
  ASSERT_TRUE(store_->RetryDelivery(ws_, deliveries[0].id, clock_.Now()));
  http_.Answer(204, "");
  EXPECT_EQ(*d.RunOnce(), 1);
  EXPECT_EQ(store_->ListDeliveries(ws_, alert)->at(0).state, DeliveryState::kSent);
}

TEST_F(DispatchTest, SignsGenericWebhooksAsTheInboundWebhookChecksThem) {
  const auto dest = Destination(DestinationKind::kWebhook, "s3cret");
  Queue(dest);
  Dispatcher d(*store_, http_, nullptr, clock_, *log_);
  http_.Answer(200, "");
  ASSERT_EQ(*d.RunOnce(), 1);
  const auto req = http_.requests().at(0);
  std::string signature;
  for (const auto& [k, v] : req.headers) {
    if (k == "X-Tribu-Signature") signature = v;
  }
  EXPECT_TRUE(connectors::VerifyWebhookSignature("s3cret", signature, req.body, clock_.Now()));
  EXPECT_FALSE(connectors::VerifyWebhookSignature("other", signature, req.body, clock_.Now()));
}

TEST_F(DispatchTest, EmailWithoutSmtpFailsWithAnActionableMessage) {
  AlertDestination d;
  d.workspace_id = ws_;
  d.name = "team";
  d.kind = DestinationKind::kEmail;
  d.recipients = "cm@velora.example";
  const auto dest = store_->CreateAlertDestination(d, {})->id;
  const AlertId alert = Queue(dest);
  Dispatcher dispatcher(*store_, http_, nullptr, clock_, *log_);
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  const auto deliveries = *store_->ListDeliveries(ws_, alert);
  EXPECT_EQ(deliveries[0].state, DeliveryState::kPending);
  EXPECT_NE(deliveries[0].last_error.find("[smtp] url"), std::string::npos);
}

TEST_F(DispatchTest, TheLiveServiceRaisesQueuesAndAnnouncesAnAlert) {
  auto bus = bus::MakeInProcessBus();
  Topic t;
  t.workspace_id = ws_;
  t.name = "Velora";
  t.query = "velora";
  const TopicId topic = store_->CreateTopic(t)->id;
  ASSERT_TRUE(AddDefaultRules(*store_, ws_));
  const auto dest = Destination(DestinationKind::kSlack);
  // The risky-post rule sends to Slack.
  const auto rules = store_->ListAlertRules(ws_);
  ASSERT_TRUE(rules);
  for (AlertRule r : *rules) {
    if (r.detector != Detector::kRiskyPost) continue;
    r.destinations = {dest};
    ASSERT_TRUE(store_->UpdateAlertRule(r));
  }
  auto analyzer = text::Analyzer::Create({});
  ASSERT_TRUE(analyzer);
  auto listener = bus->Subscribe(kAlertsSubject, "test");
  ASSERT_TRUE(listener);
  auto service = AlertService::Start(*store_, *bus, std::move(*analyzer), clock_, *log_, nullptr,
                                     {.refresh = 0ms});
  ASSERT_TRUE(service) << service.error().message;

  Post p;
  p.workspace_id = ws_;
  p.platform = "mastodon";
  p.external_id = "1";
  p.author.platform = "mastodon";
  p.author.handle = "@big@piaille.fr";
  p.author.followers = 250'000;
  p.text = "Je vais porter plainte contre Velora, c'est scandaleux";
  p.lang = "fr";
  p.published_at = clock_.Now();
  p.sentiment = -0.7;
  p.risk = 0.98;
  p.risks = {"threat"};
  p.topics = {topic};
  auto stored = store_->UpsertPosts(std::span<const Post>(&p, 1));
  ASSERT_TRUE(stored) << stored.error().message;
  p.id = stored->ids[0];
  ASSERT_TRUE(bus->Publish(pipeline::kEventsSubject, pipeline::EncodePostStored({true, p}), 1s));

  auto note = (*listener)->Next(10s);
  ASSERT_TRUE(note) << "no alert announced";
  const json j = json::parse(note->data);
  EXPECT_EQ(j["workspace"], ws_.value);
  EXPECT_EQ(j["event"], "opened");
  // Risky post and influential author: one alert, one Slack delivery queued.
  for (int i = 0; i < 100 && (*service)->stats().triggers < 2; ++i)
    std::this_thread::sleep_for(20ms);
  service->reset();
  AlertFilter f;
  f.workspace_id = ws_;
  auto alerts = store_->ListAlerts(f);
  ASSERT_EQ(alerts->alerts.size(), 1u);
  const Alert& a = alerts->alerts[0];
  EXPECT_EQ(a.severity, AlertSeverity::kCritical);
  EXPECT_EQ(a.evidence, std::vector<PostId>{p.id});
  EXPECT_EQ(a.topics, std::vector<TopicId>{topic});
  EXPECT_EQ(a.detectors.size(), 2u);
  const auto deliveries = *store_->ListDeliveries(ws_, a.id);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].destination_id, dest);
  EXPECT_EQ(deliveries[0].event, "opened");
}

}  // namespace
}  // namespace tribu::alerts
