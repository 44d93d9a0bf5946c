#include "device_kernels.hpp"
#include "l2_flush.cuh"
#include <jitbench/cuda_check.hpp>
#include <jitbench/cuda_types.hpp>

#include <cmath>
#include <stdexcept>

namespace jitbench::detail {

namespace {

constexpr int block_threads = 256;

__host__ __device__ std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

__device__ std::uint64_t global_timer_ns() {
  std::uint64_t t;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
  return t;
}

unsigned grid_for(std::int64_t items) {
  const std::int64_t blocks = (items + block_threads - 1) / block_threads;
  return static_cast<unsigned>(blocks < 1 ? 1 : (blocks > 65535 * 8 ? 65535 * 8 : blocks));
}

template <class T>
__device__ T from_double(double v) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<long long>(floor(v)));
  } else {
    return T(static_cast<float>(v));
  }
}
template <>
__device__ double from_double<double>(double v) {
  return v;
}

template <class T>
__device__ double to_double(T v) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<double>(v);
  } else {
    return static_cast<double>(static_cast<float>(v));
  }
}
template <>
__device__ double to_double<double>(double v) {
  return v;
}

template <class T>
__global__ void fill_kernel(char* base, std::size_t stride_bytes, std::int64_t numel,
                            TensorInit init, std::uint64_t seed) {
  T* data = reinterpret_cast<T*>(base + stride_bytes * blockIdx.y);
  const double scale = init.high - init.low;
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < numel;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    double v = 0;
    switch (init.kind) {
      case TensorInit::Kind::random: {
        const double unit = static_cast<double>(splitmix64(seed ^ splitmix64(i)) >> 11) * 0x1p-53;
        v = init.low + scale * unit;
        break;
      }
      case TensorInit::Kind::zeros:
        v = 0;
        break;
      case TensorInit::Kind::ones:
        v = 1;
        break;
      case TensorInit::Kind::arange:
      case TensorInit::Kind::randperm:
        v = static_cast<double>(i);
        break;
    }
    data[i] = from_double<T>(v);
  }
}

__global__ void wait_for_flag_kernel(const volatile int* flag, int* timed_out,
                                     std::uint64_t timeout_ns) {
  const std::uint64_t start = global_timer_ns();
  while (*flag == 0) {
    if (global_timer_ns() - start >= timeout_ns) {
      *timed_out = 1;
      return;
    }
  }
}

__global__ void clock_probe_kernel(ClockReading* reading, unsigned long long cycles) {
  const std::uint64_t start_ns = global_timer_ns();
  const long long start = clock64();
  while (static_cast<unsigned long long>(clock64() - start) < cycles) {
  }
  const long long stop = clock64();
  reading->ns = global_timer_ns() - start_ns;
  reading->cycles = static_cast<unsigned long long>(stop - start);
}

__global__ void sleep_kernel(std::uint64_t ns) {
  const std::uint64_t start = global_timer_ns();
  while (global_timer_ns() - start < ns) {
  }
}

template <class T>
__global__ void compare_kernel(const T* out, const T* ref, std::int64_t numel, double tolerance,
                               CompareStats* stats) {
  unsigned long long worst = 0;
  unsigned long long mismatches = 0;
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < numel;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    const double a = to_double(out[i]);
    const double b = to_double(ref[i]);
    double error = fabs(a - b) / (1.0 + fabs(b));
    if (isnan(error)) error = INFINITY;
    if (!(error <= tolerance)) ++mismatches;
    const float error_f = static_cast<float>(error);
    const unsigned long long key =
        (static_cast<unsigned long long>(__float_as_uint(error_f)) << 32) |
        static_cast<unsigned long long>(i < 0xffffffffll ? i : 0xffffffffll);
    if (key > worst) worst = key;
  }
  for (int offset = 16; offset > 0; offset /= 2) {
    const unsigned long long other_worst = __shfl_down_sync(0xffffffffu, worst, offset);
    const unsigned long long other_count = __shfl_down_sync(0xffffffffu, mismatches, offset);
    if (other_worst > worst) worst = other_worst;
    mismatches += other_count;
  }
  if (threadIdx.x % 32 == 0) {
    atomicMax(&stats->worst, worst);
    if (mismatches > 0) atomicAdd(&stats->mismatches, mismatches);
  }
}

