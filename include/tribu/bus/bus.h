// Bus: how connectors and pipeline stages hand work to each other. Stages
// take messages from a subject and emit messages to others; they never call
// each other, so the same stage code runs in one process (the in-process bus
// here) or across workers (NATS JetStream).
//
// Delivery is at least once: a consumer acknowledges a message once it has
// been handled, and a message that is not acknowledged may be delivered again
// (JetStream) or is lost with the process (in-process). Whatever must survive
// a crash is therefore made durable by the stage that handles it (posts and
// source cursors are stored in one transaction), never by the bus.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu::bus {

struct Message {
  std::string subject;
  std::string data;
  std::uint64_t sequence = 0;  // per subject, from 1, in publishing order
};

// One consumer's view of a subject. Thread-safe: several threads of one
// group may share a subscription.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // The next message, waiting up to `wait`; nothing on timeout or once the
  // bus is closed and this group's queue is drained.
  virtual std::optional<Message> Next(std::chrono::milliseconds wait) = 0;
  // Marks a message handled.
  virtual Status Ack(const Message& message) = 0;
};

// Statistics of a consumer group, for /metrics and tests.
struct GroupStats {
  std::int64_t queued = 0;     // waiting to be taken
  std::int64_t delivered = 0;  // taken so far
  std::int64_t dropped = 0;    // refused because the queue stayed full (see Publish)
};

class Bus {
 public:
  virtual ~Bus() = default;
  // Offers the message to every consumer group subscribed to the subject.
  // When a group's queue is full, waits up to `wait` for room (backpressure);
  // then fails with kResourceExhausted, and the message is not queued for any
  // group. kUnavailable once the bus is closed. A subject without groups
  // takes the message and drops it (nobody listens).
  virtual Status Publish(std::string_view subject, std::string data,
                         std::chrono::milliseconds wait) = 0;
  // Joins consumer group `group` on `subject`; every group gets every
  // message published after it first subscribed, and the consumers of one
  // group share them.
  virtual Result<std::unique_ptr<Subscription>> Subscribe(std::string_view subject,
                                                          std::string_view group) = 0;
  // False when a message published on the subject now would reach nobody
  // (no group has subscribed), so that a publisher may skip building it. A
  // bus that keeps messages for groups yet to come answers true.
  virtual bool HasSubscribers(std::string_view subject) = 0;
  // Leaves a group: its queue is discarded and publishers stop feeding it.
  virtual void Unsubscribe(std::string_view subject, std::string_view group) = 0;
  virtual std::optional<GroupStats> Stats(std::string_view subject, std::string_view group) = 0;
  // Stops accepting messages and wakes every waiter; consumers drain what is queued.
  virtual void Close() = 0;
};

struct InProcessBusOptions {
  std::size_t queue_capacity = 1024;  // messages per consumer group
};

std::unique_ptr<Bus> MakeInProcessBus(InProcessBusOptions options = {});

}  // namespace tribu::bus
