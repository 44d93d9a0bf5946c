#pragma once

// What the kernel tests share: the skip when there is no CUDA device, guarded device buffers,
// random host data in any element type, and comparison against a double-precision reference.

#include <gtest/gtest.h>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// Skips the test, so that CTest reports it as skipped, when no CUDA device can be used.
#define SKIP_WITHOUT_CUDA_DEVICE()                                                  \
  do {                                                                              \
    if (!::kernel_tests::cuda_device_available()) GTEST_SKIP() << "no CUDA device"; \
  } while (false)

namespace kernel_tests {

// The GPU CTest handed this test ("id:<n>,slots:1" in CTEST_RESOURCE_GROUP_0_GPUS: the gpu
// tests claim one, as benchmarks do), or 0 outside `ctest -j`.
inline int ctest_device() {
  const char* gpus = std::getenv("CTEST_RESOURCE_GROUP_0_GPUS");
  int id = 0;
  return gpus != nullptr && std::sscanf(gpus, "id:%d", &id) == 1 ? id : 0;
}

// Whether a CUDA device can be used; makes the one CTest handed the test current.
inline bool cuda_device_available() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    (void)cudaGetLastError();
    return false;
  }
  return count > ctest_device() && cudaSetDevice(ctest_device()) == cudaSuccess;
}

// Throws on a failed CUDA call; GoogleTest reports the exception as the test's failure.
inline void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
  }
}

// Waits for the launches queued on the default stream and fails on any launch or kernel error.
inline void finish(const char* what) {
  check(cudaGetLastError(), what);
  check(cudaDeviceSynchronize(), what);
}

// Enqueues enqueue(0) .. enqueue(calls - 1) on `stream`, captured into one CUDA graph and
// launched when in_graph, else as they come, and waits for them: the two ways dependent calls
// run in a model.
template <class Enqueue>
void run_calls(int calls, bool in_graph, cudaStream_t stream, Enqueue&& enqueue) {
  if (!in_graph) {
    for (int call = 0; call < calls; ++call) enqueue(call);
    check(cudaGetLastError(), "dependent calls");
    check(cudaStreamSynchronize(stream), "dependent calls");
    return;
  }
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t exec = nullptr;
  check(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal), "begin capture");
  for (int call = 0; call < calls; ++call) enqueue(call);
  check(cudaStreamEndCapture(stream, &graph), "end capture");
  check(cudaGraphInstantiate(&exec, graph, 0), "instantiate");
  check(cudaGraphLaunch(exec, stream), "graph launch");
  check(cudaStreamSynchronize(stream), "graph");
  check(cudaGraphExecDestroy(exec), "destroy graph exec");
  check(cudaGraphDestroy(graph), "destroy graph");
}

// count elements of T on the device, `offset_bytes` past a 256-byte boundary (to test
// misaligned pointers), between guard bytes filled with a pattern: a write outside
// [data(), data() + count) shows up in guards_intact() even without compute-sanitizer.
template <class T>
class DeviceBuffer {
 public:
  static constexpr std::size_t kGuardBytes = 256;
  static constexpr unsigned char kGuardByte = 0xA5;

