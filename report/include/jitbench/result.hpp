#pragma once

#include <jitbench/build_info.hpp>
#include <jitbench/statistics.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jitbench {

enum class ImplStatus {
  ok,        // measured
  skipped,   // not run: reason says why (skip_if, not built, filtered)
  mismatch,  // output differs from the reference beyond tolerance; not timed
  oom,       // the case does not fit in device memory
  error,     // the impl threw or returned a CUDA error
  hang,      // its work did not complete by the watchdog's deadline; the run stopped there
};

enum class RunMode { graph, eager };

// The reference check of one impl: the worst element over all output tensors.
struct CheckResult {
  bool checked = false;
  bool passed = true;
  double max_error = 0;  // max |out - ref| / (1 + |ref|)
  double tolerance = 0;
  std::string tensor;  // where the worst element is
  std::int64_t index = -1;
  std::int64_t mismatches = 0;
};

// What the CUPTI cross-check (`--verify-timing`) found for one impl.
struct TimingCheck {
  double kernel_time_s = 0;      // CUPTI kernel time a call (sum over the kernels of one call)
  double ratio = 0;              // our median / kernel_time_s
  double gap_s = 0;              // mean idle gap between consecutive kernels in the graph
  double warm_median_s = 0;      // same case measured with a warm L2
  bool disagrees = false;        // |ratio - 1| beyond the threshold, not trace_perturbs
  bool cold_not_slower = false;  // cold <= warm on a working set smaller than L2
  double traced_time_s = 0;      // our time a call (events) in the replays CUPTI traced
  bool trace_perturbs = false;   // the trace slowed the kernels (ratio below 1 - threshold)
};

struct ImplResult {
  std::string impl;
  ImplStatus status = ImplStatus::ok;
  std::string reason;  // for every status but ok
  RunMode mode = RunMode::graph;
  std::string mode_reason;        // why eager ran: --no-graph, or the capture error
  std::vector<double> samples_s;  // per-call seconds of every kept sample, in order taken
  Summary summary;
  bool noisy = false;                    // hit the timeout before max-noise was reached
  bool too_few_samples = false;          // hit the timeout within max-noise, minimums unmet
  std::size_t discarded_samples = 0;     // taken while the SM clock was throttled
  double sm_clock_mhz = 0;               // mean SM clock over the kept samples
  bool memcpy_in_graph = false;          // a call captured memcpy or memset nodes
  std::optional<double> eager_median_s;  // the same calls run eagerly, when memcpy_in_graph
  bool allocates_in_graph = false;       // a call captured memory alloc or free nodes
  CheckResult check;
  // The cold-L2 plan (docs/timing.md): its kind (warm, rotate, flush_replay,
  // flush_each_call), the copies of the cold tensors, and what it was made from.
  std::string rotation_plan;
  int rotation_copies = 1;
  double cold_bytes_touched = 0;  // [B] of the cold tensors one call touches
  double cold_bytes_copy = 0;     // [B] one copy of the cold tensors holds
  int calls_per_sample = 0;
  bool flushed = false;  // a flush write preceded calls (not timed)
  std::optional<TimingCheck> timing_check;
  std::optional<double> jit_compile_s;  // a JIT impl: compiling its kernel, once a process [s]
  bool jit_cache_hit = false;           // a JIT impl: its kernel came from the disk cache
};

struct CaseResult {
  std::vector<std::string> param_values;
  double bytes_read = 0;     // [B] one call
  double bytes_written = 0;  // [B] one call
  double flops = 0;
  std::vector<ImplResult> impls;  // in the benchmark's impl order, selected impls only
  double wall_time_s = 0;         // setup, check and sampling of the whole case
};

// Facts about the device a run measured on, for the report's context.
struct DeviceInfo {
  int ordinal = 0;
  std::string name;
  std::string uuid;  // "GPU-..." as nvidia-smi -L prints it
  int cc_major = 0;
  int cc_minor = 0;
  int sm_count = 0;
  std::int64_t l2_bytes = 0;
  std::int64_t memory_bytes = 0;
  int sm_clock_khz = 0;
  int memory_clock_khz = 0;
  int driver_version = 0;  // as cudaDriverGetVersion gives it, e.g. 13000
  int runtime_version = 0;
  double peak_copy_gbps = 0;  // measured: eager device-to-device cudaMemcpyAsync, read + write
  std::int64_t peak_copy_bytes = 0;  // the size that measurement copied
  double start_sm_clock_mhz = 0;     // measured under load at the start; throttling is read
                                     // against it
};

// What every reporter knows before the first case.
struct RunInfo {
  std::string benchmark;
  std::string doc;
  std::vector<std::string> param_names;
  std::vector<std::string> impl_names;  // selected, in order
  std::string reference;
  std::vector<std::string> metrics;  // latency columns, e.g. {"median"}
  std::string date;                  // ISO 8601, local time
  std::string jitbench_version;
  std::string command_line;
  DeviceInfo device;
  BuildInfo build;      // of the benchmark's own code
  std::string l2_mode;  // "cold", "warm" or "flush"
  std::string shard;    // "i/n" of --shard, empty for the whole selection
  double max_noise = 0;
  std::size_t case_count = 0;
};

}  // namespace jitbench
