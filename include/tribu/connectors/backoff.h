// Exponential backoff with jitter for retrying a failing channel.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace tribu::connectors {

struct BackoffPolicy {
  std::chrono::milliseconds initial{5'000};
  std::chrono::milliseconds max{3'600'000};
  double multiplier = 2.0;
};

// The wait before retry number `failures` (1 for the first failure): initial
// × multiplier^(failures-1), capped at max, then "equal jitter" (a uniform
// draw in [d/2, d], from `unit`, a number in [0, 1)), and never less than
// what the platform asked with Retry-After (which may exceed max).
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, std::int64_t failures,
                                       double unit,
                                       std::optional<std::chrono::milliseconds> retry_after);

}  // namespace tribu::connectors
