#include <jitbench/rotation.hpp>

#include <algorithm>
#include <cmath>

namespace jitbench {

const char* to_string(L2Mode mode) {
  switch (mode) {
    case L2Mode::cold:
      return "cold";
    case L2Mode::warm:
      return "warm";
    case L2Mode::flush:
      return "flush";
  }
  return "?";
}

const char* to_string(RotationPlan::Kind kind) {
  switch (kind) {
    case RotationPlan::Kind::warm:
      return "warm";
    case RotationPlan::Kind::rotate:
      return "rotate";
    case RotationPlan::Kind::flush_replay:
      return "flush_replay";
    case RotationPlan::Kind::flush_each_call:
      return "flush_each_call";
  }
  return "?";
}

RotationPlan plan_rotation(const MemoryFacts& facts, const ColdFootprint& cold,
                           std::int64_t shared_bytes, L2Mode mode, RotationLimits limits) {
  const auto usable = static_cast<std::int64_t>(static_cast<double>(facts.free_bytes) *
                                                limits.usable_memory_fraction);
  RotationPlan plan;
  plan.cold = cold;
  const std::int64_t flush_bytes = 2 * facts.l2_bytes;
  const auto fits = [&](std::int64_t copies, std::int64_t flush) {
    return copies * cold.copy_bytes + shared_bytes + flush <= usable;
  };
  if (mode == L2Mode::warm || cold.copy_bytes <= 0) {
    plan.kind = RotationPlan::Kind::warm;
    plan.copies = fits(1, 0) ? 1 : 0;
    return plan;
  }
  plan.flush_bytes = flush_bytes;
  if (mode == L2Mode::flush) {
    plan.kind = RotationPlan::Kind::flush_each_call;
    plan.copies = fits(1, flush_bytes) ? 1 : 0;
    return plan;
  }

  // Between two uses of one copy, the calls on the other copies - 1 touch what a call touches.
  const std::int64_t touched = std::clamp<std::int64_t>(cold.touched_bytes, 1, cold.copy_bytes);
  const std::int64_t needed = std::max<std::int64_t>(2, (flush_bytes + touched - 1) / touched + 1);

  if (needed <= limits.max_copies && fits(needed, flush_bytes)) {
    plan.kind = RotationPlan::Kind::rotate;
    plan.copies = static_cast<int>(needed);
    return plan;
  }
  // Too many copies, or too large ones, for a rotation: as many as fit (up to max_copies), each
  // used once between two flushes. Two or more share the latency of the first call after a
  // flush, which a call timed alone carries whole (2-3 us on the H200).
  const std::int64_t room = usable - shared_bytes - flush_bytes;
  const std::int64_t most =
      std::min<std::int64_t>(limits.max_copies, room > 0 ? room / cold.copy_bytes : 0);
  if (most >= 2) {
    plan.kind = RotationPlan::Kind::flush_replay;
    plan.copies = static_cast<int>(most);
  } else {
    plan.kind = RotationPlan::Kind::flush_each_call;
    plan.copies = fits(1, flush_bytes) ? 1 : 0;
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
  // Once round the copies takes much longer than a replay should: a slow impl. Its segment
  // then holds only the calls a replay needs, each on a copy of its own, behind a flush.
  const bool slow = call * copies > 2 * limits.target_replay_s;

  ReplayLayout layout;
  switch (plan.kind) {
    case RotationPlan::Kind::warm:
      layout.calls_per_segment = calls_for(call, limits.max_calls);
      break;
    case RotationPlan::Kind::rotate:
      if (slow) {
        layout.calls_per_segment = calls_for(call, copies);
        layout.flush = true;
      } else {
        layout.calls_per_segment = copies * calls_for(call * copies, limits.max_calls / copies);
      }
      break;
    case RotationPlan::Kind::flush_replay:
      layout.calls_per_segment = slow ? calls_for(call, copies) : copies;
      layout.segments = slow ? 1 : calls_for(call * copies, limits.max_calls / copies);
      layout.flush = true;
      break;
    case RotationPlan::Kind::flush_each_call:
      layout.segments = calls_for(call, std::min(limits.max_calls, limits.max_flush_segments));
      layout.flush = true;
      break;
  }
  if (!limits.whole_rotations && layout.calls() > limits.max_calls) {
    layout.calls_per_segment = std::min(layout.calls_per_segment, limits.max_calls);
    layout.segments = std::max(1, limits.max_calls / layout.calls_per_segment);
  }
  return layout;
}

}  // namespace jitbench
