#pragma once

// A JIT source that does not compile, on purpose: jit_test.cu checks that its impl's rows say
// where (line 11, column 21) and that the other impls are timed.

#include <cstdint>

namespace jit_test {

__global__ void broken_kernel(const float* src, float* dst, std::int64_t n) {
  dst[0] = src[0] + not_declared;
}

}  // namespace jit_test
