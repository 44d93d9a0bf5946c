// Typed tensors and the launch status check: what generated impl functions rely on, without a
// GPU. The compile-time half is what makes a bf16 tensor passed to float* a build error.

#include <jitbench/cuda_check.hpp>
#include <jitbench/launch_check.hpp>
#include <jitbench/tensor.hpp>

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

namespace jitbench {
namespace {

template <class View, class Pointer>
constexpr bool converts = std::is_convertible_v<const View&, Pointer>;

static_assert(converts<TensorView<bf16>, bf16*> && converts<TensorView<bf16>, const bf16*>);
static_assert(converts<TensorView<bf16>, void*> && converts<TensorView<bf16>, const void*>);
static_assert(!converts<TensorView<bf16>, float*> && !converts<TensorView<bf16>, fp16*>);
static_assert(!converts<TensorView<float>, const double*>);
static_assert(converts<TensorView<uint8>, void*>, "bytes go where a copy takes void*");
// Index tensors: their own integer type only.
static_assert(converts<TensorView<int64>, const int64*> && converts<TensorView<int32>, int32*>);
static_assert(!converts<TensorView<int64>, const int32*> && !converts<TensorView<int32>, float*>);
static_assert(!converts<TensorView<int64>, void*> && !converts<TensorView<int32>, const void*>);
// A plain Tensor has no implicit conversion left.
static_assert(!converts<Tensor, float*> && !converts<Tensor, void*>);

TEST(TensorView, PointsAtTheTensorsDataAndKnowsItsShape) {
  float storage[6] = {};
  const TensorSpec spec("x", DType::fp32, {2, 3});
  const Tensor tensor(storage, &spec);
  const TensorView<float> view(tensor);
  const float* data = view;
  EXPECT_EQ(data, storage);
  EXPECT_EQ(view.data(), storage);
  EXPECT_EQ(view.numel(), 6);
  EXPECT_EQ(view.size_bytes(), 24);
  EXPECT_EQ(view.shape(), (std::vector<std::int64_t>{2, 3}));
}

TEST(TensorView, OfAnotherElementTypeIsAnError) {
  std::uint16_t storage[4] = {};
  const TensorSpec spec("q", DType::bf16, {4});
  const Tensor tensor(storage, &spec);
  EXPECT_EQ(tensor.data_as<bf16>(), static_cast<void*>(storage));
  try {
    tensor.data_as<float>();
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "tensor 'q' holds bf16, not fp32");
  }
  EXPECT_THROW(TensorView<fp16>{tensor}, std::invalid_argument);
}

TEST(LaunchCheck, AnErrorReturnedByALauncherNamesTheImpl) {
  try {
    check_launch("fused", [] { return cudaErrorInvalidValue; });
    FAIL() << "no error";
  } catch (const CudaError& e) {
    EXPECT_EQ(e.code(), cudaErrorInvalidValue);
    EXPECT_STREQ(e.what(), "impl 'fused' returned cudaErrorInvalidValue (invalid argument)");
  }
}

TEST(LaunchCheck, SuccessNothingAndOtherResultsPass) {
  int calls = 0;
  check_launch("a", [&] { return ++calls, cudaSuccess; });
  check_launch("b", [&] { ++calls; });
  check_launch("c", [&] { return ++calls; });  // not a status: accepted as it is
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace jitbench
