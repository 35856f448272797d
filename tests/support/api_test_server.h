// A real ApiServer for tests: a fresh SQLite store (channel secrets sealed
// with a fixed test key), serving on a free local port from its own thread.
#pragma once

#include <httplib.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <array>
#include <memory>
#include <string>
#include <thread>

#include "tribu/auth/secret_box.h"
#include "tribu/http/api_server.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::testing {

// One HTTP call by method name, the body sent as `type` (JSON by default).
inline httplib::Result Send(httplib::Client& client, const std::string& method,
                            const std::string& path, const httplib::Headers& headers = {},
                            const std::string& body = "",
                            const std::string& type = "application/json") {
  if (method == "GET") return client.Get(path, headers);
  if (method == "POST") return client.Post(path, headers, body, type);
  if (method == "PUT") return client.Put(path, headers, body, type);
  if (method == "PATCH") return client.Patch(path, headers, body, type);
  return client.Delete(path, headers);
}

class ApiTestServer {
 public:
  // Opens the store at db_path and starts serving; the port, or the error.
  Result<int> Start(const std::string& db_path, const Clock& clock, ApiServerOptions options) {
    std::array<unsigned char, auth::SecretBox::kKeyBytes> key{};
    key.fill(7);
    auto store = OpenSqliteStore({.path = db_path, .cipher = auth::SecretBox::FromKey(key)}, clock);
    if (!store) return Fail(store.error());
    store_ = std::move(*store);
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<ApiServer>(options, *store_, clock, log_);
    auto port = server_->Bind();
    if (!port) return Fail(port.error());
    thread_ = std::thread([this] { (void)server_->Run(); });
    return port;
  }

  ~ApiTestServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  Store& store() { return *store_; }
  ApiServer& server() { return *server_; }

 private:
  spdlog::logger log_{"test", std::make_shared<spdlog::sinks::null_sink_mt>()};
  std::unique_ptr<Store> store_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
};

}  // namespace tribu::testing
