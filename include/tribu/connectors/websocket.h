// WebSocket client for streaming sources (Bluesky's Jetstream). An interface,
// so that tests use a local server or inject faults; the real one is
// Boost.Beast, over TLS for wss://.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "tribu/core/result.h"

namespace tribu::connectors {

// One open connection. Not thread-safe: one reader.
class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // The next text or binary message, waiting up to `wait`; nothing when none
  // came in time (the read stays pending for the next call). kUnavailable when
  // the connection closed or broke (it is then unusable), kPayloadTooLarge
  // for a message past the size limit.
  virtual Result<std::optional<std::string>> Read(std::chrono::milliseconds wait) = 0;
};

// Thread-safe.
class WebSocketConnector {
 public:
  virtual ~WebSocketConnector() = default;
  // ws:// or wss:// URL with path and query. kUnavailable when the peer
  // cannot be reached or refuses the upgrade, kDeadlineExceeded on timeout.
  virtual Result<std::unique_ptr<WebSocket>> Connect(const std::string& url,
                                                     std::chrono::milliseconds timeout) = 0;
};

struct WebSocketOptions {
  std::string user_agent;
  std::size_t max_message_bytes = 1 << 20;
};

std::unique_ptr<WebSocketConnector> MakeBeastWebSocketConnector(WebSocketOptions options);

}  // namespace tribu::connectors
