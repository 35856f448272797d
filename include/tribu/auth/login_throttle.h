// Slows password guessing: after `max_failures` failed sign-ins within
// `window` for one e-mail address, or for one client address, further tries
// are refused until the window has passed. Thread-safe; memory is bounded
// (old entries are forgotten first).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "tribu/core/thread_annotations.h"
#include "tribu/core/time.h"

namespace tribu::auth {

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, int max_failures = 10,
                std::chrono::seconds window = std::chrono::minutes(15))
      : clock_(clock), max_failures_(max_failures), window_(window) {}

  // Zero when a try is allowed, else how long to wait.
  std::chrono::seconds RetryAfter(std::string_view email, std::string_view client);
  void RecordFailure(std::string_view email, std::string_view client);
  // A successful sign-in clears the address's count (not the client's).
  void RecordSuccess(std::string_view email);

 private:
  struct Window {
    Timestamp start{};
    int failures = 0;
  };
  std::chrono::seconds Wait(const std::string& key, Timestamp now) TRIBU_REQUIRES(mu_);
  void Count(const std::string& key, Timestamp now) TRIBU_REQUIRES(mu_);

  const Clock& clock_;
  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, Window> windows_ TRIBU_GUARDED_BY(mu_);
};

}  // namespace tribu::auth
