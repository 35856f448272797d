#include "alerts/stats.h"

#include <algorithm>
#include <cmath>

namespace tribu::alerts {

double PoissonTail(double k, double mean) {
  const int n = static_cast<int>(std::ceil(k));
  if (n <= 0) return 1;
  if (mean <= 0) return 0;
  auto log_pmf = [&](int i) { return i * std::log(mean) - mean - std::lgamma(i + 1.0); };
  if (n <= mean) {
    double below = 0;  // not a small tail: 1 - P(X < n) is accurate enough
    for (int i = 0; i < n; ++i) below += std::exp(log_pmf(i));
    return std::clamp(1 - below, 0.0, 1.0);
  }
  // A small tail: sum it from n up; the terms fall ever faster.
  double tail = 0;
  for (int i = n; i < n + 10'000; ++i) {
    const double term = std::exp(log_pmf(i));
    tail += term;
    if (term < tail * 1e-12) break;
  }
  return std::min(1.0, tail);
}

double BinomialTail(int k, int n, double p) {
  if (k <= 0) return 1;
  if (k > n) return 0;
  p = std::clamp(p, 1e-9, 1 - 1e-9);
  double tail = 0;
  for (int i = k; i <= n; ++i) {
    const double log_choose =
        std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0);
    tail += std::exp(log_choose + i * std::log(p) + (n - i) * std::log1p(-p));
  }
  return std::min(1.0, tail);
}

}  // namespace tribu::alerts
