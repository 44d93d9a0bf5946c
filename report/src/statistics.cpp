#include <jitbench/statistics.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <stdexcept>
#include <string>

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

namespace {

// "p20" -> 0.20, "p99.9" -> 0.999; negative when the name is not a quantile.
double parse_quantile(std::string_view name) {
  if (name.size() < 2 || name[0] != 'p') return -1;
  const std::string digits(name.substr(1));
  char* end = nullptr;
  const double percent = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !(percent >= 0 && percent <= 100)) return -1;
  if (!std::isdigit(static_cast<unsigned char>(digits[0]))) return -1;
  return percent / 100.0;
}

}  // namespace

bool is_metric_name(std::string_view name) {
  return name == "median" || name == "mean" || name == "min" || name == "max" || name == "stddev" ||
         name == "cv" || parse_quantile(name) >= 0;
}

double metric_value(const std::vector<double>& samples, std::string_view name) {
  const Summary s = summarize(samples);
  if (name == "median") return s.median;
  if (name == "mean") return s.mean;
  if (name == "min") return s.min;
  if (name == "max") return s.max;
  if (name == "stddev") return s.stddev;
  if (name == "cv") return s.cv;
  const double q = parse_quantile(name);
  if (q < 0) throw std::invalid_argument("unknown metric '" + std::string(name) + "'");
  return quantile(samples, q);
}

}  // namespace jitbench
