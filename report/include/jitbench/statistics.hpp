#pragma once

#include <cstddef>
#include <vector>

namespace jitbench {

// Summary of a sample set. Times are in seconds; cv and rse are fractions (0.01 = 1%).
struct Summary {
  std::size_t samples = 0;
  double mean = 0;
  double median = 0;
  double min = 0;
  double max = 0;
  double stddev = 0;  // sample standard deviation (n - 1)
  double cv = 0;      // stddev / mean
  double rse = 0;     // relative standard error of the mean: stddev / sqrt(n) / mean
};

Summary summarize(const std::vector<double>& samples);

// Quantile q in [0, 1] of sorted values, linear interpolation between closest ranks (the
// definition numpy and R use by default). Empty input gives 0.
double quantile_sorted(const std::vector<double>& sorted, double q);
double quantile(std::vector<double> values, double q);

}  // namespace jitbench
