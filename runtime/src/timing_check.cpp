#include "timing_check.hpp"

#include <algorithm>
#include <cmath>

namespace jitbench::detail {

namespace {

// Whether a is off b by more than both limits (b is the reference, and none at all is off).
bool differ(double a_s, double b_s, TimingCheckLimits limits) {
  return b_s <= 0 ||
         (std::fabs(a_s / b_s - 1) > limits.relative && std::fabs(a_s - b_s) > limits.absolute_s);
}

}  // namespace

TimingCheck check_timing(const std::vector<TraceSpan>& spans, std::int64_t calls,
                         double our_median_s, double traced_s, TimingCheckLimits limits) {
  std::vector<TraceSpan> sorted = spans;
  std::sort(sorted.begin(), sorted.end(),
            [](const TraceSpan& a, const TraceSpan& b) { return a.start_s < b.start_s; });

  // Busy time is the union of the calls' spans: a kernel launched with programmatic dependent
  // launch starts (and is dated) while the one before it drains, so spans may overlap, and
  // summing them would count the overlap twice.
  double busy_s = 0;
  double gaps_s = 0;
  std::int64_t gaps = 0;
  bool open = false;  // a run of overlapping call spans, since the last runtime work
  double run_start_s = 0;
  double run_end_s = 0;
  for (const TraceSpan& span : sorted) {
    if (span.runtime_work) {
      if (open) busy_s += run_end_s - run_start_s;
      open = false;
      continue;
    }
    if (open) {
      ++gaps;
      if (span.start_s <= run_end_s) {
        run_end_s = std::max(run_end_s, span.end_s);
        continue;
      }
      busy_s += run_end_s - run_start_s;
      gaps_s += span.start_s - run_end_s;
    }
    open = true;
    run_start_s = span.start_s;
    run_end_s = span.end_s;
  }
  if (open) busy_s += run_end_s - run_start_s;

  TimingCheck check;
  check.kernel_time_s = calls > 0 ? busy_s / static_cast<double>(calls) : 0;
  check.gap_s = gaps > 0 ? gaps_s / static_cast<double>(gaps) : 0;
  check.ratio = check.kernel_time_s > 0 ? our_median_s / check.kernel_time_s : 0;
  check.traced_time_s = traced_s;
  const bool off = differ(our_median_s, check.kernel_time_s, limits);
  const double recorded_call_s = calls > 0 ? (busy_s + gaps_s) / static_cast<double>(calls) : 0;
  check.trace_perturbs = off && our_median_s < check.kernel_time_s &&
                         traced_s >= recorded_call_s * (1 - limits.relative);
  check.disagrees = off && !check.trace_perturbs;
  return check;
}

bool cold_not_slower(double cold_median_s, double warm_median_s, std::int64_t working_set_bytes,
                     std::int64_t l2_bytes) {
  return working_set_bytes < l2_bytes && cold_median_s <= warm_median_s;
}

}  // namespace jitbench::detail
