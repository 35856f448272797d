// Request counters and latency histograms in Prometheus text format.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>

#include "tribu/core/thread_annotations.h"

namespace tribu::http {

class Metrics {
 public:
  // Records one request: the route pattern (not the raw path, to bound
  // cardinality), method, status and duration. Thread-safe.
  void Record(std::string_view route, std::string_view method, int status, double seconds);

  // The exposition text (version 0.0.4) for everything recorded so far.
  std::string Render() const;

  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // key: route, method, status
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_
      TRIBU_GUARDED_BY(mu_);
  std::map<std::pair<std::string, std::string>, Histogram> latency_ TRIBU_GUARDED_BY(mu_);
};

// Escapes a label value for the exposition format.
std::string EscapeLabel(std::string_view value);

}  // namespace tribu::http
