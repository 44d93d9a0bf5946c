#pragma once

#include <jitbench/cuda_types.hpp>
#include <jitbench/dtype.hpp>

#include <cstdint>
#include <string>
#include <type_traits>
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

// A non-owning view of one device buffer, handed to impls through `Launch::tensor()`. It does
// not convert to a pointer by itself: `data()` is untyped, `data_as<T>()` checks that T is the
// element type of the tensor's dtype, and TensorView below converts at compile time.
class Tensor {
 public:
  Tensor() = default;
  Tensor(void* data, const TensorSpec* spec) : data_(data), spec_(spec) {}

  void* data() const { return data_; }
  const std::string& name() const { return spec_->name; }
  DType dtype() const { return spec_->dtype; }
  const std::vector<std::int64_t>& shape() const { return spec_->shape; }
  std::int64_t numel() const { return spec_->numel(); }
  std::int64_t size_bytes() const { return spec_->size_bytes(); }

  // The data as T*, where T is the element type of the dtype (jitbench::bf16 for bf16, see
  // cuda_types.hpp); throws std::invalid_argument naming the tensor and both dtypes otherwise.
  template <class T>
  T* data_as() const {
    expect_dtype(dtype_of<std::remove_const_t<T>>);
    return static_cast<T*>(data_);
  }

 private:
  void expect_dtype(DType requested) const;

  void* data_ = nullptr;
  const TensorSpec* spec_ = nullptr;
};

namespace detail {

// The conversions of a TensorView to untyped pointers: for data of any dtype (a copy takes
// void*), but not for index tensors, whose place is an index parameter of their own type.
template <class View, bool index>
class UntypedPointers {
 public:
  operator void*() const { return static_cast<const View*>(this)->data(); }
  operator const void*() const { return static_cast<const View*>(this)->data(); }
};
template <class View>
class UntypedPointers<View, true> {
 public:
  // Deleted rather than absent: T* would otherwise convert to void* on its own.
  operator void*() const = delete;
  operator const void*() const = delete;
};

}  // namespace detail

// A tensor whose element type T is known at compile time: what a generated impl function binds
// each tensor of the spec to. It converts to T* and const T* of its own element type only (and
// to void*, except for the index types int32 and int64), so that a bf16 tensor passed where a
// kernel takes float*, or two arguments swapped, is a compile error at the call:
//
//   const jitbench::TensorView<jitbench::bf16> x(launch.tensor(0));
//   kernels::scale(x, n, stream);   // error if scale takes float*
template <class T>
class TensorView : public detail::UntypedPointers<TensorView<T>, is_index_type<T>> {
 public:
  // Throws std::invalid_argument when the tensor's dtype is not T's.
  explicit TensorView(const Tensor& tensor) : tensor_(&tensor), data_(tensor.data_as<T>()) {}

  T* data() const { return data_; }
  const Tensor& tensor() const { return *tensor_; }
  DType dtype() const { return tensor_->dtype(); }
  const std::vector<std::int64_t>& shape() const { return tensor_->shape(); }
  std::int64_t numel() const { return tensor_->numel(); }
  std::int64_t size_bytes() const { return tensor_->size_bytes(); }

  // Implicit, so that call strings pass tensors as they are: kernel(y, x, stream).
  operator T*() const { return data_; }
  operator const T*() const { return data_; }

 private:
  const Tensor* tensor_;
  T* data_;
};

}  // namespace jitbench
