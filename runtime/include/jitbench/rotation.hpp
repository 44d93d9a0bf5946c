#pragma once

#include <cstdint>

namespace jitbench {

enum class L2Mode { cold, warm };

// Device facts the plan depends on; tests pass made-up ones.
struct MemoryFacts {
  std::int64_t l2_bytes = 0;
  std::int64_t free_bytes = 0;
};

// How the cold tensors of a case are laid out so that every timed call meets a cold L2.
//   warm:            one copy, calls back to back (the hot-cache number).
//   rotate:          `copies` buffers used in turn; between two uses of a buffer the other
//                    copies move at least 2 x L2 of other data through the cache.
//   flush_replay:    the copies would be too many; each is used once per segment and a
//                    2 x L2 flush write, not timed, precedes each segment.
//   flush_each_call: not even two copies fit in memory; a flush precedes every call.
struct RotationPlan {
  enum class Kind { warm, rotate, flush_replay, flush_each_call };
  Kind kind = Kind::warm;
  int copies = 1;
  std::int64_t flush_bytes = 0;  // size of the flush write, 0 when there is none
};

struct RotationLimits {
  int max_copies = 1024;
  double usable_memory_fraction = 0.9;  // of free memory, for copies and flush buffer
};

// The plan for a case whose cold tensors take cold_bytes and shared (not cold) tensors take
// shared_bytes, one copy each. Returns kind flush_each_call with copies 0 when not even one
// copy fits (the caller reports OOM).
RotationPlan plan_rotation(const MemoryFacts& facts, std::int64_t cold_bytes,
                           std::int64_t shared_bytes, L2Mode mode, RotationLimits limits = {});

// How one replay (one sample) is built: `segments` segments of `calls_per_segment` calls,
// each segment timed by its own event pair, a flush before each when the plan says so.
struct ReplayLayout {
  int segments = 1;
  int calls_per_segment = 1;
  int calls() const { return segments * calls_per_segment; }
};

struct ReplayLimits {
  double target_replay_s = 1e-3;  // GPU time one replay should take at least
  int max_calls = 8192;           // graph size bound
  int max_flush_segments = 256;   // flush_each_call: calls (each behind a flush) a replay
  // Graph replays use every copy equally often, so calls_per_segment is a multiple of the
  // copies. Eager samples cannot queue that many launches: with whole_rotations false a segment
  // holds at most max_calls calls and the rotation goes on where the last sample stopped.
  bool whole_rotations = true;
};

// The layout for a call that takes about call_s seconds.
ReplayLayout layout_replay(const RotationPlan& plan, double call_s, ReplayLimits limits = {});

}  // namespace jitbench
