// A local WebSocket server for streaming-source tests: each client gets the
// messages queued so far and those queued later; Drop() closes every
// connection at once (a Jetstream instance restarting). Records the request
// targets, so that a test can check the cursor a client resumed from.
// Compiled once (ws_peer.cpp, Boost.Beast) for the tests that use it.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace tribu::testing {

class WsPeer {
 public:
  WsPeer();
  ~WsPeer();
  WsPeer(const WsPeer&) = delete;
  WsPeer& operator=(const WsPeer&) = delete;

  std::string Url() const;
  void Send(std::string message);
  // Closes every open connection; messages queued later go to new ones.
  void Drop();
  std::vector<std::string> targets() const;

 private:
  class Server;
  std::unique_ptr<Server> server_;
};

}  // namespace tribu::testing
