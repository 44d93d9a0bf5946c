#pragma once

// Kernels that jit_test.cu compiles with NVRTC when it runs (JIT impls).

#include <cstdint>

namespace jit_test {

template <class T>
__global__ void __launch_bounds__(256) copy_kernel(const T* src, T* dst, std::int64_t n) {
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < n;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    dst[i] = src[i];
  }
}

}  // namespace jit_test
