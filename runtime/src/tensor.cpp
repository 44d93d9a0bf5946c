#include <jitbench/tensor.hpp>

namespace jitbench {

std::int64_t TensorSpec::numel() const {
  std::int64_t n = 1;
  for (std::int64_t extent : shape) n *= extent;
  return n;
}

std::int64_t TensorSpec::size_bytes() const {
  return numel() * static_cast<std::int64_t>(dtype_size_bytes(dtype));
}

}  // namespace jitbench
