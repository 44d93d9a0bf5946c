// The kernels of the L2 probes (l2_evict_last_probe.cu, l2_evict_last_aftereffect.cu): a read and
// a write of a buffer of 16-byte words with normal or evict-last accesses, and a discard of
// every 128-byte line of a buffer.
#pragma once

#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>

#define CHECK(x)                                                                      \
  do {                                                                                \
    cudaError_t e = (x);                                                              \
    if (e != cudaSuccess) {                                                           \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(e)); \
      std::exit(1);                                                                   \
    }                                                                                 \
  } while (0)

__device__ __forceinline__ unsigned long long evict_last_policy() {
  unsigned long long p;
  asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(p));
  return p;
}

template <bool EvictLast>
__global__ void read_kernel(const uint4* a, size_t n, unsigned* sink) {
  unsigned acc = 0;
  const unsigned long long pol = EvictLast ? evict_last_policy() : 0;
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    uint4 v;
    if (EvictLast) {
      asm volatile("ld.global.L2::cache_hint.v4.u32 {%0, %1, %2, %3}, [%4], %5;"
                   : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                   : "l"(a + i), "l"(pol));
    } else {
      v = a[i];
    }
    acc ^= v.x ^ v.y ^ v.z ^ v.w;
  }
  if (acc == 0x9e3779b9u) *sink = acc;  // keeps the loads
}

template <bool EvictLast>
__global__ void write_kernel(uint4* a, size_t n, unsigned value) {
  const unsigned long long pol = EvictLast ? evict_last_policy() : 0;
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    if (EvictLast) {
      asm volatile("st.global.L2::cache_hint.v4.u32 [%0], {%1, %1, %1, %1}, %2;" ::"l"(a + i),
                   "r"(value), "l"(pol)
                   : "memory");
    } else {
      a[i] = make_uint4(value, value, value, value);
    }
  }
}

__global__ void discard_kernel(char* a, size_t lines) {
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < lines;
       i += size_t{gridDim.x} * blockDim.x) {
    asm volatile("discard.global.L2 [%0], 128;" ::"l"(a + i * 128) : "memory");
  }
}
