#include "http/metrics.h"

#include <fmt/format.h>

namespace tribu::http {

std::string EscapeLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::Record(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), std::string(method), status}];
  Histogram& h = latency_[{std::string(route), std::string(method)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP tribu_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE tribu_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("tribu_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       EscapeLabel(route), method, status, n);
  }
  out += "# HELP tribu_http_request_duration_seconds Time to answer HTTP requests.\n";
  out += "# TYPE tribu_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const auto& [route, method] = key;
    std::string labels = fmt::format("route=\"{}\",method=\"{}\"", EscapeLabel(route), method);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("tribu_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], h.buckets[i]);
    }
    out += fmt::format("tribu_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       h.count);
    out += fmt::format("tribu_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("tribu_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  return out;
}

}  // namespace tribu::http
