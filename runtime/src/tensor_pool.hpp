#pragma once

#include "cuda_resources.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/rotation.hpp>
#include <jitbench/tensor.hpp>

#include <cstdint>
#include <vector>

namespace jitbench::detail {

// The device memory of one case: `copies` copies of every cold tensor and one of every shared
// tensor, each tensor's copies in one allocation with a guard before and after each copy. Copy
// c's views share the shared tensors.
class TensorPool {
 public:
  // Throws OutOfMemory when an allocation fails.
  TensorPool(const std::vector<TensorSpec>& specs, int copies);

  const std::vector<Tensor>& tensors(int copy) const { return views_[copy]; }
  const std::vector<TensorSpec>& specs() const { return specs_; }

  // Writes every tensor's initial contents in copies [0, copies) (shared tensors once). Fills
  // are deterministic in (seed, tensor name, copy); all copies hold the same values except
  // randperm tensors, which draw one permutation a copy so that a scatter through rotated
  // indices touches other rows on every call.
  void fill(std::uint64_t seed, int copies, cudaStream_t stream) const;

  // What one copy of the case's cold tensors holds (with the guard after each), and what one
  // call touches of them: for each, the bytes its `reads`/`writes` terms declare (the largest,
  // where it has several), or the whole tensor where a term names it whole or none names it.
  static ColdFootprint cold_footprint(const CaseSpec& spec);
  // What the tensors that are not rotated take, with their guards, and the guard before the
  // first copy of each rotated one.
  static std::int64_t shared_bytes(const std::vector<TensorSpec>& specs);

  // Bytes of device memory around a tensor's copy that no call may write: the correctness check
  // fills them before a call and looks at them after it (a write past the end of a tensor would
  // otherwise land in the next copy or the alignment padding, unseen). Each is guard_bytes
  // before the copy, and from its end to the next copy's guard after it.
  static constexpr std::size_t guard_bytes = 256;
  struct Guard {
    char* before;
    char* after;
    std::size_t after_bytes;
  };
  Guard guard(int copy, std::size_t tensor) const;

 private:
  std::vector<TensorSpec> specs_;
  std::vector<DeviceMemory> memory_;  // one a tensor
  std::vector<std::size_t> stride_;   // bytes between copies of a tensor (0 when shared)
  std::vector<std::vector<Tensor>> views_;
  std::vector<DeviceMemory> permutations_;  // randperm values, made once on the host
};

}  // namespace jitbench::detail
