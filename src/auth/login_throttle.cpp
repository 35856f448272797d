#include "tribu/auth/login_throttle.h"

#include "tribu/core/ascii.h"

namespace tribu::auth {

namespace {
constexpr std::size_t kMaxTracked = 100'000;
std::string EmailKey(std::string_view email) { return "e:" + AsciiLower(email); }
std::string ClientKey(std::string_view client) { return "c:" + std::string(client); }
}  // namespace

std::chrono::seconds LoginThrottle::Wait(const std::string& key, Timestamp now) {
  auto it = windows_.find(key);
  if (it == windows_.end()) return std::chrono::seconds(0);
  const auto end = it->second.start + window_;
  if (now >= end) {
    windows_.erase(it);
    return std::chrono::seconds(0);
  }
  if (it->second.failures < max_failures_) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(end - now);
}

void LoginThrottle::Count(const std::string& key, Timestamp now) {
  if (windows_.size() >= kMaxTracked) {
    std::erase_if(windows_, [&](const auto& kv) { return now >= kv.second.start + window_; });
    if (windows_.size() >= kMaxTracked) windows_.clear();
  }
  Window& w = windows_[key];
  if (w.failures == 0 || now >= w.start + window_) w = {.start = now, .failures = 0};
  ++w.failures;
}

std::chrono::seconds LoginThrottle::RetryAfter(std::string_view email, std::string_view client) {
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  return std::max(Wait(EmailKey(email), now), Wait(ClientKey(client), now));
}

void LoginThrottle::RecordFailure(std::string_view email, std::string_view client) {
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  Count(EmailKey(email), now);
  Count(ClientKey(client), now);
}

void LoginThrottle::RecordSuccess(std::string_view email) {
  std::lock_guard lock(mu_);
  windows_.erase(EmailKey(email));
}

}  // namespace tribu::auth
