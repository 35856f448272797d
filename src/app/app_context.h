// What every command needs: the validated configuration, a logger, the clock,
// and a way to open the store. Built once in cli.cpp and passed down.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

#include "tribu/app/config.h"
#include "tribu/connectors/http_client.h"
#include "tribu/connectors/mailer.h"
#include "tribu/connectors/websocket.h"
#include "tribu/core/time.h"
#include "tribu/store/store.h"

namespace tribu::app {

struct AppContext {
  Config config;
  std::shared_ptr<spdlog::logger> log;
  SystemClock clock;

  // Creates the data directory if needed and opens the store, migrating it
  // when `migrate` says so. With require_current, a database that still has
  // pending migrations is refused with kFailedPrecondition.
  Result<std::unique_ptr<Store>> OpenStore(bool migrate, bool require_current) const;
  // Opens as storage.auto_migrate says, and requires the schema to be current.
  Result<std::unique_ptr<Store>> OpenStore() const {
    return OpenStore(config.storage.auto_migrate, true);
  }
};

// The HTTP client connectors use, with collect.user_agent.
std::unique_ptr<connectors::HttpClient> MakeHttpClient(const Config& config);
// The SMTP mailer of [smtp]; null when no url is set. Fails when the
// password file cannot be read.
Result<std::unique_ptr<connectors::Mailer>> MakeMailer(const Config& config);
std::unique_ptr<connectors::WebSocketConnector> MakeWebSocketConnector(const Config& config);

// The logger described by the configuration, writing to stderr.
std::shared_ptr<spdlog::logger> MakeLogger(const LogConfig& config);

// Resolves --workspace: the named one; or, when none is named, the only one,
// or a new "default" workspace when there is none.
Result<Workspace> ChooseWorkspace(Store& store, const std::string& slug, bool create_default);

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitPartial = 3;

// Prints "tribu: <message>" to stderr and returns the exit code for the error.
int ReportError(const Error& error);

}  // namespace tribu::app
