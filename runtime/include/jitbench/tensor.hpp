#pragma once

#include <jitbench/dtype.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jitbench {

// How a tensor's contents are made before each correctness check and before timing. Filling is
// deterministic: the same seed, tensor and shape give the same bytes on every run and device.
struct TensorInit {
  enum class Kind { random, zeros, ones, arange, randperm };
  Kind kind = Kind::random;
  double low = -1.0;  // random: uniform in [low, high)
  double high = 1.0;
  std::int64_t range = 0;  // randperm: distinct values drawn from [0, range)
};

// What a case declares about one tensor. Cold tensors get one buffer per rotation copy; the
// others (weights, tables: `cold: false`) are shared by all copies and may stay in L2.
struct TensorSpec {
  TensorSpec() = default;
  TensorSpec(std::string name_, DType dtype_, std::vector<std::int64_t> shape_, bool cold_ = true,
             TensorInit init_ = {})
      : name(std::move(name_)), dtype(dtype_), shape(std::move(shape_)), cold(cold_), init(init_) {}

  std::string name;
  DType dtype = DType::fp32;
  std::vector<std::int64_t> shape;
  bool cold = true;
  TensorInit init;

  std::int64_t numel() const;
  std::int64_t size_bytes() const;
};

// A non-owning view of one device buffer, handed to impls through `Launch::tensor()`. It
// converts to any typed pointer so that a call string reads `kernel(q, k, stream)`.
class Tensor {
 public:
  Tensor() = default;
  Tensor(void* data, const TensorSpec* spec) : data_(data), spec_(spec) {}

  void* data() const { return data_; }
  DType dtype() const { return spec_->dtype; }
  const std::vector<std::int64_t>& shape() const { return spec_->shape; }
  std::int64_t numel() const { return spec_->numel(); }
  std::int64_t size_bytes() const { return spec_->size_bytes(); }

  template <class T>
  T* data_as() const {
    return static_cast<T*>(data_);
  }
  template <class T>
  operator T*() const {  // NOLINT(google-explicit-constructor): call strings pass tensors as-is
    return static_cast<T*>(data_);
  }

 private:
  void* data_ = nullptr;
  const TensorSpec* spec_ = nullptr;
};

}  // namespace jitbench