  explicit DeviceBuffer(std::size_t count, std::size_t offset_bytes = 0)
      : count_(count), offset_(offset_bytes) {
    total_ = kGuardBytes + offset_ + bytes() + kGuardBytes;
    check(cudaMalloc(reinterpret_cast<void**>(&base_), total_), "cudaMalloc");
    check(cudaMemset(base_, kGuardByte, total_), "cudaMemset");
  }
  ~DeviceBuffer() { (void)cudaFree(base_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  T* data() const { return reinterpret_cast<T*>(base_ + kGuardBytes + offset_); }
  std::size_t count() const { return count_; }
  std::size_t bytes() const { return count_ * sizeof(T); }

  void upload(const std::vector<T>& host) {
    if (host.size() != count_) throw std::logic_error("upload: size mismatch");
    check(cudaMemcpy(data(), host.data(), bytes(), cudaMemcpyHostToDevice), "upload");
  }
  std::vector<T> download() const {
    std::vector<T> host(count_);
    check(cudaMemcpy(host.data(), data(), bytes(), cudaMemcpyDeviceToHost), "download");
    return host;
  }
  // All bits set: NaN in every floating-point type, so an element left unwritten fails.
  void poison() { check(cudaMemset(data(), 0xFF, bytes()), "poison"); }

  bool guards_intact() const {
    std::vector<unsigned char> all(total_);
    check(cudaMemcpy(all.data(), base_, total_, cudaMemcpyDeviceToHost), "download guards");
    const std::size_t begin = kGuardBytes + offset_;
    const std::size_t end = begin + bytes();
    for (std::size_t i = 0; i < total_; ++i) {
      if ((i < begin || i >= end) && all[i] != kGuardByte) return false;
    }
    return true;
  }

 private:
  std::size_t count_;
  std::size_t offset_;
  std::size_t total_ = 0;
  unsigned char* base_ = nullptr;
};

inline double to_double(float x) { return x; }
inline double to_double(__half x) { return __half2float(x); }
inline double to_double(__nv_bfloat16 x) { return __bfloat162float(x); }

template <class T>
T from_double(double x) {
  if constexpr (std::is_same_v<T, __half>) {
    return __float2half_rn(static_cast<float>(x));
  } else if constexpr (std::is_same_v<T, __nv_bfloat16>) {
    return __float2bfloat16_rn(static_cast<float>(x));
  } else {
    return static_cast<T>(x);
  }
}

// Uniform values in [low, high), rounded to T; the same seed gives the same data.
template <class T>
std::vector<T> random_values(std::size_t n, double low, double high, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> dist(low, high);
  std::vector<T> v(n);
  for (auto& x : v) x = from_double<T>(dist(gen));
  return v;
}

template <class T>
std::vector<double> to_doubles(const std::vector<T>& v) {
  std::vector<double> d(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) d[i] = to_double(v[i]);
  return d;
}

// |got - want| <= atol + rtol * |want|. rtol is about two roundings to T: the inputs are exact
// in T, so the kernels differ from the reference by the final rounding plus fp32 arithmetic.
struct Tolerance {
  double rtol;
  double atol;
};

template <class T>
Tolerance tolerance_for() {
  if constexpr (std::is_same_v<T, __nv_bfloat16>) {
    return {1e-2, 1e-4};
  } else if constexpr (std::is_same_v<T, __half>) {
    return {2e-3, 1e-5};
  } else {
    return {1e-5, 1e-6};
  }
}

template <class T>
::testing::AssertionResult all_close(const std::vector<T>& got, const std::vector<double>& want,
                                     Tolerance tol = tolerance_for<T>()) {
  if (got.size() != want.size()) {
    return ::testing::AssertionFailure() << "size " << got.size() << " != " << want.size();
  }
  std::size_t bad = 0;
  std::size_t worst = 0;
  double worst_excess = -1.0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double g = to_double(got[i]);
    const double allowed = tol.atol + tol.rtol * std::fabs(want[i]);
    const double error = std::fabs(g - want[i]);
    if (!(error <= allowed)) {  // NaN fails too
      ++bad;
      const double excess = std::isnan(error) ? INFINITY : error - allowed;
      if (excess > worst_excess) {
        worst_excess = excess;
        worst = i;
      }
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << bad << " of " << got.size() << " elements differ; worst at [" << worst << "]: got "
         << to_double(got[worst]) << ", want " << want[worst] << " (rtol " << tol.rtol << ", atol "
         << tol.atol << ")";
}

// CTest names the typed tests after the type: QkNorm.Fused<__nv_bfloat16>.
using FloatTypes = ::testing::Types<__nv_bfloat16, __half, float>;

}  // namespace kernel_tests
