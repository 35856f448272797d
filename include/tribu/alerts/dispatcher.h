// Dispatcher: sends the deliveries the store holds (an outbox) to their
// destinations, retrying with exponential backoff. Nothing is lost: a
// delivery stays pending until sent, and after its last attempt it is marked
// failed, kept, and can be retried from the UI. A destination failing three
// times in a row shows as broken until a delivery to it succeeds.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tribu/alerts/formats.h"
#include "tribu/connectors/http_client.h"
#include "tribu/connectors/mailer.h"
#include "tribu/core/time.h"
#include "tribu/store/store.h"

namespace spdlog {
class logger;
}

namespace tribu::alerts {

struct DispatcherOptions {
  std::string public_url;  // base of links to the web UI: "https://tribu.example.org"
  std::string mail_from = "tribu <tribu@localhost>";
  int max_attempts = 8;                  // then failed (about 2 hours with the defaults)
  std::chrono::seconds first_retry{30};  // doubled at each failure...
  std::chrono::seconds max_retry{3600};  // ...up to this
  std::chrono::milliseconds poll{1000};  // how often due deliveries are looked for
  std::chrono::milliseconds timeout{10'000};
  int batch = 20;
};

class Dispatcher {
 public:
  // `mailer` may be null: e-mail deliveries then fail with a message saying
  // how to configure SMTP. Everything passed in must outlive the dispatcher.
  Dispatcher(Store& store, connectors::HttpClient& http, connectors::Mailer* mailer,
             const Clock& clock, spdlog::logger& log, DispatcherOptions options = {});
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void Start();  // a thread sending what is due
  void Stop();
  void Wake();  // deliveries were queued: look now

  // Sends what is due now, one attempt each; returns how many were tried.
  Result<int> RunOnce();

  // Sends a test message to a destination now (not queued), and records the
  // outcome in its health.
  Status SendTest(WorkspaceId workspace, std::int64_t destination);

  // The link to an alert in the web UI, or empty without a public URL.
  std::string LinkTo(const Workspace& workspace, AlertId alert) const;

 private:
  Result<AlertMessage> MessageFor(const AlertDelivery& delivery);
  // One attempt; the error says why it failed, with a retry delay the peer asked for.
  struct Attempt {
    Status status;
    std::optional<std::chrono::milliseconds> retry_after;
  };
  Attempt Send(const AlertDestination& destination, const AlertMessage& message,
               std::int64_t delivery_id);
  void Loop();

  Store& store_;
  connectors::HttpClient& http_;
  connectors::Mailer* mailer_;
  const Clock& clock_;
  spdlog::logger& log_;
  const DispatcherOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

}  // namespace tribu::alerts
