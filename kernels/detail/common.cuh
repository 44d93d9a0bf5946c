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

#include <type_traits>
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

// n / d for n < 2^31 by a multiply-high, an add and a shift, d fixed for the launch
// (Granlund and Montgomery's round-up method: l = ceil(log2 d), mul = 2^32 (2^l - d) / d + 1;
// make_fast_div below).
struct FastDiv32 {
  std::uint32_t mul = 1;
  std::uint32_t shift = 0;
};

__device__ __forceinline__ std::uint32_t divide(std::uint32_t n, std::uint32_t, FastDiv32 f) {
  return (__umulhi(n, f.mul) + n) >> f.shift;
}
__device__ __forceinline__ std::uint64_t divide(std::uint64_t n, std::uint64_t d, FastDiv32) {
  return n / d;
}

// L2 eviction priority of a load (sm_80 and later; a plain load before). Which hint makes a
// kernel faster was measured, kernel by kernel, on the H200 behind jitbench's flush, which leaves
// the L2 full of dirty lines (docs/results.md, issue 17): inputs read once (activation's x,
// store_cache's rows) are loaded evict_first while they fit in half the L2, and store_cache's
// slot of a token, which every thread of the token reads, evict_last. evict_last on inputs read
// once is avoided: the lines it leaves crowd out the next kernels' own
// (docs/experiments/l2_evict_last_aftereffect.cu).
enum class L2Hint { none, evict_first, evict_last };

template <L2Hint H>
__device__ __forceinline__ std::uint64_t l2_policy() {
  std::uint64_t policy = 0;
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  if constexpr (H == L2Hint::evict_first) {
    asm("createpolicy.fractional.L2::evict_first.b64 %0, 1.0;" : "=l"(policy));
  } else if constexpr (H == L2Hint::evict_last) {
    asm("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(policy));
  }
#endif
  return policy;
}

// A coherent global load of one word (1, 2, 4, 8 or 16 bytes) with the L2 hint H. The asm is not
// volatile: the compiler may move and merge these loads like ordinary ones.
template <L2Hint H, class W>
__device__ __forceinline__ W load_global(const W* p) {
  static_assert(
      sizeof(W) == 1 || sizeof(W) == 2 || sizeof(W) == 4 || sizeof(W) == 8 || sizeof(W) == 16,
      "a word of 1, 2, 4, 8 or 16 bytes");
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  if constexpr (H != L2Hint::none) {
    const std::uint64_t policy = l2_policy<H>();
    const auto at = __cvta_generic_to_global(p);
    W w;
    if constexpr (sizeof(W) == 16) {
      auto* r = reinterpret_cast<std::uint32_t*>(&w);
      asm("ld.global.L2::cache_hint.v4.u32 {%0, %1, %2, %3}, [%4], %5;"
          : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
          : "l"(at), "l"(policy));
    } else if constexpr (sizeof(W) == 8) {
      auto* r = reinterpret_cast<std::uint64_t*>(&w);
      asm("ld.global.L2::cache_hint.u64 %0, [%1], %2;" : "=l"(*r) : "l"(at), "l"(policy));
    } else if constexpr (sizeof(W) == 4) {
      auto* r = reinterpret_cast<std::uint32_t*>(&w);
      asm("ld.global.L2::cache_hint.u32 %0, [%1], %2;" : "=r"(*r) : "l"(at), "l"(policy));
    } else if constexpr (sizeof(W) == 2) {
      auto* r = reinterpret_cast<std::uint16_t*>(&w);
      asm("ld.global.L2::cache_hint.u16 %0, [%1], %2;" : "=h"(*r) : "l"(at), "l"(policy));
    } else {
      std::uint16_t r;
      asm("ld.global.L2::cache_hint.u8 %0, [%1], %2;" : "=h"(r) : "l"(at), "l"(policy));
      w = static_cast<W>(r);
    }
    return w;
  }
#endif
  return *p;
}

#ifndef __CUDACC_RTC__

inline FastDiv32 make_fast_div(std::uint32_t d) {
  FastDiv32 f;
  std::uint32_t l = 0;
  while ((std::uint64_t{1} << l) < d) ++l;
  f.shift = l;
  f.mul = static_cast<std::uint32_t>(
      ((std::uint64_t{1} << 32) * ((std::uint64_t{1} << l) - d)) / d + 1);
  return f;
}

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
  std::int64_t l2_bytes = 0;
};

inline DeviceShape current_device_shape() {
  int device = 0;
  int sms = 0;
  int threads_per_sm = 0;
  int cc_major = 0;
  int l2_bytes = 0;
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
    if (cudaDeviceGetAttribute(&l2_bytes, cudaDevAttrL2CacheSize, device) == cudaSuccess) {
      shape.l2_bytes = l2_bytes;
    }
  }
  return shape;
}

inline bool supports_overlap_previous(const DeviceShape& device) { return device.cc_major >= 9; }

// Calls launch(hint), hint a std::integral_constant<L2Hint, H> with H the L2 hint of a call's
// inputs read once (bytes_read_once; see L2Hint): evict_first while they fit in half the L2,
// none beyond, where the hint cost store_cache 1-1.5% a call on the H200. The launch names its
// kernel's instance with decltype(hint)::value.
template <class Launch>
void with_read_once_hint(std::int64_t bytes_read_once, const DeviceShape& device, Launch&& launch) {
  if (bytes_read_once <= device.l2_bytes / 2) {
    launch(std::integral_constant<L2Hint, L2Hint::evict_first>{});
  } else {
    launch(std::integral_constant<L2Hint, L2Hint::none>{});
  }
}

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
