#pragma once

#include <jitbench/result.hpp>

#include <cstdint>
#include <vector>

namespace jitbench::detail {

// One kernel, memcpy or memset as the GPU recorded it (CUPTI activity), in seconds on the GPU's
// clock. `runtime_work` marks what jitbench itself ran around the calls (flush, clock probe),
// which is neither timed nor part of a call.
struct TraceSpan {
  double start_s = 0;
  double end_s = 0;
  bool runtime_work = false;
};

// How far apart our figure and the GPU's record may be before a case is flagged: the relative
// threshold (--verify-threshold) and an absolute floor, because graph replays leave an idle gap
// of a few hundred nanoseconds between kernels that events see and kernel records do not.
struct TimingCheckLimits {
  double relative = 0.05;
  double absolute_s = 0.5e-6;
  // Our traced time of a call must be off the measured one by more than this too before the
  // trace counts as having changed the calls: CUPTI adds to each launch it traces (0.5-0.8 us a
  // call of 1-1.5 us on an H200, where the kernels themselves kept their duration).
  double trace_absolute_s = 1e-6;
};

// Compares our per-call time with the kernel time the trace of `calls` calls shows: the time
// covered by the calls' spans (overlapping spans count once) over the calls, and the mean idle
// gap between consecutive spans of the calls (zero where they overlap). `traced_s` is our own
// time a call (events) in the replays that were traced, `our_median_s` the measured figure.
// Tracing can change how fast a kernel runs (CUPTI slowed a one-thread-an-element kernel of
// 10^5-10^6 blocks by 8% on an H200: docs/timing.md). Where the traced time is off the median
// (`trace_perturbs`), CUPTI's record (kernels and the gaps between them) is checked against the
// traced time, our figure of the same calls; elsewhere against the median (`disagrees`).
TimingCheck check_timing(const std::vector<TraceSpan>& spans, std::int64_t calls,
                         double our_median_s, double traced_s, TimingCheckLimits limits = {});

// A cold figure that is not slower than the warm one, for a working set that fits in L2, means
// the cold measurement did not evict the inputs: suspicious.
bool cold_not_slower(double cold_median_s, double warm_median_s, std::int64_t working_set_bytes,
                     std::int64_t l2_bytes);

}  // namespace jitbench::detail
