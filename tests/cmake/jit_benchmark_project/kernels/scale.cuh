#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>

namespace kernels {

__global__ void scale_kernel(float* x, std::int64_t n, float factor) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  if (i < n) x[i] *= factor;
}

inline void scale(float* x, std::int64_t n, float factor, cudaStream_t stream) {
  scale_kernel<<<static_cast<unsigned>((n + 255) / 256), 256, 0, stream>>>(x, n, factor);
}

// A template whose T a call must give: a tensor converts to T* but does not deduce it.
template <class T>
void scale_as(T* x, std::int64_t n, float factor, cudaStream_t stream) {
  scale(x, n, factor, stream);
}

}  // namespace kernels
