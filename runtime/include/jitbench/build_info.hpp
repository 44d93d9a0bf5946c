#pragma once

#include <string>
#include <vector>

namespace jitbench {

// What a benchmark's own translation unit was compiled for: the architectures of its device code
// and its build type. this_build() (benchmark.hpp) fills it in that unit, so that it describes the
// benchmark, not the runtime library, which an installed jitbench built apart. The results'
// context records it, and the run warns when it holds no SASS for the GPU it runs on.
struct BuildInfo {
  // The target's CUDA_ARCHITECTURES as CMake takes them, space-separated ("90", "80-real 90"),
  // from add_jit_benchmark() or jitbench_target_build_info(); empty when built otherwise.
  std::string cuda_architectures;
  // nvcc's __CUDA_ARCH_LIST__: the virtual architectures its device code was compiled for, as
  // compute capability x 100 (900 for 9.0); empty for a unit that nvcc did not compile.
  std::vector<int> arch_list;
  std::string build_type;  // empty when unknown
};

}  // namespace jitbench
