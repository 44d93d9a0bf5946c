#pragma once

#include "cuda_resources.hpp"
#include "device.hpp"
#include "tensor_pool.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/result.hpp>

#include <cstdint>
#include <vector>

namespace jitbench::detail {

// The correctness check of one case: the reference impl runs once on freshly filled inputs and
// its outputs (the tensors `writes` names) are kept; each impl then runs on the same inputs,
// filled again, and its outputs are compared element by element with the dtype's tolerance.
// Every call, the reference's too, must leave its inputs (the tensors `reads` names and `writes`
// does not) as they were filled, and write nothing in the bytes around any tensor: a call that
// does either throws, naming the tensor.
class ReferenceCheck {
 public:
  // Runs the reference; throws what it throws.
  ReferenceCheck(const BenchmarkDesc& desc, const CaseSpec& spec, const TensorPool& pool,
                 const ImplFunction& reference, std::uint64_t seed, DeviceContext& device);

  CheckResult check(const ImplFunction& impl);

 private:
  void refill_and_run(const ImplFunction& impl);
  std::vector<unsigned long long> input_fingerprints();
  // The guards of copy 0 (TensorPool::guard): filled before each call, and a call that changed
  // a byte of one throws, naming the tensor.
  void fill_guards();
  void check_guards();
  static constexpr unsigned char guard_fill = 0xa5;

  const BenchmarkDesc& desc_;
  const TensorPool& pool_;
  std::uint64_t seed_;
  DeviceContext& device_;
  std::vector<std::size_t> outputs_;
  std::vector<DeviceMemory> expected_;  // the reference's outputs, one a tensor in outputs_
  std::vector<std::size_t> inputs_;
  std::vector<unsigned long long> filled_;  // the inputs' fingerprints after the fill
  DeviceMemory fingerprints_;               // one a tensor in inputs_
  DeviceMemory stats_;
};

}  // namespace jitbench::detail
