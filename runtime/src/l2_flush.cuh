#pragma once

// jitbench's L2 flush as device code and one host call, for the runtime (device_kernels.cu) and
// for harnesses outside it that must flush the same way (docs/experiments/l2_flush_ctypes.cu).
// Include it from one .cu file of a program.
//
// Lines that a kernel loaded with an evict-last policy (Triton's and Inductor's kernels load what
// they reuse so) outlive ordinary writes of 2 x L2 (docs/experiments/l2_evict_last_probe.cu);
// only lines of the same priority displace them. So the flush writes its buffer evict-last
// first, discards those lines, and writes the buffer again with ordinary stores: the timed call
// finds an L2 full of dirty lines to write back, as after the flushes of nvbench and
// triton.testing and as in a rotation of copies, and none of its own lines.

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

namespace jitbench::detail {
namespace {

template <bool EvictLast>
__global__ void flush_kernel(uint4* data, std::size_t count, unsigned value) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  unsigned long long policy = 0;
  if (EvictLast) asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(policy));
#endif
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < count;
       i += std::size_t{gridDim.x} * blockDim.x) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    if (EvictLast) {
      asm volatile("st.global.L2::cache_hint.v4.u32 [%0], {%1, %1, %1, %2}, %3;" ::"l"(data + i),
                   "r"(value), "r"(static_cast<unsigned>(i)), "l"(policy)
                   : "memory");
      continue;
    }
#endif
    data[i] = make_uint4(value, value, value, static_cast<unsigned>(i));
  }
}

constexpr std::size_t l2_line_bytes = 128;

__global__ void discard_lines_kernel(char* data, std::size_t lines) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < lines;
       i += std::size_t{gridDim.x} * blockDim.x) {
    asm volatile("discard.global.L2 [%0], 128;" ::"l"(data + i * l2_line_bytes) : "memory");
  }
#endif
}

// Grid-stride loops: a grid that fills an H200 (132 SMs x 2048 threads) and any smaller GPU.
constexpr unsigned flush_blocks = 1024;
constexpr unsigned flush_block_threads = 256;

}  // namespace

// Enqueues the flush of `bytes` of `buffer` (at least 2 x L2, 128-byte aligned) on `stream`,
// its stores writing `value`: three kernels (device_kernels.hpp's flush_kernels counts them in a
// replay's graph). Returns cudaGetLastError() after the launches.
inline cudaError_t enqueue_l2_flush(void* buffer, std::size_t bytes, unsigned value,
                                    cudaStream_t stream) {
  const std::size_t count = bytes / sizeof(uint4);
  const std::size_t lines = bytes / l2_line_bytes;
  auto* words = static_cast<uint4*>(buffer);
  flush_kernel<true><<<flush_blocks, flush_block_threads, 0, stream>>>(words, count, value);
  discard_lines_kernel<<<flush_blocks, flush_block_threads, 0, stream>>>(static_cast<char*>(buffer),
                                                                         lines);
  flush_kernel<false><<<flush_blocks, flush_block_threads, 0, stream>>>(words, count, value);
  return cudaGetLastError();
}

}  // namespace jitbench::detail
