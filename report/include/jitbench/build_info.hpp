#pragma once

#include <optional>
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

// The architectures of a build as people write them: "sm_90", "sm_80, compute_90 (PTX only)";
// empty when not known.
std::string architectures_text(const BuildInfo& build);

// "built for sm_90 (Release)", from architectures_text() and the build type; empty when neither
// is known.
std::string build_summary(const std::string& architectures, const std::string& build_type);

// A warning when the benchmark holds no machine code (SASS) that a GPU of compute capability
// major.minor runs: the driver then compiles PTX of an older architecture when the benchmark
// loads, and every path written for newer GPUs (__CUDA_ARCH__ checks) is compiled out, or
// nothing can run at all. Nothing when it holds such SASS, or when the build is not known.
std::optional<std::string> missing_sass_warning(const BuildInfo& build, int major, int minor);

}  // namespace jitbench
