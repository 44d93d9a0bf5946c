#include <jitbench/tensor.hpp>

#include <stdexcept>

namespace jitbench {

std::int64_t TensorSpec::numel() const {
  std::int64_t n = 1;
  for (std::int64_t extent : shape) n *= extent;
  return n;
}

std::int64_t TensorSpec::size_bytes() const {
  return numel() * static_cast<std::int64_t>(dtype_size_bytes(dtype));
}

void Tensor::expect_dtype(DType requested) const {
  if (requested == dtype()) return;
  throw std::invalid_argument("tensor '" + name() + "' holds " + std::string(dtype_name(dtype())) +
                              ", not " + std::string(dtype_name(requested)));
}

}  // namespace jitbench
