#pragma once

#include <jitbench/rotation.hpp>
#include <jitbench/run_output.hpp>
#include <jitbench/stopping.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jitbench {

// `--filter k=v[,k=v]`: a case is selected when, for every term, its value of `param` is one of
// `values` (written `k=1|2`).
struct FilterTerm {
  std::string param;
  std::vector<std::string> values;
};

// Every setting of a run, as the command line gave it. Defaults are the documented ones.
struct Settings {
  bool ci = false;
  std::vector<FilterTerm> filter;
  std::vector<std::string> impls;  // empty: all
  bool list = false;
  OutputSettings output;
  L2Mode l2 = L2Mode::cold;
  bool use_graph = true;
  StoppingRule stopping;
  double warmup_s = 0.01;
  int device = 0;
  std::uint64_t seed = 0x6a17be4c;
  bool check = true;
  bool verify_timing = false;
  double verify_threshold = 0.05;
  double hang_timeout_s = 60;  // no wait for the GPU lasts longer (gpu_wait.hpp)
};

}  // namespace jitbench
