// The stages of the live pipeline, as functions of a message plus the state
// they are handed (see ../shared/DESIGN.md, "Data flow"). They know nothing of
// the bus: Pipeline (pipeline.h) feeds them from it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "tribu/core/thread_annotations.h"
#include "tribu/core/time.h"
#include "tribu/listen/matcher.h"
#include "tribu/pipeline/messages.h"
#include "tribu/store/store.h"
#include "tribu/text/analyzer.h"

namespace tribu::pipeline {

// Analyses posts (language, sentiment) and matches them against their
// workspace's topics. Topics are read from the store and recompiled when they
// change (checked at most every `refresh`), so a topic created while the
// pipeline runs applies to the next batch. Thread-safe.
class AnnotateStage {
 public:
  AnnotateStage(Store& store, std::shared_ptr<const text::Analyzer> analyzer, const Clock& clock,
                std::chrono::milliseconds refresh = std::chrono::milliseconds(1000))
      : store_(store), analyzer_(std::move(analyzer)), clock_(clock), refresh_(refresh) {}

  // Annotates the batch in place. Fails only when the topics cannot be read.
  Status Handle(PostBatch& batch);

 private:
  struct Compiled {
    std::shared_ptr<const listen::TopicSet> topics;
    std::string signature;  // ids, queries and update times of the topics compiled
    Timestamp checked_at{};
  };
  Result<std::shared_ptr<const listen::TopicSet>> TopicsFor(WorkspaceId workspace);

  Store& store_;
  std::shared_ptr<const text::Analyzer> analyzer_;
  const Clock& clock_;
  const std::chrono::milliseconds refresh_;
  std::mutex mu_;
  std::map<WorkspaceId, Compiled> compiled_ TRIBU_GUARDED_BY(mu_);
};

// Stores a batch (and its channel's cursor, in the same transaction) and
// returns one event per post, carrying its stored id. Thread-safe.
// One event per stored post of the batch, carrying its stored id.
std::vector<PostStored> EventsOf(const PostBatch& batch, const UpsertStats& stats);

class StoreStage {
 public:
  explicit StoreStage(Store& store) : store_(store) {}
  Result<std::vector<PostStored>> Handle(const PostBatch& batch);
  // Stores batches in one transaction (group commit), or, when that fails
  // for a reason other than a busy database (kUnavailable, which fails every
  // batch), each batch alone, so that one bad batch fails by itself. Returns
  // each batch's outcome, in order; EventsOf makes the events when someone
  // listens.
  std::vector<Result<UpsertStats>> HandleGroup(std::span<const PostBatch> batches);

 private:
  Store& store_;
};

}  // namespace tribu::pipeline
