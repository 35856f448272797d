// A local feed server for connector tests: RSS feeds that grow as they are
// read, with faults injected on demand (500, 429 with Retry-After, slow
// answers, bodies cut short, invalid UTF-8, a change of encoding).
//
// A feed advances by `step` new items at each successful answer (200) until
// it has served `total`, and shows the newest `window` items, as real feeds
// do; answers that fail do not advance it. Everything a 200 carried is
// recorded, so that a test can check that every served item was stored.
#pragma once

#include <httplib.h>

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace tribu::testing {

enum class Fault { kServerError, kRateLimited, kSlow, kTruncated, kInvalidUtf8, kLatin1 };

class FeedPeer {
 public:
  struct Feed {
    int total = 100;
    int step = 10;
    int window = 30;
    std::deque<Fault> faults;  // applied to the next requests, one each
  };

  FeedPeer() {
    server_.Get(R"(/feeds/([a-z0-9-]+)\.xml)",
                [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FeedPeer() {
    server_.stop();
    thread_.join();
  }
  FeedPeer(const FeedPeer&) = delete;
  FeedPeer& operator=(const FeedPeer&) = delete;

  void AddFeed(const std::string& name, Feed feed) {
    std::lock_guard lock(mu_);
    feeds_[name] = State{std::move(feed)};
  }
  std::string Url(const std::string& name) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/feeds/" + name + ".xml";
  }
  // Guids of every item that some 200 answer carried.
  std::set<std::string> Served() const {
    std::lock_guard lock(mu_);
    return served_;
  }
  bool Finished() const {
    std::lock_guard lock(mu_);
    for (const auto& [_, s] : feeds_) {
      if (s.produced < s.feed.total || !s.feed.faults.empty()) return false;
    }
    return true;
  }
  int requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  struct State {
    Feed feed;
    int produced = 0;
    int version = 0;
    std::set<int> broken;    // items whose title holds invalid UTF-8
    std::set<int> accented;  // items whose title holds "café crème"
  };

  // An item reads the same in every answer; only its encoding changes.
  static std::string Item(const std::string& feed, int n, const State& s, bool latin1) {
    std::string id = feed + "-" + std::to_string(n);
    std::string title = "Post " + std::to_string(n) + " from " + feed + " about Velora e-bikes";
    if (s.broken.contains(n)) title += " \xC3\x28 broken \xFF bytes";
    if (s.accented.contains(n)) title += latin1 ? " caf\xE9 cr\xE8me" : " caf\xC3\xA9 cr\xC3\xA8me";
    return "<item><guid>" + id + "</guid><title>" + title + "</title><link>/posts/" + id +
           "</link><pubDate>Mon, 23 Nov 2026 " + std::to_string(10 + n / 60 % 10) + ":" +
           (n % 60 < 10 ? "0" : "") + std::to_string(n % 60) + ":00 GMT</pubDate></item>";
  }

  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock lock(mu_);
    ++requests_;
    auto it = feeds_.find(req.matches[1]);
    if (it == feeds_.end()) {
      res.status = 404;
      return;
    }
    State& s = it->second;
    std::optional<Fault> fault;
    if (!s.feed.faults.empty()) {
      fault = s.feed.faults.front();
      s.feed.faults.pop_front();
    }
    if (fault == Fault::kServerError) {
      res.status = 500;
      res.set_content("<html>Internal Server Error</html>", "text/html");
      return;
    }
    if (fault == Fault::kRateLimited) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content("slow down", "text/plain");
      return;
    }
    if (fault == Fault::kSlow) {
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past a 1 s timeout
      res.status = 503;
      return;
    }
    const std::string etag = "\"v" + std::to_string(s.version) + "\"";
    if (s.produced >= s.feed.total && req.get_header_value("If-None-Match") == etag && !fault) {
      res.status = 304;
      return;
    }
    if (fault != Fault::kTruncated) {
      s.produced = std::min(s.feed.total, s.produced + s.feed.step);
      ++s.version;
    }
    if (fault == Fault::kInvalidUtf8) s.broken.insert(s.produced);
    if (fault == Fault::kLatin1) s.accented.insert(s.produced);
    const bool latin1 = fault == Fault::kLatin1;
    std::string body = std::string("<?xml version=\"1.0\" encoding=\"") +
                       (latin1 ? "ISO-8859-1" : "UTF-8") +
                       "\"?>\n<rss version=\"2.0\"><channel><title>" + it->first +
                       "</title><link>http://127.0.0.1/</link>\n";
    const int first = std::max(1, s.produced - s.feed.window + 1);
    std::vector<std::string> ids;
    for (int n = s.produced; n >= first; --n) {
      body += Item(it->first, n, s, latin1) + "\n";
      ids.push_back(it->first + "-" + std::to_string(n));
    }
    body += "</channel></rss>\n";
    if (fault == Fault::kTruncated) {
      // Promise the whole body, send half, and hang up.
      auto half = std::make_shared<std::string>(body.substr(0, body.size() / 2));
      res.set_content_provider(body.size(), "application/rss+xml",
                               [half](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset < half->size()) {
                                   sink.write(half->data() + offset, half->size() - offset);
                                   return true;
                                 }
                                 return false;
                               });
      return;
    }
    served_.insert(ids.begin(), ids.end());
    res.set_header("ETag", "\"v" + std::to_string(s.version) + "\"");
    res.set_content(body, "application/rss+xml");
  }

  mutable std::mutex mu_;
  std::map<std::string, State> feeds_;
  std::set<std::string> served_;
  int requests_ = 0;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace tribu::testing
