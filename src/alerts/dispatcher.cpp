#include "tribu/alerts/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "tribu/connectors/webhook.h"
#include "tribu/core/utf8.h"

namespace tribu::alerts {

namespace {

using namespace std::chrono_literals;

std::vector<std::string> Recipients(std::string_view list) {
  std::vector<std::string> out;
  std::string current;
  for (char c : std::string(list) + ",") {
    if (c == ',' || c == ';' || c == ' ' || c == '\n') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

}  // namespace

Dispatcher::Dispatcher(Store& store, connectors::HttpClient& http, connectors::Mailer* mailer,
                       const Clock& clock, spdlog::logger& log, DispatcherOptions options)
    : store_(store),
      http_(http),
      mailer_(mailer),
      clock_(clock),
      log_(log),
      options_(std::move(options)) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
  stopping_ = true;
  Wake();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Dispatcher::Loop() {
  while (!stopping_) {
    auto tried = RunOnce();
    if (!tried) log_.warn("alerts.dispatch error=\"{}\"", tried.error().message);
    std::unique_lock lock(mu_);
    if (tried && *tried >= options_.batch) continue;  // more may be due
    wake_.wait_for(lock, options_.poll, [&] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

std::string Dispatcher::LinkTo(const Workspace& workspace, AlertId alert) const {
  if (options_.public_url.empty()) return "";
  std::string base = options_.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/#/w/" + workspace.slug + "/alerts/" + std::to_string(alert.value);
}

Result<AlertMessage> Dispatcher::MessageFor(const AlertDelivery& d) {
  auto alert = store_.GetAlert(d.workspace_id, d.alert_id);
  if (!alert) return Fail(alert.error());
  auto ws = store_.GetWorkspace(d.workspace_id);
  if (!ws) return Fail(ws.error());
  auto topics = store_.ListTopics(d.workspace_id);
  if (!topics) return Fail(topics.error());
  AlertMessage m;
  m.alert = std::move(*alert);
  m.event = d.event;
  m.workspace_name = ws->name;
  for (TopicId id : m.alert.topics) {
    for (const Topic& t : *topics) {
      if (t.id == id) m.topics.push_back(t.name);
    }
  }
  for (std::size_t i = 0; i < m.alert.evidence.size() && m.evidence.size() < 5; ++i) {
    auto post = store_.GetPost(d.workspace_id, m.alert.evidence[i]);
    if (post) m.evidence.push_back(std::move(*post));  // a post deleted since is left out
  }
  m.link = LinkTo(*ws, m.alert.id);
  return m;
}

Dispatcher::Attempt Dispatcher::Send(const AlertDestination& dest, const AlertMessage& m,
                                     std::int64_t delivery_id) {
  auto secrets = store_.GetDestinationSecrets(dest.id);
  if (!secrets) return {Fail(secrets.error()), std::nullopt};
  if (dest.kind == DestinationKind::kEmail) {
    if (!mailer_) {
      return {Fail(ErrorCode::kFailedPrecondition,
                   "e-mail is not set up: give [smtp] url (and from) in tribu.toml"),
              std::nullopt};
    }
    const auto to = Recipients(dest.recipients);
    if (to.empty()) return {Fail(ErrorCode::kInvalidArgument, "no recipient"), std::nullopt};
    return {mailer_->Send(RenderMail(m, options_.mail_from, to)), std::nullopt};
  }
  RenderedRequest r = RenderWebhook(dest.kind, m);
  connectors::HttpRequest req;
  req.method = "POST";
  req.url = secrets->url;
  req.body = r.body;
  req.timeout = options_.timeout;
  req.max_body_bytes = std::size_t{64} * 1024;
  req.headers = std::move(r.headers);
  req.headers.emplace_back("X-Tribu-Delivery", std::to_string(delivery_id));
  if (dest.kind == DestinationKind::kWebhook && !secrets->signing_secret.empty()) {
    req.headers.emplace_back("X-Tribu-Signature", connectors::SignWebhook(secrets->signing_secret,
                                                                          req.body, clock_.Now()));
  }
  auto res = http_.Send(req);
  if (!res) return {Fail(res.error()), std::nullopt};
  if (res->status >= 200 && res->status < 300) return {Status{}, std::nullopt};
  std::string body(TruncateUtf8(res->body, 200));
  std::replace(body.begin(), body.end(), '\n', ' ');
  return {
      Fail(ErrorCode::kUnavailable, "the destination answered HTTP " + std::to_string(res->status) +
                                        (body.empty() ? "" : ": " + body)),
      connectors::RetryAfter(*res, clock_.Now())};
}

Result<int> Dispatcher::RunOnce() {
  const Timestamp now = clock_.Now();
  auto due = store_.DueDeliveries(now, options_.batch);
  if (!due) return Fail(due.error());
  for (const AlertDelivery& d : *due) {
    Attempt attempt{Status{}, std::nullopt};
    auto dest = store_.GetAlertDestination(d.workspace_id, d.destination_id);
    auto message = dest ? MessageFor(d) : Result<AlertMessage>(std::unexpected(dest.error()));
    if (!dest) {
      attempt.status = Fail(dest.error());
    } else if (!dest->enabled) {
      attempt.status = Fail(ErrorCode::kFailedPrecondition, "the destination is turned off");
    } else if (!message) {
      attempt.status = Fail(message.error());
    } else {
      attempt = Send(*dest, *message, d.id);
    }
    DeliveryOutcome outcome;
    outcome.sent = attempt.status.has_value();
    if (!outcome.sent) {
      outcome.error = attempt.status.error().message;
      if (d.attempts + 1 < options_.max_attempts) {
        auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
            options_.first_retry * (1LL << std::min(d.attempts, 20)));
        delay = std::min<std::chrono::milliseconds>(delay, options_.max_retry);
        if (attempt.retry_after) delay = std::max(delay, *attempt.retry_after);
        outcome.retry_at = clock_.Now() + delay;
      }
      log_.warn("alerts.delivery id={} alert={} destination={} attempt={} error=\"{}\"{}", d.id,
                d.alert_id.value, d.destination_id, d.attempts + 1, outcome.error,
                outcome.retry_at ? "" : " gave_up=true");
    } else {
      log_.info("alerts.delivery id={} alert={} destination={} sent", d.id, d.alert_id.value,
                d.destination_id);
    }
    if (auto done = store_.FinishDelivery(d.id, outcome); !done) return Fail(done.error());
    if (dest) {
      (void)store_.RecordDestinationResult(d.destination_id, clock_.Now(), outcome.error);
    }
    if (!outcome.sent && !outcome.retry_at) {
      (void)store_.AppendAlertEvent(
          {0, d.alert_id, clock_.Now(), "delivery_failed", "delivery",
           "gave up sending to destination " + std::to_string(d.destination_id) + " after " +
               std::to_string(d.attempts + 1) + " attempts: " + outcome.error});
    }
  }
  return static_cast<int>(due->size());
}

Status Dispatcher::SendTest(WorkspaceId workspace, std::int64_t destination) {
  auto dest = store_.GetAlertDestination(workspace, destination);
  if (!dest) return Fail(dest.error());
  auto ws = store_.GetWorkspace(workspace);
  if (!ws) return Fail(ws.error());
  AlertMessage m;
  m.event = "test";
  m.workspace_name = ws->name;
  m.alert.workspace_id = workspace;
  m.alert.title = "Test message from tribu";
  m.alert.summary = "If you read this, alerts of " + ws->name + " reach \"" + dest->name + "\".";
  m.alert.severity = AlertSeverity::kInfo;
  m.alert.opened_at = m.alert.updated_at = clock_.Now();
  m.link = options_.public_url.empty() ? "" : options_.public_url;
  Attempt attempt = Send(*dest, m, 0);
  (void)store_.RecordDestinationResult(destination, clock_.Now(),
                                       attempt.status ? "" : attempt.status.error().message);
  return attempt.status;
}

}  // namespace tribu::alerts
