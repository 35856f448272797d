// A local HTTP server that answers like Mastodon, Reddit, Bluesky's XRPC and
// a feed behind a redirect, replaying the payloads in tests/data. The first
// page of each listing has posts; a page asked "after" the newest is empty, as
// the platforms answer when nothing new came. Records every request line and
// the headers that matter.
#pragma once

#include <httplib.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/fixtures.h"

namespace tribu::testing {

class PlatformPeer {
 public:
  PlatformPeer() {
    server_.Get("/api/v1/timelines/tag/velora", [this](const auto& req, auto& res) {
      Record(req);
      if (req.get_header_value("Authorization") != "Bearer masto-token") {
        res.status = 401;
        res.set_content(R"({"error":"The access token is invalid"})", "application/json");
        return;
      }
      res.set_content(req.has_param("min_id") ? "[]" : ReadFixture("mastodon/tag-velora.json"),
                      "application/json");
    });
    server_.Post("/api/v1/access_token", [this](const auto& req, auto& res) {
      Record(req);
      res.set_content(R"({"access_token":"reddit-token","token_type":"bearer","expires_in":86400})",
                      "application/json");
    });
    server_.Get("/r/velo/new", [this](const auto& req, auto& res) {
      Record(req);
      if (req.get_header_value("Authorization") != "bearer reddit-token") {
        res.status = 401;
        return;
      }
      res.set_content(req.has_param("before") ? R"({"kind":"Listing","data":{"children":[]}})"
                                              : ReadFixture("reddit/new.json"),
                      "application/json");
    });
    server_.Get("/xrpc/app.bsky.feed.searchPosts", [this](const auto& req, auto& res) {
      Record(req);
      res.set_content(
          req.has_param("since") ? R"({"posts":[]})" : ReadFixture("bluesky/search-velora.json"),
          "application/json");
    });
    server_.Get("/old/feed.xml", [this](const auto& req, auto& res) {
      Record(req);
      res.set_redirect("/feeds/atom.xml", 301);
    });
    server_.Get("/feeds/atom.xml", [this](const auto& req, auto& res) {
      Record(req);
      std::lock_guard lock(mu_);
      accept_encoding_ = req.get_header_value("Accept-Encoding");
      // httplib compresses the body when the client accepts gzip.
      res.set_content(ReadFixture("feeds/blog-atom.xml"), "application/atom+xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~PlatformPeer() {
    server_.stop();
    thread_.join();
  }
  PlatformPeer(const PlatformPeer&) = delete;
  PlatformPeer& operator=(const PlatformPeer&) = delete;

  std::string Url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<std::string> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::string accept_encoding() const {
    std::lock_guard lock(mu_);
    return accept_encoding_;
  }

 private:
  void Record(const httplib::Request& req) {
    std::lock_guard lock(mu_);
    std::string line = req.method + " " + req.path;
    std::string sep = "?";
    for (const auto& [k, v] : req.params) {
      line += sep + k + "=" + v;
      sep = "&";
    }
    requests_.push_back(line);
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
  std::string accept_encoding_;
};

}  // namespace tribu::testing
