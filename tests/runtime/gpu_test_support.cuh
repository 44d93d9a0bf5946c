#pragma once

// What the runtime's GPU tests share: the skip when there is no device, quick settings, and a
// small benchmark description to run cases through.

#include "case_runner.hpp"
#include "ctest_resources.hpp"
#include "device.hpp"
#include "device_problem.hpp"
#include <jitbench/benchmark.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#define JITBENCH_REQUIRE_GPU()                                                   \
  do {                                                                           \
    const int ordinal = ::jitbench::testing::test_device();                      \
    if (const auto problem = ::jitbench::detail::find_device_problem(ordinal)) { \
      GTEST_SKIP() << *problem;                                                  \
    }                                                                            \
  } while (false)

namespace jitbench::testing {

// The GPU CTest handed this test (the gpu tests claim one, as benchmarks do), or 0.
inline int test_device() {
  return detail::ctest_gpu(std::getenv("CTEST_RESOURCE_GROUP_COUNT"),
                           std::getenv("CTEST_RESOURCE_GROUP_0_GPUS"))
      .value_or(0);
}

inline MeasureSettings quick_settings() {
  MeasureSettings s;
  s.stopping.min_time_s = 0.005;
  s.stopping.timeout_s = 2.0;
  s.stopping.max_noise = 0.01;
  return s;
}

// One device context for the whole test binary: made once, like in a benchmark.
inline detail::DeviceContext& device() {
  static detail::DeviceContext context = [] {
    detail::DeviceContext c(test_device());
    c.measure_copy_peak();
    return c;
  }();
  return context;
}

template <class T>
__global__ void copy_elements(const T* src, T* dst, std::int64_t n) {
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < n;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    dst[i] = src[i];
  }
}

inline void launch_copy(const float* src, float* dst, std::int64_t n, cudaStream_t stream) {
  copy_elements<float><<<264, 512, 0, stream>>>(src, dst, n);
}

// A case of one src and one dst tensor of n floats; writes dst.
inline CaseSpec copy_case(std::int64_t n, std::vector<ImplFunction> impls) {
  CaseSpec c;
  c.param_values = {std::to_string(n)};
  c.tensors = {{"src", DType::fp32, {n}}, {"dst", DType::fp32, {n}}};
  c.reads = {{"src"}};
  c.writes = {{"dst"}};
  c.impls = std::move(impls);
  return c;
}

inline ImplFunction copy_impl(std::int64_t n) {
  return [n](Launch& l) {
    launch_copy(l.tensor(0).data_as<float>(), l.tensor(1).data_as<float>(), n, l.stream());
  };
}

inline BenchmarkDesc desc_for(std::vector<std::string> impl_names, std::string reference = "") {
  BenchmarkDesc desc;
  desc.name = "test";
  desc.param_names = {"n"};
  desc.impl_names = std::move(impl_names);
  desc.reference = std::move(reference);
  return desc;
}

inline CaseResult run_case(const BenchmarkDesc& desc, const CaseSpec& spec,
                           const MeasureSettings& settings = quick_settings()) {
  detail::CaseRunner runner(desc, settings, device(), [](const std::string&) {});
  std::vector<std::size_t> impls;
  for (std::size_t i = 0; i < desc.impl_names.size(); ++i) impls.push_back(i);
  return runner.run(spec, impls);
}

}  // namespace jitbench::testing
