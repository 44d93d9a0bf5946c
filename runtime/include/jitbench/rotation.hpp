#pragma once

#include <cstdint>

namespace jitbench {

// cold:  every call meets data no earlier call left in L2 (rotation copies, or flushes).
// warm:  one copy, calls back to back: the hot-cache number.
// flush: one copy and a 2 x L2 flush write before every call, each call timed alone: the
//        reference that the rotation's cold figure is checked against.
enum class L2Mode { cold, warm, flush };

const char* to_string(L2Mode mode);  // "cold", "warm", "flush"

// Device facts the plan depends on; tests pass made-up ones.
struct MemoryFacts {
  std::int64_t l2_bytes = 0;
  std::int64_t free_bytes = 0;
};

// What a case's cold tensors take: the bytes one call touches (what the spec's `memory`
// section declares for each of them, the whole tensor where it declares nothing) and the
// bytes one copy of them holds. A gather from a large table touches far less than a copy holds.
struct ColdFootprint {
  std::int64_t touched_bytes = 0;
  std::int64_t copy_bytes = 0;
};

// How the cold tensors of a case are laid out so that every timed call meets a cold L2.
//   warm:            one copy, calls back to back (the hot-cache number).
//   rotate:          `copies` buffers used in turn; between two uses of a buffer the other
//                    copies' calls touch at least 2 x L2 of other data.
//   flush_replay:    the copies a rotation needs are too many (over max_copies) or do not fit in
//                    memory: as many as fit, up to max_copies; each is used at most once per
//                    segment and a 2 x L2 flush write, not timed, precedes each segment.
//   flush_each_call: not even two copies fit in memory (or --l2 flush); a flush precedes every
//                    call.
struct RotationPlan {
  enum class Kind { warm, rotate, flush_replay, flush_each_call };
  Kind kind = Kind::warm;
  int copies = 1;
  // The size of a flush write: 2 x L2 for every cold plan. The flush kinds always flush; a
  // rotation flushes only where an impl is too slow to go round every copy in one replay.
  std::int64_t flush_bytes = 0;
  ColdFootprint cold;  // what the plan was made from
};

const char* to_string(RotationPlan::Kind kind);

struct RotationLimits {
  int max_copies = 1024;
  double usable_memory_fraction = 0.9;  // of free memory, for copies and flush buffer
};

// The plan for a case whose cold tensors have footprint `cold` and whose shared (not cold)
// tensors take shared_bytes. Returns copies 0 when not even one copy fits (the caller
// reports OOM).
RotationPlan plan_rotation(const MemoryFacts& facts, const ColdFootprint& cold,
                           std::int64_t shared_bytes, L2Mode mode, RotationLimits limits = {});

// How one replay (one sample) is built: `segments` segments of `calls_per_segment` calls,
// each segment timed by its own event pair, behind a flush write when `flush`.
struct ReplayLayout {
  int segments = 1;
  int calls_per_segment = 1;
  bool flush = false;
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

// The layout for a call that takes about call_s seconds. A replay takes about
// target_replay_s whatever the call costs: where going once round the copies would take more
// than twice that, a slow impl's segment holds fewer calls, each on its own copy, behind a flush.
ReplayLayout layout_replay(const RotationPlan& plan, double call_s, ReplayLimits limits = {});

}  // namespace jitbench
