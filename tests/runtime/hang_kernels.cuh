#pragma once

// The kernel of hang_bench.yaml: it stores, or from a given call on sleeps forever in thread 0.

#include <cuda_runtime_api.h>

#include <cstdint>

namespace hang_test {

__device__ unsigned long long calls_made = 0;

__global__ void store_or_sleep(float* x, unsigned long long sleep_from_call) {
  if (threadIdx.x == 0 && atomicAdd(&calls_made, 1ull) >= sleep_from_call) {
    while (true) __nanosleep(1000);
  }
  x[threadIdx.x] = 1.0f;
}

inline cudaError_t launch(float* x, std::int64_t mode, cudaStream_t stream) {
  const unsigned long long sleep_from_call = mode == 1 ? 0 : mode == 2 ? 64 : ~0ull;
  store_or_sleep<<<1, 32, 0, stream>>>(x, sleep_from_call);
  return cudaGetLastError();
}

}  // namespace hang_test
