// The embedded bus: one bounded FIFO per (subject, group), all guarded by one
// mutex. Publishing waits for room in every target queue before queueing in
// any, so that a message reaches all groups or none.
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "tribu/bus/bus.h"
#include "tribu/core/thread_annotations.h"

namespace tribu::bus {

namespace {

struct Group {
  std::deque<Message> queue;
  GroupStats stats;
};

struct Subject {
  std::uint64_t next_sequence = 1;
  std::map<std::string, std::shared_ptr<Group>, std::less<>> groups;
};

class InProcessBus;

class InProcessSubscription final : public Subscription {
 public:
  InProcessSubscription(InProcessBus* bus, std::shared_ptr<Group> group)
      : bus_(bus), group_(std::move(group)) {}
  std::optional<Message> Next(std::chrono::milliseconds wait) override;
  Status Ack(const Message&) override { return {}; }  // nothing to redeliver in-process

 private:
  InProcessBus* bus_;
  std::shared_ptr<Group> group_;
};

class InProcessBus final : public Bus {
 public:
  explicit InProcessBus(InProcessBusOptions options) : options_(options) {}

  Status Publish(std::string_view subject, std::string data,
                 std::chrono::milliseconds wait) override {
    std::unique_lock lock(mu_);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    auto full = [&]() TRIBU_REQUIRES(mu_) {
      auto it = subjects_.find(subject);
      if (it == subjects_.end()) return false;
      for (const auto& [_, g] : it->second.groups) {
        if (g->queue.size() >= options_.queue_capacity) return true;
      }
      return false;
    };
    while (!closed_ && full()) {
      // No wait at all when the time is up: a condition variable given a
      // past deadline still sleeps for the timer's slack (~50 us a call).
      const bool expired = std::chrono::steady_clock::now() >= deadline ||
                           room_.wait_until(lock, deadline) == std::cv_status::timeout;
      if (expired && !closed_ && full()) {
        auto& groups = subjects_.find(subject)->second.groups;
        for (auto& [_, g] : groups) {
          if (g->queue.size() >= options_.queue_capacity) ++g->stats.dropped;
        }
        return Fail(ErrorCode::kResourceExhausted,
                    "bus: subject '" + std::string(subject) + "' stayed full for " +
                        std::to_string(wait.count()) + " ms (consumers are behind)");
      }
    }
    if (closed_) return Fail(ErrorCode::kUnavailable, "bus: closed");
    auto it = subjects_.find(subject);
    if (it == subjects_.end() || it->second.groups.empty()) return {};
    Message m{std::string(subject), std::move(data), it->second.next_sequence++};
    // Every group but the last gets a copy; the last gets the message itself.
    auto last = std::prev(it->second.groups.end());
    for (auto g = it->second.groups.begin(); g != last; ++g) g->second->queue.push_back(m);
    last->second->queue.push_back(std::move(m));
    arrived_.notify_all();
    return {};
  }

  Result<std::unique_ptr<Subscription>> Subscribe(std::string_view subject,
                                                  std::string_view group) override {
    if (subject.empty() || group.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "bus: subject and group must not be empty");
    }
    std::lock_guard lock(mu_);
    if (closed_) return Fail(ErrorCode::kUnavailable, "bus: closed");
    auto& s = subjects_[std::string(subject)];
    auto& g = s.groups[std::string(group)];
    if (!g) g = std::make_shared<Group>();
    return std::make_unique<InProcessSubscription>(this, g);
  }

  bool HasSubscribers(std::string_view subject) override {
    std::lock_guard lock(mu_);
    auto it = subjects_.find(subject);
    return it != subjects_.end() && !it->second.groups.empty();
  }

  void Unsubscribe(std::string_view subject, std::string_view group) override {
    std::lock_guard lock(mu_);
    auto it = subjects_.find(subject);
    if (it == subjects_.end()) return;
    auto g = it->second.groups.find(group);
    if (g == it->second.groups.end()) return;
    g->second->queue.clear();
    it->second.groups.erase(g);
    room_.notify_all();
  }

  std::optional<GroupStats> Stats(std::string_view subject, std::string_view group) override {
    std::lock_guard lock(mu_);
    auto it = subjects_.find(subject);
    if (it == subjects_.end()) return std::nullopt;
    auto g = it->second.groups.find(group);
    if (g == it->second.groups.end()) return std::nullopt;
    GroupStats st = g->second->stats;
    st.queued = static_cast<std::int64_t>(g->second->queue.size());
    return st;
  }

  void Close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
    room_.notify_all();
    arrived_.notify_all();
  }

  std::optional<Message> Take(Group& group, std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    arrived_.wait_for(lock, wait,
                      [&]() TRIBU_REQUIRES(mu_) { return closed_ || !group.queue.empty(); });
    if (group.queue.empty()) return std::nullopt;
    Message m = std::move(group.queue.front());
    group.queue.pop_front();
    ++group.stats.delivered;
    room_.notify_all();
    return m;
  }

 private:
  const InProcessBusOptions options_;
  std::mutex mu_;
  std::condition_variable room_;     // a queue got room, or the bus closed
  std::condition_variable arrived_;  // a message arrived, or the bus closed
  std::map<std::string, Subject, std::less<>> subjects_ TRIBU_GUARDED_BY(mu_);
  bool closed_ TRIBU_GUARDED_BY(mu_) = false;
};

std::optional<Message> InProcessSubscription::Next(std::chrono::milliseconds wait) {
  return bus_->Take(*group_, wait);
}

}  // namespace

std::unique_ptr<Bus> MakeInProcessBus(InProcessBusOptions options) {
  return std::make_unique<InProcessBus>(options);
}

}  // namespace tribu::bus
