// Pipeline: runs the stages on threads, fed from the bus.
//
//   tribu.ingest ──► annotate ──► tribu.annotated ──► store ──► tribu.events
//
// Connectors (Collector), the webhook and importers publish PostBatch
// messages to tribu.ingest; the store stage publishes one PostStored per post
// to tribu.events for the live stream, alerts and the rest. A batch that
// fails (the database is down, a message is corrupt) is logged with its
// reason and dropped: its channel's cursor was not saved, so the source
// collects it again.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "tribu/bus/bus.h"
#include "tribu/pipeline/stages.h"

namespace tribu::pipeline {

struct PipelineOptions {
  int annotate_workers = 2;
  std::chrono::milliseconds publish_wait{30'000};  // backpressure before a batch is dropped
  int store_attempts = 5;                          // a busy database is retried
  std::size_t store_group_posts = 8000;  // most posts stored in one transaction (group commit)
};

struct PipelineStats {
  std::atomic<std::int64_t> batches_stored = 0;
  std::atomic<std::int64_t> store_groups = 0;  // transactions tried, each of one or more batches
  std::atomic<std::int64_t> posts_stored = 0;
  std::atomic<std::int64_t> posts_new = 0;
  std::atomic<std::int64_t> batches_failed = 0;
};

class Pipeline {
 public:
  // Subscribes to the bus and starts the workers.
  static Result<std::unique_ptr<Pipeline>> Start(Store& store, bus::Bus& bus,
                                                 std::shared_ptr<const text::Analyzer> analyzer,
                                                 const Clock& clock, spdlog::logger& log,
                                                 PipelineOptions options = {});
  // Stops the workers after the message each is handling; what is queued
  // stays queued (and is lost with the process: see bus.h).
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  const PipelineStats& stats() const { return stats_; }

 private:
  Pipeline(Store& store, bus::Bus& bus, std::shared_ptr<const text::Analyzer> analyzer,
           const Clock& clock, spdlog::logger& log, PipelineOptions options);
  // The batch a message carries; a corrupt one is logged, acknowledged and dropped.
  std::optional<PostBatch> Decode(bus::Subscription& in, const bus::Message& m,
                                  std::string_view stage);
  void AnnotateLoop(bus::Subscription& in);
  void StoreLoop(bus::Subscription& in);
  // Stores batches taken together, retrying those a busy database refused,
  // and publishes their events.
  void StoreGroup(std::span<const PostBatch> group);

  bus::Bus& bus_;
  spdlog::logger& log_;
  const PipelineOptions options_;
  AnnotateStage annotate_;
  StoreStage store_;
  PipelineStats stats_;
  std::atomic<bool> stopping_ = false;
  std::unique_ptr<bus::Subscription> ingest_;
  std::unique_ptr<bus::Subscription> annotated_;
  std::vector<std::thread> threads_;
};

}  // namespace tribu::pipeline