// Each thread hashes its words with their positions; a wrapping sum is independent of the order
// in which threads add, so the fingerprint of the same bytes is the same on every run.
__global__ void fingerprint_kernel(const unsigned char* data, std::size_t bytes,
                                   unsigned long long* sum) {
  const std::size_t stride = std::size_t{gridDim.x} * blockDim.x;
  const std::size_t first = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x;
  const std::size_t words = reinterpret_cast<std::uintptr_t>(data) % 8 == 0 ? bytes / 8 : 0;
  const auto* word = reinterpret_cast<const std::uint64_t*>(data);
  unsigned long long local = 0;
  for (std::size_t i = first; i < words; i += stride) local += splitmix64(word[i] ^ splitmix64(i));
  for (std::size_t i = words * 8 + first; i < bytes; i += stride) {
    local += splitmix64(data[i] ^ splitmix64(~i));
  }
  for (int offset = 16; offset > 0; offset /= 2) {
    local += __shfl_down_sync(0xffffffffu, local, offset);
  }
  if (threadIdx.x % 32 == 0) atomicAdd(sum, local);
}

template <class F>
void dispatch_dtype(DType dtype, F&& f) {
  switch (dtype) {
#define JITBENCH_DISPATCH_DTYPE(name, ...) \
  case DType::name:                        \
    return f(name{});
    JITBENCH_DTYPES(JITBENCH_DISPATCH_DTYPE)
#undef JITBENCH_DISPATCH_DTYPE
  }
  throw std::logic_error("jitbench: unknown DType value");
}

}  // namespace

void launch_fingerprint(const void* data, std::size_t bytes, unsigned long long* sum,
                        cudaStream_t stream) {
  if (bytes == 0) return;
  fingerprint_kernel<<<grid_for(static_cast<std::int64_t>(bytes / 8 + 1)), block_threads, 0,
                       stream>>>(static_cast<const unsigned char*>(data), bytes, sum);
  JITBENCH_CUDA(cudaGetLastError());
}

void launch_fill(void* base, int copies, std::size_t stride_bytes, DType dtype, std::int64_t numel,
                 const TensorInit& init, std::uint64_t seed, cudaStream_t stream) {
  if (numel == 0 || copies == 0) return;
  const dim3 grid(grid_for(numel), static_cast<unsigned>(copies));
  dispatch_dtype(dtype, [&](auto element) {
    using T = decltype(element);
    fill_kernel<T><<<grid, block_threads, 0, stream>>>(static_cast<char*>(base), stride_bytes,
                                                       numel, init, seed);
  });
  JITBENCH_CUDA(cudaGetLastError());
}

void launch_flush(void* buffer, std::size_t bytes, cudaStream_t stream) {
  static unsigned generation = 0;
  JITBENCH_CUDA(enqueue_l2_flush(buffer, bytes, ++generation, stream));
}

void launch_wait_for_flag(const volatile int* flag, int* timed_out, std::uint64_t timeout_ns,
                          cudaStream_t stream) {
  wait_for_flag_kernel<<<1, 1, 0, stream>>>(flag, timed_out, timeout_ns);
  JITBENCH_CUDA(cudaGetLastError());
}

void launch_clock_probe(ClockReading* reading, unsigned long long cycles, cudaStream_t stream) {
  clock_probe_kernel<<<1, 1, 0, stream>>>(reading, cycles);
  JITBENCH_CUDA(cudaGetLastError());
}

void launch_sleep(std::uint64_t ns, cudaStream_t stream) {
  sleep_kernel<<<1, 1, 0, stream>>>(ns);
  JITBENCH_CUDA(cudaGetLastError());
}

void launch_compare(const void* out, const void* ref, DType dtype, std::int64_t numel,
                    double tolerance, CompareStats* stats, cudaStream_t stream) {
  if (numel == 0) return;
  dispatch_dtype(dtype, [&](auto element) {
    using T = decltype(element);
    compare_kernel<T><<<grid_for(numel), block_threads, 0, stream>>>(
        static_cast<const T*>(out), static_cast<const T*>(ref), numel, tolerance, stats);
  });
  JITBENCH_CUDA(cudaGetLastError());
}

}  // namespace jitbench::detail
