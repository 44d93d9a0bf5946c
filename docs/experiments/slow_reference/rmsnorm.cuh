#pragma once

// Two RMSNorms of rows of `hidden` elements, computed in fp32: one block a row (fast), and one
// thread a row (the slow, obviously right reference).

#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace rmsnorm {

constexpr float kEps = 1e-6f;

template <class T>
__global__ void block_a_row_kernel(T* y, const T* x, const T* w, std::int64_t hidden) {
  __shared__ float partial[32];
  const T* row = x + blockIdx.x * hidden;
  float sum = 0;
  for (std::int64_t i = threadIdx.x; i < hidden; i += blockDim.x) {
    const float v = static_cast<float>(row[i]);
    sum += v * v;
  }
  for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffffu, sum, offset);
  if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = sum;
  __syncthreads();
  if (threadIdx.x < 32) {
    sum = threadIdx.x < blockDim.x / 32 ? partial[threadIdx.x] : 0.0f;
    for (int offset = 16; offset > 0; offset /= 2) {
      sum += __shfl_down_sync(0xffffffffu, sum, offset);
    }
    if (threadIdx.x == 0) partial[0] = rsqrtf(sum / static_cast<float>(hidden) + kEps);
  }
  __syncthreads();
  const float scale = partial[0];
  for (std::int64_t i = threadIdx.x; i < hidden; i += blockDim.x) {
    y[blockIdx.x * hidden + i] =
        static_cast<T>(static_cast<float>(row[i]) * scale * static_cast<float>(w[i]));
  }
}

template <class T>
__global__ void thread_a_row_kernel(T* y, const T* x, const T* w, std::int64_t tokens,
                                    std::int64_t hidden) {
  const std::int64_t r = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x;
  if (r >= tokens) return;
  float sum = 0;
  for (std::int64_t i = 0; i < hidden; ++i) {
    const float v = static_cast<float>(x[r * hidden + i]);
    sum += v * v;
  }
  const float scale = rsqrtf(sum / static_cast<float>(hidden) + kEps);
  for (std::int64_t i = 0; i < hidden; ++i) {
    y[r * hidden + i] =
        static_cast<T>(static_cast<float>(x[r * hidden + i]) * scale * static_cast<float>(w[i]));
  }
}

template <class T>
void block_a_row(T* y, const T* x, const T* w, std::int64_t tokens, std::int64_t hidden,
                 cudaStream_t stream) {
  block_a_row_kernel<T><<<static_cast<unsigned>(tokens), 256, 0, stream>>>(y, x, w, hidden);
}

template <class T>
void thread_a_row(T* y, const T* x, const T* w, std::int64_t tokens, std::int64_t hidden,
                  cudaStream_t stream) {
  const auto blocks = static_cast<unsigned>((tokens + 127) / 128);
  thread_a_row_kernel<T><<<blocks, 128, 0, stream>>>(y, x, w, tokens, hidden);
}

}  // namespace rmsnorm
