#pragma once

#include <jitbench/rotation.hpp>
#include <jitbench/run_output.hpp>
#include <jitbench/stopping.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace jitbench {

// `--filter k=v[,k=v]`: a case is selected when, for every term, its value of `param` is one of
// `values` (written `k=1|2`).
struct FilterTerm {
  std::string param;
  std::vector<std::string> values;
};

// `--shard i/n`: the i-th of n parts of the selected cases (1 <= i <= n), balanced by cost.
struct Shard {
  int index = 1;
  int count = 1;
};

// Which cases and impls run.
struct SelectionSettings {
  bool ci = false;
  std::vector<FilterTerm> filter;
  std::vector<std::string> impls;  // empty: all
  Shard shard;
  bool list = false;  // print the selected cases and run nothing
};

// How an impl's calls are timed: CUDA graph replays or eager launches, after a warm-up.
struct TimerSettings {
  bool use_graph = true;
  double warmup_s = 0.01;
};

// What measuring a case uses, and nothing else: no output, no selection.
struct MeasureSettings {
  L2Mode l2 = L2Mode::cold;
  bool check = true;  // against the reference impl, before timing
  std::uint64_t seed = 0x6a17be4c;
  TimerSettings timer;
  StoppingRule stopping;
  bool verify_timing = false;
  double verify_threshold = 0.05;
  double hang_timeout_s = 60;  // no wait for the GPU lasts longer (gpu_wait.hpp)
};

// Every setting of a run, as the command line gave it. Defaults are the documented ones.
struct Settings {
  SelectionSettings selection;
  MeasureSettings measure;
  OutputSettings output;
  int device = 0;
};

}  // namespace jitbench
