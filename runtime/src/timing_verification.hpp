#pragma once

#include "device.hpp"
#include "impl_timing.hpp"
#include "tensor_pool.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/result.hpp>
#include <jitbench/settings.hpp>

#include <cstdint>

namespace jitbench::detail {

// --verify-timing for one measured impl: replays the same calls, cold as measured, under a CUPTI
// trace and compares the kernel time the GPU recorded with our median; then, when the run was
// cold, measures the impl with a warm L2 too, so that a cold figure that is not slower than the
// warm one on a working set smaller than L2 is flagged. The working set is what a call touches
// of the cold tensors, with the shared ones whole. Throws when CUPTI cannot trace.
TimingCheck verify_timing(const ImplTiming& timing, double median_s, const ImplFunction& impl,
                          const TensorPool& pool, std::int64_t working_set_bytes,
                          const MeasureSettings& settings, DeviceContext& device);

}  // namespace jitbench::detail
