#pragma once

#include <jitbench/build_info.hpp>

#include <optional>
#include <string>

namespace jitbench::detail {

// A warning when the benchmark holds no machine code (SASS) that a GPU of compute capability
// major.minor runs: the driver then compiles PTX of an older architecture when the benchmark
// loads, and every path written for newer GPUs (__CUDA_ARCH__ checks) is compiled out, or
// nothing can run at all. Nothing when it holds such SASS, or when the build is not known.
std::optional<std::string> missing_sass_warning(const BuildInfo& build, int major, int minor);

// The architectures of a build as people write them: "sm_90", "sm_80, compute_90 (PTX only)";
// empty when not known.
std::string architectures_text(const BuildInfo& build);

// "built for sm_90 (Release)", from architectures_text() and the build type; empty when neither
// is known.
std::string build_summary(const std::string& architectures, const std::string& build_type);

}  // namespace jitbench::detail
