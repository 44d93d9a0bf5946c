#pragma once

// Pieces shared by the kernels in kernels/: packed vectors, fp32 conversions, alignment checks
// and the launch-shape arithmetic. Private to kernels/; include the kernel headers instead.

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

namespace kernels::detail {

// The widest access a thread makes, in bytes: one LDG.E.128 / STG.E.128.
inline constexpr int kVectorBytes = 16;

// N elements of T as one aligned aggregate, so that loading or storing it is one vector access.
// Accessing T objects through an aggregate that holds T is allowed by the aliasing rules, unlike
// punning them through uint4.
template <class T, int N>
struct alignas(sizeof(T) * N) Packed {
  T e[N];
};

// Elements of T in one 16-byte vector.
template <class T>
inline constexpr int kVecElems = kVectorBytes / static_cast<int>(sizeof(T));

__device__ __forceinline__ float to_float(float x) { return x; }
__device__ __forceinline__ float to_float(__half x) { return __half2float(x); }
__device__ __forceinline__ float to_float(__nv_bfloat16 x) { return __bfloat162float(x); }

template <class T>
__device__ __forceinline__ T from_float(float x);
template <>
__device__ __forceinline__ float from_float<float>(float x) {
  return x;
}
template <>
__device__ __forceinline__ __half from_float<__half>(float x) {
  return __float2half_rn(x);
}
template <>
__device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float x) {
  return __float2bfloat16_rn(x);
}

inline bool is_aligned(const void* p, std::size_t bytes) {
  return reinterpret_cast<std::uintptr_t>(p) % bytes == 0;
}

template <class I>
__host__ __device__ constexpr I ceil_div(I a, I b) {
  return (a + b - 1) / b;
}

// Grid sizes are capped here; kernels loop over the blocks of work they were not given, so any
// problem size is covered without overflowing gridDim.x.
inline constexpr std::int64_t kMaxGridBlocks = 0x7fffffff;

inline unsigned grid_blocks(std::int64_t work_blocks) {
  return static_cast<unsigned>(work_blocks < kMaxGridBlocks ? work_blocks : kMaxGridBlocks);
}

// What the current device can run at once. Launchers size their blocks from it so that small
// problems still spread over every multiprocessor. Attribute queries are legal during stream
// capture and cost well under a microsecond of host time.
struct DeviceShape {
  int sm_count = 1;
  int resident_threads = 2048;  // threads resident on the whole device at full occupancy
};

inline DeviceShape current_device_shape() {
  int device = 0;
  int sms = 0;
  int threads_per_sm = 0;
  DeviceShape shape;
  if (cudaGetDevice(&device) == cudaSuccess &&
      cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) == cudaSuccess &&
      cudaDeviceGetAttribute(&threads_per_sm, cudaDevAttrMaxThreadsPerMultiProcessor, device) ==
          cudaSuccess &&
      sms > 0 && threads_per_sm > 0) {
    shape.sm_count = sms;
    shape.resident_threads = sms * threads_per_sm;
  }
  return shape;
}

}  // namespace kernels::detail
