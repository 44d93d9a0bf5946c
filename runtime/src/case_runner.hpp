#pragma once

#include "device.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/result.hpp>
#include <jitbench/settings.hpp>

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace jitbench::detail {

// A CUDA error after which the context is unusable. Carries the row of the impl that caused it
// (the reference's too when it is not selected), so that the case can be measured again in a new
// process without it (worker_process.hpp).
class StickyCudaError : public std::runtime_error {
 public:
  StickyCudaError(const std::string& what, ImplResult culprit)
      : std::runtime_error(what), culprit_(std::move(culprit)) {}
  const ImplResult& culprit() const { return culprit_; }

 private:
  ImplResult culprit_;
};

// An impl's work on the GPU that never completed (gpu_wait.hpp). Carries the case's row, the
// hung impl marked, so that the run can report it; the process must then end, because the work
// cannot be stopped.
class HungImpl : public std::runtime_error {
 public:
  HungImpl(const std::string& what, CaseResult partial)
      : std::runtime_error(what), partial_(std::move(partial)) {}
  const CaseResult& partial() const { return partial_; }

 private:
  CaseResult partial_;
};

// Measures one case, as a script (case_runner.cpp): get the JIT impls' kernels ready, allocate
// the inputs and their cold-L2 copies, check every impl against the reference, prepare a timer
// for each impl, sample them interleaved until quiet, summarise. Every failure of an impl becomes
// its row's status and reason, which names the phase it failed in; only a sticky CUDA error
// (StickyCudaError) and a hang (HungImpl) escape. Every wait for the GPU is under the process's
// watch, with --hang-timeout as its limit.
class CaseRunner {
 public:
  using ImplStarted = std::function<void(const std::string& impl)>;

  CaseRunner(const BenchmarkDesc& desc, const MeasureSettings& settings, DeviceContext& device,
             ImplStarted on_impl);

  // The row of `spec` for the impls of `impls` (indices into desc.impl_names), in that order.
  // The impls of `lost` lost the CUDA context in this case in an earlier process: they are not
  // run again, and their rows are the ones given; when the reference is one, nothing is checked.
  CaseResult run(const CaseSpec& spec, const std::vector<std::size_t>& impls,
                 const std::vector<ImplResult>& lost = {});

 private:
  const BenchmarkDesc& desc_;
  const MeasureSettings& settings_;
  DeviceContext& device_;
  ImplStarted on_impl_;
};

}  // namespace jitbench::detail
