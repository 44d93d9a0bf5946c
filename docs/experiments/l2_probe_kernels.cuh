// What the L2 probes (l2_evict_last_probe.cu, l2_evict_last_aftereffect.cu,
// l2_hint_after_flush_probe.cu) share: a read of a buffer of 16-byte words with normal or
// evict-last loads, and a rig that holds a flush buffer of 2 x L2 + 8 MiB, a stream and two
// events. Writes and discards of the flush buffer are
// jitbench's own flush kernels (runtime/src/l2_flush.cuh). Build from the repository root with
// -I. so that the include below resolves.
#pragma once

#include "runtime/src/l2_flush.cuh"

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(x)                                                                      \
  do {                                                                                \
    cudaError_t e = (x);                                                              \
    if (e != cudaSuccess) {                                                           \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(e)); \
      std::exit(1);                                                                   \
    }                                                                                 \
  } while (0)

// How a read loads its lines: with no hint or an L2 eviction policy. evict_last_then_normal
// loads evict-last, then sets each line back to the normal priority
// (applypriority.global.L2::evict_normal) once it is read.
enum class Loads { normal, evict_first, evict_last, evict_last_then_normal };
inline const char* loads_name(Loads loads) {
  switch (loads) {
    case Loads::normal:
      return "normal";
    case Loads::evict_first:
      return "evict-first";
    case Loads::evict_last:
      return "evict-last";
    case Loads::evict_last_then_normal:
      return "el+normal";
  }
  return "?";
}

template <Loads L>
__global__ void read_kernel(const uint4* a, size_t n, unsigned* sink) {
  unsigned acc = 0;
  unsigned long long pol = 0;
  if (L == Loads::evict_first) {
    asm volatile("createpolicy.fractional.L2::evict_first.b64 %0, 1.0;" : "=l"(pol));
  } else if (L != Loads::normal) {
    asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(pol));
  }
  for (size_t i = blockIdx.x * size_t{blockDim.x} + threadIdx.x; i < n;
       i += size_t{gridDim.x} * blockDim.x) {
    uint4 v;
    if (L == Loads::normal) {
      v = a[i];
    } else {
      asm volatile("ld.global.L2::cache_hint.v4.u32 {%0, %1, %2, %3}, [%4], %5;"
                   : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                   : "l"(a + i), "l"(pol));
    }
    acc ^= v.x ^ v.y ^ v.z ^ v.w;
    // One lane a 128-byte line (buffers from cudaMalloc are line-aligned).
    if (L == Loads::evict_last_then_normal && i % 8 == 0) {
      asm volatile("applypriority.global.L2::evict_normal [%0], 128;" ::"l"(a + i) : "memory");
    }
  }
  if (acc == 0x9e3779b9u) *sink = acc;  // keeps the loads
}

struct ProbeRig {
  cudaDeviceProp prop{};
  size_t flush_bytes = 0;
  uint4* flush = nullptr;
  unsigned* sink = nullptr;
  cudaStream_t stream = nullptr;
  cudaEvent_t start = nullptr;
  cudaEvent_t stop = nullptr;
  int blocks = 0;

  ProbeRig() {
    CHECK(cudaGetDeviceProperties(&prop, 0));
    flush_bytes = 2 * size_t(prop.l2CacheSize) + (8 << 20);
    CHECK(cudaMalloc(&flush, flush_bytes));
    CHECK(cudaMalloc(&sink, 4));
    CHECK(cudaStreamCreate(&stream));
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    blocks = prop.multiProcessorCount * 8;
  }

  // The flush buffer written with evict-last or ordinary stores.
  void write_flush(bool evict_last, unsigned value) const {
    if (evict_last) {
      jitbench::detail::flush_kernel<true>
          <<<blocks, 256, 0, stream>>>(flush, flush_bytes / 16, value);
    } else {
      jitbench::detail::flush_kernel<false>
          <<<blocks, 256, 0, stream>>>(flush, flush_bytes / 16, value);
    }
  }
  void discard_flush() const {
    jitbench::detail::discard_lines_kernel<<<blocks, 256, 0, stream>>>(
        reinterpret_cast<char*>(flush), flush_bytes / jitbench::detail::l2_line_bytes);
  }
  // Whatever the last step left, an L2 that is cold and clean: every line displaced by
  // evict-last stores, then discarded.
  void clean_l2(unsigned value) const {
    write_flush(true, value);
    discard_flush();
  }
  void read(const uint4* a, size_t bytes, Loads loads) const {
    switch (loads) {
      case Loads::normal:
        read_kernel<Loads::normal><<<blocks, 256, 0, stream>>>(a, bytes / 16, sink);
        break;
      case Loads::evict_first:
        read_kernel<Loads::evict_first><<<blocks, 256, 0, stream>>>(a, bytes / 16, sink);
        break;
      case Loads::evict_last:
        read_kernel<Loads::evict_last><<<blocks, 256, 0, stream>>>(a, bytes / 16, sink);
        break;
      case Loads::evict_last_then_normal:
        read_kernel<Loads::evict_last_then_normal><<<blocks, 256, 0, stream>>>(a, bytes / 16, sink);
        break;
    }
  }
  // Microseconds that a normal read of `bytes` of `a` takes, by events around it.
  float timed_read_us(const uint4* a, size_t bytes) const {
    CHECK(cudaEventRecord(start, stream));
    read(a, bytes, Loads::normal);
    CHECK(cudaEventRecord(stop, stream));
    CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    CHECK(cudaEventElapsedTime(&ms, start, stop));
    return ms * 1000;
  }
};

inline float median_of(std::vector<float> t) {
  CHECK(cudaGetLastError());
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}
