#include "tribu/pipeline/pipeline.h"

#include <spdlog/spdlog.h>

namespace tribu::pipeline {

namespace {
constexpr std::chrono::milliseconds kPoll{200};
}  // namespace

Pipeline::Pipeline(Store& store, bus::Bus& bus, std::shared_ptr<const text::Analyzer> analyzer,
                   const Clock& clock, spdlog::logger& log, PipelineOptions options)
    : bus_(bus),
      log_(log),
      options_(options),
      annotate_(store, std::move(analyzer), clock),
      store_(store) {}

Result<std::unique_ptr<Pipeline>> Pipeline::Start(Store& store, bus::Bus& bus,
                                                  std::shared_ptr<const text::Analyzer> analyzer,
                                                  const Clock& clock, spdlog::logger& log,
                                                  PipelineOptions options) {
  std::unique_ptr<Pipeline> p(new Pipeline(store, bus, std::move(analyzer), clock, log, options));
  auto ingest = bus.Subscribe(kIngestSubject, "annotate");
  if (!ingest) return Fail(ingest.error());
  auto annotated = bus.Subscribe(kAnnotatedSubject, "store");
  if (!annotated) return Fail(annotated.error());
  p->ingest_ = std::move(*ingest);
  p->annotated_ = std::move(*annotated);
  for (int i = 0; i < std::max(1, options.annotate_workers); ++i) {
    p->threads_.emplace_back([raw = p.get()] { raw->AnnotateLoop(*raw->ingest_); });
  }
  // One writer: SQLite has one anyway, and it keeps each channel's batches
  // (and cursors) in the order they were collected.
  p->threads_.emplace_back([raw = p.get()] { raw->StoreLoop(*raw->annotated_); });
  return p;
}

Pipeline::~Pipeline() {
  stopping_ = true;
  for (auto& t : threads_) t.join();
}

std::optional<PostBatch> Pipeline::Decode(bus::Subscription& in, const bus::Message& m,
                                          std::string_view stage) {
  auto batch = DecodePostBatch(m.data);
  if (batch) return std::move(*batch);
  ++stats_.batches_failed;
  log_.error("pipeline.{}.bad_message seq={} error=\"{}\"", stage, m.sequence,
             batch.error().message);
  (void)in.Ack(m);  // a corrupt message cannot get better: drop it
  return std::nullopt;
}

void Pipeline::AnnotateLoop(bus::Subscription& in) {
  while (!stopping_) {
    auto m = in.Next(kPoll);
    if (!m) continue;
    auto batch = Decode(in, *m, "annotate");
    if (!batch) continue;
    if (auto s = annotate_.Handle(*batch); !s) {
      // Unmatched is better than lost: store the posts and say so.
      log_.error("pipeline.annotate.failed workspace={} error=\"{}\"", batch->workspace.value,
                 s.error().message);
    }
    if (auto s = bus_.Publish(kAnnotatedSubject, EncodePostBatch(*batch), options_.publish_wait);
        !s) {
      ++stats_.batches_failed;
      log_.error("pipeline.annotate.publish_failed posts={} error=\"{}\"", batch->posts.size(),
                 s.error().message);
    }
    (void)in.Ack(*m);
  }
}

void Pipeline::StoreLoop(bus::Subscription& in) {
  std::vector<bus::Message> taken;
  std::vector<PostBatch> group;
  while (!stopping_) {
    // Group commit: what queued up while the last transaction ran is stored
    // in the next one, up to store_group_posts posts.
    taken.clear();
    group.clear();
    std::size_t posts = 0;
    for (auto wait = kPoll; posts < options_.store_group_posts;
         wait = std::chrono::milliseconds(0)) {
      auto m = in.Next(wait);
      if (!m) break;
      auto batch = Decode(in, *m, "store");
      if (!batch) continue;
      posts += batch->posts.size();
      taken.push_back(std::move(*m));
      group.push_back(std::move(*batch));
    }
    if (group.empty()) continue;
    StoreGroup(group);
    for (const bus::Message& m : taken) (void)in.Ack(m);
  }
}

void Pipeline::StoreGroup(std::span<const PostBatch> group) {
  auto results = store_.HandleGroup(group);
  ++stats_.store_groups;
  for (int attempt = 2; attempt <= options_.store_attempts && !stopping_; ++attempt) {
    // A busy database is retried, for the batches it refused only.
    std::vector<std::size_t> busy;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i] && results[i].error().code == ErrorCode::kUnavailable) busy.push_back(i);
    }
    if (busy.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    std::vector<PostBatch> again;
    again.reserve(busy.size());
    for (std::size_t i : busy) again.push_back(group[i]);
    auto retried = store_.HandleGroup(again);
    for (std::size_t k = 0; k < busy.size(); ++k) results[busy[k]] = std::move(retried[k]);
  }
  // Events are for live listeners: none are built when nobody listens.
  const bool listened = bus_.HasSubscribers(kEventsSubject);
  for (std::size_t i = 0; i < group.size(); ++i) {
    const PostBatch& batch = group[i];
    auto& stats = results[i];
    if (!stats) {
      ++stats_.batches_failed;
      log_.error("pipeline.store.failed workspace={} channel={} posts={} error=\"{}\"",
                 batch.workspace.value, batch.channel ? batch.channel->value : 0,
                 batch.posts.size(), stats.error().message);
      continue;
    }
    ++stats_.batches_stored;
    stats_.posts_stored += static_cast<std::int64_t>(stats->ids.size());
    stats_.posts_new += stats->inserted;
    if (!listened) continue;
    for (const PostStored& e : EventsOf(batch, *stats)) {
      // A full queue must not stall storing.
      if (auto s = bus_.Publish(kEventsSubject, EncodePostStored(e), std::chrono::milliseconds(0));
          !s && s.error().code != ErrorCode::kResourceExhausted) {
        log_.warn("pipeline.events.publish_failed error=\"{}\"", s.error().message);
      }
    }
  }
}

}  // namespace tribu::pipeline
