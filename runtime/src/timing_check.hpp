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
};

// Compares our per-call time with the kernel time the trace of `calls` calls shows: the time
// covered by the calls' spans (overlapping spans count once) over the calls, and the mean idle
// gap between consecutive spans of the calls (zero where they overlap). `our_median_s` is the
// measured figure, `traced_s` our own time a call (events) in the replays that were traced.
// Untraced, a call cannot take less than its kernels: a median below the kernel time means
// either that our figure misses time or that the trace slowed the kernels (CUPTI slowed a
// one-thread-an-element kernel of 10^5-10^6 blocks by 8% on an H200: docs/timing.md). It is the
// trace (`trace_perturbs`) when our time of the traced calls is not below CUPTI's record of them
// (kernels and the gaps between them). Events of traced calls also carry what CUPTI adds to each
// launch (0.5-1.2 us a call of up to 50 us on the H200), so they are no measure of the kernels.
TimingCheck check_timing(const std::vector<TraceSpan>& spans, std::int64_t calls,
                         double our_median_s, double traced_s, TimingCheckLimits limits = {});

// A cold figure that is not slower than the warm one, for a working set that fits in L2, means
// the cold measurement did not evict the inputs: suspicious.
bool cold_not_slower(double cold_median_s, double warm_median_s, std::int64_t working_set_bytes,
                     std::int64_t l2_bytes);

}  // namespace jitbench::detail
