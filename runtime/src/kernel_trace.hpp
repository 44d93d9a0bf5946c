#pragma once

#include "timing_check.hpp"

#include <vector>

namespace jitbench::detail {

// Loads CUPTI (libcupti, with dlopen) unless it is loaded already; throws std::runtime_error naming
// every place searched when it cannot be. KernelTrace loads it itself; a run with --verify-timing
// calls this first, so that a missing CUPTI stops it before any case.
void load_cupti();

// Records what the GPU runs while it is alive (kernels, memcpys, memsets) with the GPU's own
// start and end times, through CUPTI's activity API. One at a time in a process.
//
//   KernelTrace trace;           // throws std::runtime_error when CUPTI cannot trace
//   timer.take();
//   std::vector<TraceSpan> spans = trace.collect();
class KernelTrace {
 public:
  KernelTrace();
  ~KernelTrace();
  KernelTrace(const KernelTrace&) = delete;
  KernelTrace& operator=(const KernelTrace&) = delete;

  // Everything recorded since the trace began, times relative to the first span. The runtime's
  // own kernels (flush, clock probe, spin) are marked runtime_work.
  std::vector<TraceSpan> collect();
};

}  // namespace jitbench::detail
