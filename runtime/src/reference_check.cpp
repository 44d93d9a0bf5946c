#include "reference_check.hpp"

#include "device_kernels.hpp"
#include "gpu_wait.hpp"
#include "timers.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace jitbench::detail {

ReferenceCheck::ReferenceCheck(const BenchmarkDesc& desc, const CaseSpec& spec,
                               const TensorPool& pool, const ImplFunction& reference,
                               std::uint64_t seed, DeviceContext& device)
    : desc_(desc),
      pool_(pool),
      seed_(seed),
      device_(device),
      outputs_(output_tensors(spec)),
      inputs_(input_tensors(spec)),
      fingerprints_(allocate_device(sizeof(unsigned long long) * (inputs_.size() + 1))),
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
  // The fill writes the same bytes every time: its fingerprints are taken once.
  if (filled_.size() != inputs_.size()) filled_ = input_fingerprints();
  fill_guards();
  run_call(impl, pool_, 0, device_.timed_stream());
  check_guards();
  const std::vector<unsigned long long> after = input_fingerprints();
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    if (after[i] == filled_[i]) continue;
    const std::string& name = pool_.specs()[inputs_[i]].name;
    throw std::runtime_error("changed its input '" + name + "': memory.read lists '" + name +
                             "' and memory.write does not, yet after the call it no longer " +
                             "holds what it was filled with (a call that writes it on purpose " +
                             "lists it under memory.write too)");
  }
}

void ReferenceCheck::fill_guards() {
  cudaStream_t stream = device_.timed_stream();
  for (std::size_t t = 0; t < pool_.specs().size(); ++t) {
    const TensorPool::Guard guard = pool_.guard(0, t);
    JITBENCH_CUDA(cudaMemsetAsync(guard.before, guard_fill, TensorPool::guard_bytes, stream));
    JITBENCH_CUDA(cudaMemsetAsync(guard.after, guard_fill, guard.after_bytes, stream));
  }
}

void ReferenceCheck::check_guards() {
  cudaStream_t stream = device_.timed_stream();
  std::vector<unsigned char> before(TensorPool::guard_bytes);
  std::vector<unsigned char> after;
  for (std::size_t t = 0; t < pool_.specs().size(); ++t) {
    const TensorPool::Guard guard = pool_.guard(0, t);
    after.resize(guard.after_bytes);
    JITBENCH_CUDA(cudaMemcpyAsync(before.data(), guard.before, before.size(),
                                  cudaMemcpyDeviceToHost, stream));
    JITBENCH_CUDA(
        cudaMemcpyAsync(after.data(), guard.after, after.size(), cudaMemcpyDeviceToHost, stream));
    wait_for(stream, "the bytes around the tensors", 0);
    const TensorSpec& spec = pool_.specs()[t];
    const auto changed = [](const std::vector<unsigned char>& bytes) {
      return std::find_if(bytes.begin(), bytes.end(),
                          [](unsigned char b) { return b != guard_fill; }) -
             bytes.begin();
    };
    const auto element =
        static_cast<std::ptrdiff_t>(spec.numel() > 0 ? spec.size_bytes() / spec.numel() : 1);
    if (const auto at = changed(after); at < static_cast<std::ptrdiff_t>(after.size())) {
      throw std::runtime_error(
          "wrote past the end of '" + spec.name + "': byte " + std::to_string(at) +
          " after its last element (in " + spec.name + "[" +
          std::to_string(spec.numel() + at / element) + "], of " + std::to_string(spec.numel()) +
          " elements) changed; run it under compute-sanitizer to find the write");
    }
    if (const auto at = changed(before); at < static_cast<std::ptrdiff_t>(before.size())) {
      const auto bytes_before = static_cast<std::ptrdiff_t>(before.size()) - at;
      throw std::runtime_error("wrote before the start of '" + spec.name + "': byte " +
                               std::to_string(bytes_before) + " before its first element (" +
                               spec.name + "[-" +
                               std::to_string((bytes_before + element - 1) / element) +
                               "]) changed; run it under compute-sanitizer to find the write");
    }
  }
}

std::vector<unsigned long long> ReferenceCheck::input_fingerprints() {
  std::vector<unsigned long long> host(inputs_.size());
  if (inputs_.empty()) return host;
  cudaStream_t stream = device_.timed_stream();
  auto* sums = static_cast<unsigned long long*>(fingerprints_.get());
  JITBENCH_CUDA(cudaMemsetAsync(sums, 0, sizeof(*sums) * inputs_.size(), stream));
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const Tensor& input = pool_.tensors(0)[inputs_[i]];
    launch_fingerprint(input.data(), static_cast<std::size_t>(input.size_bytes()), sums + i,
                       stream);
  }
  JITBENCH_CUDA(cudaMemcpyAsync(host.data(), sums, sizeof(*sums) * inputs_.size(),
                                cudaMemcpyDeviceToHost, stream));
  wait_for(stream, "the fingerprints of the inputs", 0);
  return host;
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
