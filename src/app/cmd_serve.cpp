#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "tribu/alerts/alert_service.h"
#include "tribu/alerts/dispatcher.h"
#include "tribu/app/version.h"
#include "tribu/bus/bus.h"
#include "tribu/http/api_server.h"
#include "tribu/pipeline/collector.h"
#include "tribu/pipeline/pipeline.h"

namespace tribu::app {

int RunServe(AppContext& ctx) {
  auto address = ParseListenAddress(ctx.config.server.listen);
  if (!address) return ReportError(address.error());
  // SIGINT and SIGTERM stop the server gracefully: block them in every thread
  // (before any starts) and wait for them in one.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());

  // The live pipeline: connectors and the webhook publish to the bus, the
  // stages analyse, match and store, the API streams the events.
  auto bus = bus::MakeInProcessBus();
  auto made = text::Analyzer::Create({});
  if (!made) return ReportError(made.error());
  std::shared_ptr<const text::Analyzer> analyzer = std::move(*made);
  auto http = MakeHttpClient(ctx.config);
  // Alerts: the detectors follow stored posts; the dispatcher sends what they raise.
  auto mailer = MakeMailer(ctx.config);
  if (!mailer) return ReportError(mailer.error());
  alerts::Dispatcher dispatcher(
      **store, *http, mailer->get(), ctx.clock, *ctx.log,
      {.public_url = ctx.config.alerts.public_url, .mail_from = ctx.config.smtp.from});
  std::unique_ptr<alerts::AlertService> alert_service;
  if (ctx.config.alerts.enabled) {
    auto started =
        alerts::AlertService::Start(**store, *bus, analyzer, ctx.clock, *ctx.log, &dispatcher);
    if (!started) return ReportError(started.error().WithContext("alerts"));
    alert_service = std::move(*started);
    dispatcher.Start();
  }
  auto pipeline = pipeline::Pipeline::Start(**store, *bus, analyzer, ctx.clock, *ctx.log);
  if (!pipeline) return ReportError(pipeline.error());
  auto websockets = MakeWebSocketConnector(ctx.config);
  pipeline::Collector collector(
      **store, *bus, *http, websockets.get(), ctx.clock, *ctx.log,
      {.workers = ctx.config.collect.workers,
       .backoff = {.initial = std::chrono::milliseconds(ctx.config.collect.retry_initial_ms),
                   .max = std::chrono::milliseconds(ctx.config.collect.retry_max_ms)}});

  ApiServer server({.host = address->host,
                    .port = address->port,
                    .threads = ctx.config.server.threads,
                    .max_body_bytes = ctx.config.server.max_body_bytes,
                    .version = std::string(kVersion),
                    .session_days = ctx.config.auth.session_days,
                    .secure_cookie = ctx.config.auth.secure_cookie,
                    .demo_login = ctx.config.auth.demo_login,
                    .alert_dispatcher = ctx.config.alerts.enabled ? &dispatcher : nullptr},
                   **store, ctx.clock, *ctx.log, bus.get());
  auto port = server.Bind();
  if (!port) return ReportError(port.error());

  std::atomic<bool> signalled = false;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    signalled = true;
    ctx.log->info("serve.stopping signal={}", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
  });

  std::string host =
      address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  std::string base = "http://" + host + ":" + std::to_string(*port);
  auto setup = server.SetupLink();
  if (!setup) return ReportError(setup.error());
  std::cout << "tribu " << kVersion << " is listening on " << base << "\n"
            << "  web UI:     " << base << "/\n"
            << "  API index:  " << base << "/api\n"
            << "  health:     " << base << "/api/health\n"
            << "  metrics:    " << base << "/metrics\n"
            << "  data:       " << ctx.config.storage.data_dir << "\n"
            << (ctx.config.auth.demo_login ? "  demo:       'Try the demo' on the sign-in page\n"
                                           : "");
  if (!setup->empty()) {
    // Nobody has an account yet: this link (once, 72 hours) makes the first owner.
    std::cout << "No account exists yet. Create the owner's account (link valid once, 72 h):\n"
              << "  " << base << *setup << "\n";
  }
  std::cout << "Press Ctrl-C to stop.\n" << std::flush;
  ctx.log->info("serve.start listen={} data_dir={} collect={}", base, ctx.config.storage.data_dir,
                ctx.config.collect.enabled);
  if (ctx.config.collect.enabled) collector.Start();

  auto run = server.Run();
  collector.Stop();
  bus->Close();
  pipeline->reset();
  alert_service.reset();
  dispatcher.Stop();
  // If Run ended on its own, wake the waiter (the signal is blocked, so it
  // only reaches sigwait) so that it can be joined.
  if (!signalled) kill(getpid(), SIGTERM);
  waiter.join();
  if (!run) return ReportError(run.error());
  ctx.log->info("serve.stopped");
  return kExitOk;
}

}  // namespace tribu::app
