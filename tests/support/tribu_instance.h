// A tribu of its own for an integration test: its data directory, its CLI,
// `tribu serve` as a child process, and reads of its database beside it.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::testing {

class Tribu {
 public:
  explicit Tribu(TempDir& dir) : dir_(dir), data_(dir.File("data")) {}

  RunResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), TRIBU_BINARY);
    args.insert(args.end(), {"--data-dir", data_});
    return Run(args, dir_.path().string());
  }

  // Starts `tribu serve` with fast retries (and `extra` arguments, `env`
  // variables); returns its port (0 on failure).
  int Serve(const std::vector<std::string>& extra = {}, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args{TRIBU_BINARY, "serve",
                                  "--listen",   "127.0.0.1:0",
                                  "--data-dir", data_,
                                  "--set",      "collect.retry_initial_ms=200",
                                  "--set",      "collect.retry_max_ms=1500",
                                  "--set",      "collect.workers=3"};
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<Child>(args, dir_.path().string(), env);
    std::regex re("listening on http://127\\.0\\.0\\.1:([0-9]+)");
    port_ = 0;
    for (int i = 0; i < 1000 && port_ == 0 && !server_->Exited(); ++i) {
      std::smatch m;
      std::string out = server_->Out();
      if (std::regex_search(out, m, re)) port_ = std::stoi(m[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return port_;
  }
  Child& server() { return *server_; }
  int port() const { return port_; }

  // Posts stored, read straight from the database (WAL lets us read beside the server).
  std::vector<Post> Stored() {
    ManualClock clock(FromUnixMillis(0));
    SqliteOptions o;
    o.path = data_ + "/tribu.db";
    auto store = OpenSqliteStore(o, clock);
    std::vector<Post> out;
    if (!store) return out;
    auto ws = (*store)->GetWorkspaceBySlug("default");
    if (!ws) return out;
    PostFilter f{.workspace_id = ws->id, .limit = 500};
    while (true) {
      auto page = (*store)->ListPosts(f);
      if (!page) break;
      out.insert(out.end(), page->posts.begin(), page->posts.end());
      if (page->next_cursor.empty()) break;
      f.cursor = page->next_cursor;
    }
    return out;
  }

  // An owner's API token for the workspace (created, as "default", when there is none).
  const std::string& Token() {
    if (token_.empty()) {
      auto made = Cli({"tokens", "create", "--name", "test", "--role", "owner"});
      EXPECT_EQ(made.exit_code, 0) << made.err;
      token_ = made.out.substr(0, made.out.find('\n'));
    }
    return token_;
  }
  httplib::Headers Auth() { return {{"Authorization", "Bearer " + Token()}}; }

  nlohmann::json Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Get(path, Auth());
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  }

 private:
  TempDir& dir_;
  std::string data_;
  std::unique_ptr<Child> server_;
  int port_ = 0;
  std::string token_;
};

// Waits for `pred` to hold, up to `limit`.
template <class Pred>
bool Eventually(Pred pred, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

}  // namespace tribu::testing
