#include "tensor_pool.hpp"

#include "device_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace jitbench::detail {

namespace {

constexpr std::size_t alignment = 256;

std::size_t aligned(std::int64_t bytes) {
  const auto b = static_cast<std::size_t>(bytes);
  return (b + alignment - 1) / alignment * alignment;
}

std::uint64_t tensor_seed(std::uint64_t seed, const std::string& name) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return seed ^ h;
}

// `count` distinct values from [0, range), as the tensor's integer dtype.
std::vector<unsigned char> make_permutation(const TensorSpec& spec, std::uint64_t seed) {
  const std::int64_t count = spec.numel();
  const std::int64_t range = spec.init.range;
  if (spec.dtype != DType::int32 && spec.dtype != DType::int64) {
    throw std::invalid_argument("tensor '" + spec.name + "': randperm needs int32 or int64");
  }
  if (count > range) {
    throw std::invalid_argument("tensor '" + spec.name + "': randperm(" + std::to_string(range) +
                                ") cannot give " + std::to_string(count) + " distinct values");
  }
  std::vector<std::int64_t> values(static_cast<std::size_t>(range));
  std::iota(values.begin(), values.end(), std::int64_t{0});
  std::mt19937_64 rng(seed);
  for (std::int64_t i = 0; i < count; ++i) {  // partial Fisher-Yates: the first count are drawn
    std::uniform_int_distribution<std::int64_t> pick(i, range - 1);
    std::swap(values[static_cast<std::size_t>(i)], values[static_cast<std::size_t>(pick(rng))]);
  }
  std::vector<unsigned char> bytes(static_cast<std::size_t>(spec.size_bytes()));
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int64_t v = values[static_cast<std::size_t>(i)];
    if (spec.dtype == DType::int64) {
      std::memcpy(bytes.data() + i * 8, &v, 8);
    } else {
      const auto v32 = static_cast<std::int32_t>(v);
      std::memcpy(bytes.data() + i * 4, &v32, 4);
    }
  }
  return bytes;
}

}  // namespace

ColdFootprint TensorPool::cold_footprint(const CaseSpec& spec) {
  ColdFootprint footprint;
  for (const TensorSpec& tensor : spec.tensors) {
    if (!tensor.cold) continue;
    const auto copy = static_cast<std::int64_t>(aligned(tensor.size_bytes()));
    bool whole = true;  // until a term declares part of it
    double declared = 0;
    bool named_whole = false;
    for (const auto* terms : {&spec.reads, &spec.writes}) {
      for (const Traffic& term : *terms) {
        if (term.tensor != tensor.name) continue;
        named_whole = named_whole || !term.bytes;
        if (term.bytes) {
          whole = false;
          declared = std::max(declared, *term.bytes);
        }
      }
    }
    whole = whole || named_whole;
    // An empty tensor leaves the plan warm: there is nothing of it to keep out of L2.
    if (copy > 0) footprint.copy_bytes += copy + static_cast<std::int64_t>(guard_bytes);
    footprint.touched_bytes +=
        whole ? copy : std::min(copy, static_cast<std::int64_t>(std::ceil(declared)));
  }
  return footprint;
}

std::int64_t TensorPool::shared_bytes(const std::vector<TensorSpec>& specs) {
  const auto guard = static_cast<std::int64_t>(guard_bytes);
  std::int64_t total = 0;
  for (const TensorSpec& s : specs) {
    total += guard + (s.cold ? 0 : static_cast<std::int64_t>(aligned(s.size_bytes())) + guard);
  }
  return total;
}

TensorPool::TensorPool(const std::vector<TensorSpec>& specs, int copies)
    : specs_(specs), views_(static_cast<std::size_t>(copies)) {
  for (const TensorSpec& spec : specs_) {
    const std::size_t copy = aligned(spec.size_bytes()) + guard_bytes;
    const std::size_t stride = spec.cold ? copy : 0;
    const std::size_t total =
        guard_bytes + (spec.cold ? stride * static_cast<std::size_t>(copies) : copy);
    memory_.push_back(allocate_device(total));
    stride_.push_back(stride);
  }
  for (int c = 0; c < copies; ++c) {
    for (std::size_t t = 0; t < specs_.size(); ++t) {
      char* base = static_cast<char*>(memory_[t].get()) + guard_bytes;
      views_[static_cast<std::size_t>(c)].emplace_back(
          base + stride_[t] * static_cast<std::size_t>(c), &specs_[t]);
    }
  }
}

TensorPool::Guard TensorPool::guard(int copy, std::size_t tensor) const {
  const Tensor& view = views_[static_cast<std::size_t>(copy)][tensor];
  char* data = static_cast<char*>(view.data());
  const auto size = static_cast<std::size_t>(view.size_bytes());
  return {data - guard_bytes, data + size, aligned(view.size_bytes()) - size + guard_bytes};
}

void TensorPool::fill(std::uint64_t seed, int copies, cudaStream_t stream) const {
  for (std::size_t t = 0; t < specs_.size(); ++t) {
    const TensorSpec& spec = specs_[t];
    const int n = spec.cold ? copies : 1;
    const std::uint64_t s = tensor_seed(seed, spec.name);
    if (spec.init.kind != TensorInit::Kind::randperm) {
      launch_fill(static_cast<char*>(memory_[t].get()) + guard_bytes, n, stride_[t], spec.dtype,
                  spec.numel(), spec.init, s, stream);
      continue;
    }
    // Each copy draws its own permutation: a scatter through rotated indices then touches other
    // rows on every call, as it would in a model, instead of the same rows staying in L2.
    char* base = static_cast<char*>(memory_[t].get()) + guard_bytes;
    for (int c = 0; c < n; ++c) {
      const std::vector<unsigned char> bytes = make_permutation(spec, s + static_cast<unsigned>(c));
      // On the given stream, so that the calls after the fill see this copy too, and waited
      // for here: `bytes` is pageable and dies with this scope. (A plain cudaMemcpy from
      // pageable memory may return before its DMA lands, on the legacy stream.)
      JITBENCH_CUDA(cudaMemcpyAsync(base + stride_[t] * static_cast<std::size_t>(c), bytes.data(),
                                    bytes.size(), cudaMemcpyHostToDevice, stream));
      JITBENCH_CUDA(cudaStreamSynchronize(stream));
    }
  }
}

}  // namespace jitbench::detail
