// Collector: runs every enabled channel's source on its schedule and
// publishes what it collects to tribu.ingest.
//
// Each channel is polled by one worker at a time, at its source's interval
// (at once again when the source says more is ready). A failed fetch is
// recorded on the channel (health, message, when to retry) and retried with
// exponential backoff and jitter, honouring Retry-After; an expired token or
// a wrong URL makes the channel's health "error" without stopping the
// others. The list of channels is re-read from the store every `reload`, so
// channels added, disabled or removed while tribu runs are picked up.
// The cursor a batch carries is saved by the store stage with its posts, so
// after a crash collecting resumes from the last batch stored.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "tribu/bus/bus.h"
#include "tribu/connectors/backoff.h"
#include "tribu/connectors/source.h"
#include "tribu/core/thread_annotations.h"
#include "tribu/store/store.h"

namespace tribu::pipeline {

struct CollectorOptions {
  int workers = 4;
  std::chrono::milliseconds reload{5'000};
  connectors::BackoffPolicy backoff;
  std::chrono::milliseconds publish_wait{60'000};
};

class Collector {
 public:
  // `websockets` may be null: streaming sources (Jetstream) then report an error.
  Collector(Store& store, bus::Bus& bus, connectors::HttpClient& http,
            connectors::WebSocketConnector* websockets, const Clock& clock, spdlog::logger& log,
            CollectorOptions options = {});
  ~Collector();  // stops and joins
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  void Start();
  void Stop();

 private:
  struct Entry {
    Channel channel;
    std::unique_ptr<connectors::Source> source;
    std::string cursor;
    std::int64_t failures = 0;
    Timestamp due{};
    bool busy = false;
    bool removed = false;
  };

  void Reload();
  void WorkerLoop();
  void CollectOnce(Entry& entry);  // entry is busy: only this thread touches it

  Store& store_;
  bus::Bus& bus_;
  connectors::HttpClient& http_;
  connectors::WebSocketConnector* websockets_;
  const Clock& clock_;
  spdlog::logger& log_;
  const CollectorOptions options_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::map<ChannelId, std::unique_ptr<Entry>> entries_ TRIBU_GUARDED_BY(mu_);
  std::mt19937_64 rng_ TRIBU_GUARDED_BY(mu_){std::random_device{}()};
  bool running_ TRIBU_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace tribu::pipeline
