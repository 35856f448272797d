#include "tribu/pipeline/collector.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "tribu/pipeline/messages.h"

namespace tribu::pipeline {

namespace {

constexpr std::size_t kMaxLoggedProblems = 5;

// Failures a person must fix; the others may pass on their own.
bool NeedsAPerson(ErrorCode code) {
  return code == ErrorCode::kUnauthenticated || code == ErrorCode::kPermissionDenied ||
         code == ErrorCode::kNotFound || code == ErrorCode::kInvalidArgument ||
         code == ErrorCode::kFailedPrecondition || code == ErrorCode::kPayloadTooLarge;
}

}  // namespace

Collector::Collector(Store& store, bus::Bus& bus, connectors::HttpClient& http,
                     connectors::WebSocketConnector* websockets, const Clock& clock,
                     spdlog::logger& log, CollectorOptions options)
    : store_(store),
      bus_(bus),
      http_(http),
      websockets_(websockets),
      clock_(clock),
      log_(log),
      options_(options) {}

Collector::~Collector() { Stop(); }

void Collector::Start() {
  {
    std::lock_guard lock(mu_);
    if (running_) return;
    running_ = true;
  }
  Reload();
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
  threads_.emplace_back([this] {
    std::unique_lock lock(mu_);
    while (running_) {
      wake_.wait_for(lock, options_.reload, [&]() TRIBU_REQUIRES(mu_) { return !running_; });
      if (!running_) break;
      lock.unlock();
      Reload();
      lock.lock();
    }
  });
}

void Collector::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void Collector::Reload() {
  auto workspaces = store_.ListWorkspaces();
  if (!workspaces) {
    log_.error("collect.reload_failed error=\"{}\"", workspaces.error().message);
    return;
  }
  std::vector<Channel> channels;
  for (const Workspace& w : *workspaces) {
    auto list = store_.ListChannels(w.id);
    if (!list) {
      log_.error("collect.reload_failed workspace={} error=\"{}\"", w.slug, list.error().message);
      return;
    }
    const auto collectable = connectors::CollectablePlatforms();
    for (Channel& c : *list) {
      // Channels of other platforms hold imported posts: nothing to collect.
      if (c.enabled &&
          std::find(collectable.begin(), collectable.end(), c.platform) != collectable.end()) {
        channels.push_back(std::move(c));
      }
    }
  }
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  for (auto& [id, e] : entries_) e->removed = true;
  for (Channel& c : channels) {
    auto it = entries_.find(c.id);
    if (it != entries_.end() && it->second->channel.config_json == c.config_json) {
      it->second->removed = false;
      continue;
    }
    if (it != entries_.end() && it->second->busy) continue;  // replaced once its fetch ends
    auto status = store_.GetChannelStatus(c.id);
    if (!status) continue;  // removed meanwhile
    auto secret = store_.GetChannelSecret(c.id);
    if (!secret) continue;
    auto source = connectors::MakeSource(c, std::move(*secret), {http_, clock_, websockets_});
    if (!source) {
      // Settings edited by hand into something unusable: say so once, on the channel.
      if (status->last_error != source.error().message) {
        log_.warn("collect.channel_unusable channel={} error=\"{}\"", c.id.value,
                  source.error().message);
        (void)store_.RecordChannelFailure(c.id, ChannelHealth::kError, source.error().message, now);
      }
      continue;
    }
    auto e = std::make_unique<Entry>();
    e->source = std::move(*source);
    e->cursor = status->cursor;
    e->failures = status->consecutive_failures;
    e->due = std::max(now, status->next_attempt_at.value_or(now));
    log_.info("collect.channel channel={} platform={} name=\"{}\" due_in_s={}", c.id.value,
              c.platform, c.name,
              std::chrono::duration_cast<std::chrono::seconds>(e->due - now).count());
    e->channel = std::move(c);
    entries_[e->channel.id] = std::move(e);
  }
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second->removed && !it->second->busy) {
      log_.info("collect.channel_stopped channel={}", it->first.value);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  wake_.notify_all();
}

void Collector::WorkerLoop() {
  std::unique_lock lock(mu_);
  while (running_) {
    const Timestamp now = clock_.Now();
    Entry* next = nullptr;
    for (auto& [id, e] : entries_) {
      if (e->busy || e->removed) continue;
      if (next == nullptr || e->due < next->due) next = e.get();
    }
    if (next == nullptr || next->due > now) {
      auto wait =
          next == nullptr
              ? std::chrono::milliseconds(500)
              : std::min(std::chrono::milliseconds(500),
                         std::chrono::duration_cast<std::chrono::milliseconds>(next->due - now));
      wake_.wait_for(lock, wait);
      continue;
    }
    next->busy = true;
    lock.unlock();
    CollectOnce(*next);
    lock.lock();
    next->busy = false;
    if (next->removed) {
      entries_.erase(next->channel.id);
    }
    wake_.notify_all();
  }
}

void Collector::CollectOnce(Entry& e) {
  const Channel& c = e.channel;
  auto fetched = e.source->Fetch(e.cursor);
  const Timestamp now = clock_.Now();
  if (fetched) {
    for (std::size_t i = 0; i < fetched->warnings.size() && i < kMaxLoggedProblems; ++i) {
      log_.warn("collect.warning channel={} message=\"{}\"", c.id.value, fetched->warnings[i]);
    }
    for (std::size_t i = 0; i < fetched->skipped.size() && i < kMaxLoggedProblems; ++i) {
      log_.warn("collect.skipped channel={} reason=\"{}\"", c.id.value, fetched->skipped[i].reason);
    }
    const Timestamp due = fetched->more ? now : now + e.source->interval();
    PostBatch batch{.workspace = c.workspace_id,
                    .channel = c.id,
                    .cursor = fetched->cursor,
                    .next_attempt_at = due,
                    .posts = std::move(fetched->posts)};
    const std::size_t n = batch.posts.size();
    if (auto s = bus_.Publish(kIngestSubject, EncodePostBatch(batch), options_.publish_wait); !s) {
      // Not collected after all: the cursor stays, and the batch comes again.
      log_.warn("collect.publish_failed channel={} error=\"{}\"", c.id.value, s.error().message);
      e.due = now + std::chrono::seconds(1);
      return;
    }
    log_.info("collect.fetched channel={} posts={} skipped={} more={}", c.id.value, n,
              fetched->skipped.size(), fetched->more);
    e.cursor = std::move(batch.cursor);
    e.failures = 0;
    e.due = due;
    return;
  }
  const connectors::FetchFailure& f = fetched.error();
  ++e.failures;
  double unit = 0;
  {
    std::lock_guard lock(mu_);
    unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  }
  const auto delay = connectors::BackoffDelay(options_.backoff, e.failures, unit, f.retry_after);
  e.due = now + delay;
  const ChannelHealth health =
      NeedsAPerson(f.error.code) ? ChannelHealth::kError : ChannelHealth::kRetrying;
  log_.warn("collect.failed channel={} health={} failures={} retry_in_s={} error=\"{}\"",
            c.id.value, ChannelHealthName(health), e.failures,
            std::chrono::duration_cast<std::chrono::seconds>(delay).count(), f.error.message);
  if (auto s = store_.RecordChannelFailure(c.id, health, f.error.message, e.due); !s) {
    log_.error("collect.record_failed channel={} error=\"{}\"", c.id.value, s.error().message);
  }
}

}  // namespace tribu::pipeline
