#include <jitbench/rotation.hpp>

#include <algorithm>
#include <cmath>

namespace jitbench {

RotationPlan plan_rotation(const MemoryFacts& facts, std::int64_t cold_bytes,
                           std::int64_t shared_bytes, L2Mode mode, RotationLimits limits) {
  const auto usable = static_cast<std::int64_t>(static_cast<double>(facts.free_bytes) *
                                                limits.usable_memory_fraction);
  RotationPlan plan;
  if (mode == L2Mode::warm || cold_bytes <= 0) {
    plan.kind = RotationPlan::Kind::warm;
    plan.copies = cold_bytes + shared_bytes <= usable ? 1 : 0;
    return plan;
  }

  const std::int64_t flush_bytes = 2 * facts.l2_bytes;
  // Between two uses of one copy the other copies - 1 move cold_bytes each through L2.
  const std::int64_t needed =
      std::max<std::int64_t>(2, (flush_bytes + cold_bytes - 1) / cold_bytes + 1);
  const auto fits = [&](std::int64_t copies, std::int64_t flush) {
    return copies * cold_bytes + shared_bytes + flush <= usable;
  };

  if (needed > limits.max_copies && fits(limits.max_copies, flush_bytes)) {
    plan.kind = RotationPlan::Kind::flush_replay;
    plan.copies = limits.max_copies;
    plan.flush_bytes = flush_bytes;
  } else if (needed <= limits.max_copies && fits(needed, 0)) {
    plan.kind = RotationPlan::Kind::rotate;
    plan.copies = static_cast<int>(needed);
  } else {
    plan.kind = RotationPlan::Kind::flush_each_call;
    plan.copies = fits(1, flush_bytes) ? 1 : 0;
    plan.flush_bytes = flush_bytes;
  }
  return plan;
}

ReplayLayout layout_replay(const RotationPlan& plan, double call_s, ReplayLimits limits) {
  const double call = call_s > 0 ? call_s : 1e-6;
  const auto calls_for = [&](double unit_s, int most) {
    const double wanted = std::ceil(limits.target_replay_s / unit_s);
    return static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(std::max(most, 1))));
  };
  const int copies = std::max(plan.copies, 1);

  ReplayLayout layout;
  switch (plan.kind) {
    case RotationPlan::Kind::warm:
      layout.calls_per_segment = calls_for(call, limits.max_calls);
      break;
    case RotationPlan::Kind::rotate:
      layout.calls_per_segment = copies * calls_for(call * copies, limits.max_calls / copies);
      break;
    case RotationPlan::Kind::flush_replay:
      layout.calls_per_segment = copies;
      layout.segments = calls_for(call * copies, limits.max_calls / copies);
      break;
    case RotationPlan::Kind::flush_each_call:
      layout.segments = calls_for(call, std::min(limits.max_calls, limits.max_flush_segments));
      break;
  }
  if (!limits.whole_rotations && layout.calls() > limits.max_calls) {
    layout.calls_per_segment = std::min(layout.calls_per_segment, limits.max_calls);
    layout.segments = std::max(1, limits.max_calls / layout.calls_per_segment);
  }
  return layout;
}

}  // namespace jitbench
