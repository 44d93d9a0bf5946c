#include <jitbench/statistics.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jitbench {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double clamped = std::clamp(q, 0.0, 1.0);
  const double position = clamped * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(lower);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return quantile_sorted(values, q);
}

Summary summarize(const std::vector<double>& samples) {
  Summary s;
  s.samples = samples.size();
  if (samples.empty()) return s;
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(samples.size());
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  s.median = quantile_sorted(sorted, 0.5);
  s.min = sorted.front();
  s.max = sorted.back();
  if (samples.size() > 1) {
    double squares = 0;
    for (double x : sorted) squares += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(squares / (n - 1));
  }
  if (s.mean > 0) {
    s.cv = s.stddev / s.mean;
    s.rse = s.cv / std::sqrt(n);
  }
  return s;
}

}  // namespace jitbench
