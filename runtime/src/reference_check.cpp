#include "reference_check.hpp"

#include "device_kernels.hpp"
#include "gpu_wait.hpp"
#include "timers.hpp"

#include <cstring>

namespace jitbench::detail {

ReferenceCheck::ReferenceCheck(const BenchmarkDesc& desc, const CaseSpec& spec,
                               const TensorPool& pool, const ImplFunction& reference,
                               std::uint64_t seed, DeviceContext& device)
    : desc_(desc),
      pool_(pool),
      seed_(seed),
      device_(device),
      outputs_(output_tensors(spec)),
      stats_(allocate_device(sizeof(CompareStats))) {
  refill_and_run(reference);
  for (std::size_t t : outputs_) {
    const Tensor& out = pool_.tensors(0)[t];
    expected_.push_back(allocate_device(static_cast<std::size_t>(out.size_bytes())));
    JITBENCH_CUDA(cudaMemcpyAsync(expected_.back().get(), out.data(),
                                  static_cast<std::size_t>(out.size_bytes()),
                                  cudaMemcpyDeviceToDevice, device_.timed_stream()));
  }
  wait_for(device_.timed_stream(), "the copy of the reference's outputs", 0);
}

void ReferenceCheck::refill_and_run(const ImplFunction& impl) {
  pool_.fill(seed_, 1, device_.timed_stream());
  run_call(impl, pool_, 0, device_.timed_stream());
}

CheckResult ReferenceCheck::check(const ImplFunction& impl) {
  refill_and_run(impl);
  CheckResult result;
  result.checked = true;
  cudaStream_t stream = device_.timed_stream();
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    const Tensor& out = pool_.tensors(0)[outputs_[i]];
    const double tolerance = desc_.tolerance_for(out.dtype());
    auto* stats = static_cast<CompareStats*>(stats_.get());
    JITBENCH_CUDA(cudaMemsetAsync(stats, 0, sizeof(CompareStats), stream));
    launch_compare(out.data(), expected_[i].get(), out.dtype(), out.numel(), tolerance, stats,
                   stream);
    CompareStats host{};
    JITBENCH_CUDA(cudaMemcpyAsync(&host, stats, sizeof(host), cudaMemcpyDeviceToHost, stream));
    wait_for(stream, "the comparison with the reference's outputs", 0);

    const auto error_bits = static_cast<std::uint32_t>(host.worst >> 32);
    float error = 0;
    std::memcpy(&error, &error_bits, sizeof(error));
    if (i == 0 || error > result.max_error) {
      result.max_error = error;
      result.tolerance = tolerance;
      result.tensor = pool_.specs()[outputs_[i]].name;
      result.index = static_cast<std::int64_t>(host.worst & 0xffffffffull);
    }
    result.mismatches += static_cast<std::int64_t>(host.mismatches);
  }
  result.passed = result.mismatches == 0;
  return result;
}

}  // namespace jitbench::detail
