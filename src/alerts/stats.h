// Tail probabilities for the detectors' tests: how surprising a count is.
#pragma once

namespace tribu::alerts {

// P(X >= k) for X ~ Poisson(mean). k may be fractional (an over-dispersed
// count scaled down); it is rounded up.
double PoissonTail(double k, double mean);

// P(X >= k) for X ~ Binomial(n, p).
double BinomialTail(int k, int n, double p);

}  // namespace tribu::alerts
