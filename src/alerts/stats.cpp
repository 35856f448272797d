#include "alerts/stats.h"

#include <algorithm>
#include <cmath>

namespace tribu::alerts {

double PoissonTail(double k, double mean) {
  const int n = static_cast<int>(std::ceil(k));
  if (n <= 0) return 1;
  if (mean <= 0) return 0;
  // log P(X = i), built up term by term: log(mean^i e^-mean / i!).
  const double log_mean = std::log(mean);
  if (n <= mean) {
    double below = 0;  // not a small tail: 1 - P(X < n) is accurate enough
    double log_pmf = -mean;
    for (int i = 0; i < n; ++i) {
      if (i > 0) log_pmf += log_mean - std::log(static_cast<double>(i));
      below += std::exp(log_pmf);
    }
    return std::clamp(1 - below, 0.0, 1.0);
  }
  // A small tail: sum it from n up; the terms fall ever faster.
  double log_pmf = -mean;
  for (int i = 1; i <= n; ++i) log_pmf += log_mean - std::log(static_cast<double>(i));
  double tail = 0;
  for (int i = n; i < n + 10'000; ++i) {
    if (i > n) log_pmf += log_mean - std::log(static_cast<double>(i));
    const double term = std::exp(log_pmf);
    tail += term;
    if (term < tail * 1e-12) break;
  }
  return std::min(1.0, tail);
}

double BinomialTail(int k, int n, double p) {
  if (k <= 0) return 1;
  if (k > n) return 0;
  p = std::clamp(p, 1e-9, 1 - 1e-9);
  const double log_p = std::log(p);
  const double log_q = std::log1p(-p);
  // log C(n, k), then each next term from the last: C(n, i+1) = C(n, i) (n-i)/(i+1).
  double log_choose = 0;
  for (int i = 1; i <= k; ++i) {
    log_choose += std::log(static_cast<double>(n - k + i)) - std::log(static_cast<double>(i));
  }
  double tail = 0;
  for (int i = k; i <= n; ++i) {
    tail += std::exp(log_choose + i * log_p + (n - i) * log_q);
    log_choose += std::log(static_cast<double>(n - i)) - std::log(static_cast<double>(i + 1));
  }
  return std::min(1.0, tail);
}

}  // namespace tribu::alerts
