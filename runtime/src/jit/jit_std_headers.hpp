#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jitbench::detail {

// The C++ standard headers NVRTC lacks that kernel headers commonly include, given to every JIT
// compilation from memory: <cstdint> and <cstddef>, their types from libcu++ (cuda/std/...). So a
// header written for nvcc compiles under NVRTC once its host-only code is inside
// `#ifndef __CUDACC_RTC__`. Pairs of (include name, text).
const std::vector<std::pair<std::string, std::string>>& jit_std_headers();

}  // namespace jitbench::detail
