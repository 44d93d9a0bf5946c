#include <jitbench/detail/timing_check.hpp>

#include <algorithm>
#include <cmath>

namespace jitbench::detail {

TimingCheck check_timing(const std::vector<TraceSpan>& spans, std::int64_t calls,
                         double our_median_s, TimingCheckLimits limits) {
  std::vector<TraceSpan> sorted = spans;
  std::sort(sorted.begin(), sorted.end(),
            [](const TraceSpan& a, const TraceSpan& b) { return a.start_s < b.start_s; });

  double busy_s = 0;
  double gaps_s = 0;
  std::int64_t gaps = 0;
  const TraceSpan* previous = nullptr;  // the last span of a call, if nothing ran since
  for (const TraceSpan& span : sorted) {
    if (span.runtime_work) {
      previous = nullptr;
      continue;
    }
    busy_s += span.end_s - span.start_s;
    if (previous != nullptr) {
      gaps_s += std::max(0.0, span.start_s - previous->end_s);
      ++gaps;
    }
    previous = &span;
  }

  TimingCheck check;
  check.kernel_time_s = calls > 0 ? busy_s / static_cast<double>(calls) : 0;
  check.gap_s = gaps > 0 ? gaps_s / static_cast<double>(gaps) : 0;
  check.ratio = check.kernel_time_s > 0 ? our_median_s / check.kernel_time_s : 0;
  const double difference_s = std::fabs(our_median_s - check.kernel_time_s);
  check.disagrees = check.kernel_time_s <= 0 || (std::fabs(check.ratio - 1) > limits.relative &&
                                                 difference_s > limits.absolute_s);
  return check;
}

bool cold_not_slower(double cold_median_s, double warm_median_s, std::int64_t working_set_bytes,
                     std::int64_t l2_bytes) {
  return working_set_bytes < l2_bytes && cold_median_s <= warm_median_s;
}

}  // namespace jitbench::detail
