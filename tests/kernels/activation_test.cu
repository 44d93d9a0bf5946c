// silu_and_mul and gelu_tanh_and_mul, vectorized and naive, against double-precision formulas.

#include "kernels/activation.cuh"
#include "tests/kernels/kernel_test_support.cuh"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kernel_tests {
namespace {

using kernels::Activation;

enum class Impl { vectorized, naive, wide_index };

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

  if (impl == Impl::wide_index) {
    // The 64-bit index kernel, which only outputs of 2^31 packs or more take, with 16-byte packs.
    constexpr int kPack = kernels::detail::kVecElems<T>;
    if (act == Activation::silu) {
      kernels::detail::launch_widest_pack<T, Activation::silu, kPack>(
          out.data(), x.data(), s.tokens, s.d, nullptr, true, /*force_wide_index=*/true);
    } else {
      kernels::detail::launch_widest_pack<T, Activation::gelu_tanh, kPack>(
          out.data(), x.data(), s.tokens, s.d, nullptr, true, /*force_wide_index=*/true);
    }
  } else if (act == Activation::silu) {
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

TYPED_TEST(ActAndMul, VectorizedWideIndex) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Activation::silu, Impl::wide_index);
  check_all_shapes<TypeParam>(Activation::gelu_tanh, Impl::wide_index);
}

TYPED_TEST(ActAndMul, MisalignedInputUsesNarrowerPacks) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_act_and_mul<TypeParam>(Activation::silu, Impl::vectorized, {3, 2048}, 1);
  check_act_and_mul<TypeParam>(Activation::gelu_tanh, Impl::vectorized, {5, 4096}, 2);
}

// The vectorized kernel starts while the kernel before it drains (programmatic dependent launch)
// and must still see that kernel's writes. A feeds B: A's output [tokens, d] read as B's input
// [tokens / 2, 2 * d]. The inputs of A alternate, so a B that read too early would read the
// output of the A before, and differ from the result of the same calls run one at a time.
template <class T>
void check_dependent_calls(bool in_graph) {
  constexpr std::int64_t kTokens = 1024;
  constexpr std::int64_t kD = 4096;
  constexpr int kCalls = 8;
  const auto a_out_count = static_cast<std::size_t>(kTokens * kD);
  const std::size_t b_out_count = a_out_count / 2;
  DeviceBuffer<T> a_in[2] = {DeviceBuffer<T>(2 * a_out_count), DeviceBuffer<T>(2 * a_out_count)};
  a_in[0].upload(random_values<T>(2 * a_out_count, -4.0, 4.0, 11));
  a_in[1].upload(random_values<T>(2 * a_out_count, -4.0, 4.0, 12));
  DeviceBuffer<T> a_out(a_out_count);
  DeviceBuffer<T> b_out(b_out_count * kCalls);
  const auto call_a = [&](int call, cudaStream_t stream) {
    kernels::silu_and_mul_vectorized<T>(a_out.data(), a_in[call % 2].data(), kTokens, kD, stream);
  };
  const auto call_b = [&](int call, cudaStream_t stream) {
    kernels::silu_and_mul_vectorized<T>(b_out.data() + b_out_count * call, a_out.data(),
                                        kTokens / 2, kD, stream);
  };
  const auto enqueue = [&](int call, cudaStream_t stream) {
    call_a(call, stream);
    call_b(call, stream);
  };

  cudaStream_t stream = nullptr;
  check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
  std::vector<std::vector<T>> one_at_a_time;
  for (int call = 0; call < 2; ++call) {
    b_out.poison();
    call_a(call, stream);
    check(cudaStreamSynchronize(stream), "call A");
    call_b(call, stream);
    check(cudaStreamSynchronize(stream), "call B");
    const std::vector<T> all = b_out.download();
    one_at_a_time.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(b_out_count * call),
                               all.begin() + static_cast<std::ptrdiff_t>(b_out_count * (call + 1)));
  }

  b_out.poison();
  run_calls(kCalls, in_graph, stream, [&](int call) { enqueue(call, stream); });
  check(cudaStreamDestroy(stream), "cudaStreamDestroy");

  const std::vector<T> chained = b_out.download();
  for (int call = 0; call < kCalls; ++call) {
    const std::vector<T>& want = one_at_a_time[static_cast<std::size_t>(call % 2)];
    EXPECT_EQ(
        0, std::memcmp(chained.data() + b_out_count * call, want.data(), b_out_count * sizeof(T)))
        << "call " << call << " read its input before the call that writes it had finished";
  }
}

TYPED_TEST(ActAndMul, DependentCallsOnAStreamSeeEachOthersWrites) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_dependent_calls<TypeParam>(false);
}

TYPED_TEST(ActAndMul, DependentCallsInAGraphSeeEachOthersWrites) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_dependent_calls<TypeParam>(true);
}

}  // namespace
}  // namespace kernel_tests
