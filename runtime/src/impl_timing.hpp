#pragma once

#include "device.hpp"
#include "tensor_pool.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/result.hpp>
#include <jitbench/rotation.hpp>
#include <jitbench/settings.hpp>
#include <jitbench/stopping.hpp>

#include <functional>
#include <memory>
#include <string>

namespace jitbench::detail {

// One impl, ready to sample: its timer (graph replays, or eager launches when capture is off or
// failed), and for a call that captures memcpy/memset nodes an eager timer of the same calls,
// because a graph may run those differently from a stream.
struct ImplTiming {
  std::unique_ptr<SampleSource> timer;
  std::unique_ptr<SampleSource> eager_companion;
  // Builds another timer like `timer` (same mode and layout), e.g. under a CUPTI trace.
  std::function<std::unique_ptr<SampleSource>()> make_timer;
  RunMode mode = RunMode::graph;
  std::string mode_reason;
  bool memcpy_in_graph = false;
  bool allocates_in_graph = false;
  int calls_per_sample = 0;
  bool flushed = false;  // a flush write, not timed, precedes the calls of a segment
};

// Runs the impl once eagerly (errors surface here), captures one call to check what it
// captures, sizes the replay from a first measured replay, and warms up. Throws on errors.
ImplTiming prepare_impl_timing(const ImplFunction& impl, const TensorPool& pool,
                               const RotationPlan& plan, const TimerSettings& settings,
                               DeviceContext& device);

}  // namespace jitbench::detail
