// silu_and_mul and gelu_tanh_and_mul, vectorized and naive, against double-precision formulas.

#include "kernels/activation.cuh"
#include "tests/kernels/kernel_test_support.cuh"

#include <cmath>
#include <cstdint>
#include <vector>

namespace kernel_tests {
namespace {

using kernels::Activation;

enum class Impl { vectorized, naive };

struct Shape {
  std::int64_t tokens;
  std::int64_t d;
};

// The issue's d on one token; d a multiple of 4 but not 8 (8-byte packs for 2-byte T), of 2
// only, odd, below the vector width; partial blocks; and a large one (many full blocks).
const Shape kShapes[] = {{1, 2048}, {3, 11008}, {1, 14336}, {5, 4096}, {300, 36},  {17, 6},
                         {7, 13},   {2, 4},     {65, 8},    {1, 1},    {33, 1000}, {1056, 8192}};

double reference_activation(Activation act, double x) {
  if (act == Activation::silu) return x / (1.0 + std::exp(-x));
  const double k = std::sqrt(2.0 / std::acos(-1.0));
  return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
}

template <class T>
void check_act_and_mul(Activation act, Impl impl, const Shape& s, std::size_t offset_elems = 0) {
  SCOPED_TRACE(::testing::Message()
               << (act == Activation::silu ? "silu" : "gelu_tanh") << ", tokens " << s.tokens
               << ", d " << s.d << ", x offset " << offset_elems);
  const auto out_count = static_cast<std::size_t>(s.tokens * s.d);
  // Gates wide enough to reach both tails of the activation.
  std::vector<T> x_host = random_values<T>(2 * out_count, -6.0, 6.0, 7);
  DeviceBuffer<T> x(x_host.size(), offset_elems * sizeof(T));
  DeviceBuffer<T> out(out_count);
  x.upload(x_host);
  out.poison();

  if (act == Activation::silu) {
    if (impl == Impl::vectorized) {
      kernels::silu_and_mul_vectorized<T>(out.data(), x.data(), s.tokens, s.d, nullptr);
    } else {
      kernels::silu_and_mul_naive<T>(out.data(), x.data(), s.tokens, s.d, nullptr);
    }
  } else {
    if (impl == Impl::vectorized) {
      kernels::gelu_tanh_and_mul_vectorized<T>(out.data(), x.data(), s.tokens, s.d, nullptr);
    } else {
      kernels::gelu_tanh_and_mul_naive<T>(out.data(), x.data(), s.tokens, s.d, nullptr);
    }
  }
  finish("act_and_mul");

  std::vector<double> want(out_count);
  for (std::int64_t t = 0; t < s.tokens; ++t) {
    for (std::int64_t i = 0; i < s.d; ++i) {
      const double gate = to_double(x_host[t * 2 * s.d + i]);
      const double up = to_double(x_host[t * 2 * s.d + s.d + i]);
      want[t * s.d + i] = reference_activation(act, gate) * up;
    }
  }
  EXPECT_TRUE(all_close(out.download(), want));
  EXPECT_TRUE(out.guards_intact()) << "write outside out";
  EXPECT_TRUE(x.guards_intact()) << "write outside x";
}

template <class T>
void check_all_shapes(Activation act, Impl impl) {
  for (const Shape& s : kShapes) check_act_and_mul<T>(act, impl, s);
}

template <class T>
class ActAndMul : public ::testing::Test {};
TYPED_TEST_SUITE(ActAndMul, FloatTypes);

TYPED_TEST(ActAndMul, SiluVectorized) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Activation::silu, Impl::vectorized);
}

TYPED_TEST(ActAndMul, SiluNaive) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Activation::silu, Impl::naive);
}

TYPED_TEST(ActAndMul, GeluTanhVectorized) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Activation::gelu_tanh, Impl::vectorized);
}

TYPED_TEST(ActAndMul, GeluTanhNaive) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Activation::gelu_tanh, Impl::naive);
}

TYPED_TEST(ActAndMul, MisalignedInputUsesNarrowerPacks) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_act_and_mul<TypeParam>(Activation::silu, Impl::vectorized, {3, 2048}, 1);
  check_act_and_mul<TypeParam>(Activation::gelu_tanh, Impl::vectorized, {5, 4096}, 2);
}

}  // namespace
}  // namespace kernel_tests
