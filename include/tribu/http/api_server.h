// The HTTP server: tribu's JSON API (/api/...), the live stream of posts
// (/api/stream, server-sent events), Prometheus metrics (/metrics).
//
// Every answer is JSON; every error is {"error": {"code", "message"}} with the
// HTTP status of its code (see tribu/core/result.h). Request bodies larger
// than max_body_bytes are refused with 413 before they are read in full.
#pragma once

#include <memory>
#include <string>

#include "tribu/bus/bus.h"
#include "tribu/core/result.h"
#include "tribu/core/time.h"
#include "tribu/store/store.h"

namespace spdlog {
class logger;
}

namespace tribu::alerts {
class Dispatcher;
}

namespace tribu {

struct ApiServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port, see Bind()
  int threads = 8;
  std::int64_t max_body_bytes = 1 << 20;
  std::string version;  // reported by /api/version and /metrics
  // Sign-in sessions: lifetime, cookie over HTTPS only, demo sign-in offered.
  int session_days = 14;
  bool secure_cookie = true;
  bool demo_login = false;
  // Sends test messages and retries deliveries; null when alerts are off.
  // Borrowed: must outlive the server.
  alerts::Dispatcher* alert_dispatcher = nullptr;
};

class ApiServer {
 public:
  // The store, clock, logger and bus must outlive the server. Without a bus
  // (the live pipeline's), /api/stream answers 503; the webhook stores posts itself.
  ApiServer(ApiServerOptions options, Store& store, const Clock& clock, spdlog::logger& log,
            bus::Bus* bus = nullptr);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds the listening socket; returns the port (useful with port 0).
  // kUnavailable when the address is taken or not permitted.
  Result<int> Bind();
  // While nobody has an account: a one-time path ("/#/setup/<token>") that
  // creates the first owner, valid 72 hours; empty once accounts exist.
  Result<std::string> SetupLink();
  // Serves until Stop(); call after Bind(). Blocks the calling thread.
  Status Run();
  // Stops Run() from any thread; idempotent.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tribu
