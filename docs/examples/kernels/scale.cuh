#pragma once

#ifndef __CUDACC_RTC__  // NVRTC (a JIT impl) compiles the kernel, not the host code
#include <cuda_runtime_api.h>
#endif

#include <cstdint>

namespace kernels {

template <class T>
__global__ void scale_kernel(T* y, const T* x, float a, std::int64_t n) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  if (i < n) y[i] = T(a * float(x[i]));
}

#ifndef __CUDACC_RTC__
template <class T>
void scale(T* y, const T* x, float a, std::int64_t n, cudaStream_t stream) {
  scale_kernel<<<static_cast<unsigned>((n + 255) / 256), 256, 0, stream>>>(y, x, a, n);
}
#endif

}  // namespace kernels
