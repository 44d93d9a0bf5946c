#pragma once

// Pieces shared by the kernels in kernels/: packed vectors, fp32 conversions, alignment checks
// and the launch-shape arithmetic. Private to kernels/; include the kernel headers instead.
//
// The kernel headers compile with nvcc (AOT impls) and with NVRTC (JIT impls: docs/spec.md),
// which compiles device code only: what needs the host (launchers, device queries) is inside
// `#ifndef __CUDACC_RTC__`. jitbench gives NVRTC <cstdint> and <cstddef>.

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#ifndef __CUDACC_RTC__
#include <cuda_runtime.h>
#endif

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

template <class I>
__host__ __device__ constexpr I ceil_div(I a, I b) {
  return (a + b - 1) / b;
}

// Programmatic dependent launch (sm_90 and later): a kernel launched by launch_kernel() with
// `overlap_previous` may be scheduled while the kernel before it in the stream is still
// draining, so that its launch and block start-up overlap that kernel's tail instead of
// following it. It must call wait_for_previous_grid() before its first global memory access:
// that returns once the previous kernel has completed and its writes are visible. Before
// sm_90 both device functions are no-ops.
__device__ __forceinline__ void wait_for_previous_grid() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

// Lets the next kernel in the stream be scheduled now rather than when this one exits.
__device__ __forceinline__ void allow_next_grid() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

#ifndef __CUDACC_RTC__

inline bool is_aligned(const void* p, std::size_t bytes) {
  return reinterpret_cast<std::uintptr_t>(p) % bytes == 0;
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
  int cc_major = 0;
};

inline DeviceShape current_device_shape() {
  int device = 0;
  int sms = 0;
  int threads_per_sm = 0;
  int cc_major = 0;
  DeviceShape shape;
  if (cudaGetDevice(&device) == cudaSuccess &&
      cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) == cudaSuccess &&
      cudaDeviceGetAttribute(&threads_per_sm, cudaDevAttrMaxThreadsPerMultiProcessor, device) ==
          cudaSuccess &&
      cudaDeviceGetAttribute(&cc_major, cudaDevAttrComputeCapabilityMajor, device) == cudaSuccess &&
      sms > 0 && threads_per_sm > 0) {
    shape.sm_count = sms;
    shape.resident_threads = sms * threads_per_sm;
    shape.cc_major = cc_major;
  }
  return shape;
}

inline bool supports_overlap_previous(const DeviceShape& device) { return device.cc_major >= 9; }

template <class... Params, class... Args>
void launch_kernel(void (*kernel)(Params...), dim3 grid, dim3 block, bool overlap_previous,
                   cudaStream_t stream, Args... args) {
  cudaLaunchAttribute overlap{};
  overlap.id = cudaLaunchAttributeProgrammaticStreamSerialization;
  overlap.val.programmaticStreamSerializationAllowed = 1;
  cudaLaunchConfig_t config{};
  config.gridDim = grid;
  config.blockDim = block;
  config.stream = stream;
  config.attrs = &overlap;
  config.numAttrs = overlap_previous ? 1 : 0;
  // An error is left for cudaGetLastError(), as a <<<>>> launch leaves it.
  static_cast<void>(cudaLaunchKernelEx(&config, kernel, static_cast<Params>(args)...));
}

#endif  // __CUDACC_RTC__

}  // namespace kernels::detail
