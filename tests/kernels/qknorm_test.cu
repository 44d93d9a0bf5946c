// qknorm_fused (with and without programmatic dependent launch), qknorm_separate and
// qknorm_naive against a double-precision RMSNorm.

#include "kernels/qknorm.cuh"
#include "tests/kernels/kernel_test_support.cuh"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kernel_tests {
namespace {

enum class Impl { fused, no_pdl, separate, naive };

struct Shape {
  std::int64_t batch;
  std::int64_t gqa;
  std::int64_t num_kv_heads;
};

constexpr float kEps = 1e-6f;

// batch 1 with one kv head (5 heads in all), partial blocks, many blocks, the largest gqa.
const Shape kShapes[] = {{1, 4, 1}, {1, 8, 8}, {3, 8, 2}, {37, 4, 1}, {513, 4, 2}};

template <class T>
std::vector<double> reference(const std::vector<T>& x, const std::vector<T>& w,
                              std::int64_t head_dim) {
  std::vector<double> out(x.size());
  for (std::size_t head = 0; head < x.size() / head_dim; ++head) {
    double sum_sq = 0.0;
    for (std::int64_t i = 0; i < head_dim; ++i) {
      const double v = to_double(x[head * head_dim + i]);
      sum_sq += v * v;
    }
    const double scale = 1.0 / std::sqrt(sum_sq / head_dim + kEps);
    for (std::int64_t i = 0; i < head_dim; ++i) {
      out[head * head_dim + i] = to_double(x[head * head_dim + i]) * scale * to_double(w[i]);
    }
  }
  return out;
}

// Runs one impl on random q, k (the first q head all zeros) and checks both tensors.
// offset_elems > 0 misaligns q, which must send fused and separate to their fallback.
template <class T, int HEAD_DIM>
void check_qknorm(Impl impl, const Shape& s, std::size_t offset_elems = 0) {
  SCOPED_TRACE(::testing::Message()
               << "head_dim " << HEAD_DIM << ", batch " << s.batch << ", gqa " << s.gqa
               << ", num_kv_heads " << s.num_kv_heads << ", q offset " << offset_elems);
  const std::int64_t num_q_heads = s.gqa * s.num_kv_heads;
  const auto q_count = static_cast<std::size_t>(s.batch * num_q_heads * HEAD_DIM);
  const auto k_count = static_cast<std::size_t>(s.batch * s.num_kv_heads * HEAD_DIM);

  std::vector<T> q_host = random_values<T>(q_count, -2.0, 2.0, 1);
  for (int i = 0; i < HEAD_DIM; ++i) q_host[i] = from_double<T>(0.0);
  const std::vector<T> k_host = random_values<T>(k_count, -2.0, 2.0, 2);
  const std::vector<T> qw_host = random_values<T>(HEAD_DIM, -1.5, 1.5, 3);
  const std::vector<T> kw_host = random_values<T>(HEAD_DIM, 0.5, 1.5, 4);

  DeviceBuffer<T> q(q_count, offset_elems * sizeof(T));
  DeviceBuffer<T> k(k_count);
  DeviceBuffer<T> qw(HEAD_DIM);
  DeviceBuffer<T> kw(HEAD_DIM);
  q.upload(q_host);
  k.upload(k_host);
  qw.upload(qw_host);
  kw.upload(kw_host);

  switch (impl) {
    case Impl::fused:
      kernels::qknorm_fused<T, HEAD_DIM>(q.data(), k.data(), qw.data(), kw.data(), s.batch,
                                         num_q_heads, s.num_kv_heads, kEps, nullptr);
      break;
    case Impl::no_pdl:
      kernels::qknorm_fused<T, HEAD_DIM>(q.data(), k.data(), qw.data(), kw.data(), s.batch,
                                         num_q_heads, s.num_kv_heads, kEps, nullptr,
                                         /*enable_pdl=*/false);
      break;
    case Impl::separate:
      kernels::qknorm_separate<T, HEAD_DIM>(q.data(), k.data(), qw.data(), kw.data(), s.batch,
                                            num_q_heads, s.num_kv_heads, kEps, nullptr);
      break;
    case Impl::naive:
      kernels::qknorm_naive<T>(q.data(), k.data(), qw.data(), kw.data(), s.batch, num_q_heads,
                               s.num_kv_heads, HEAD_DIM, kEps, nullptr);
      break;
  }
  finish("qknorm");

  EXPECT_TRUE(all_close(q.download(), reference(q_host, qw_host, HEAD_DIM))) << "q";
  EXPECT_TRUE(all_close(k.download(), reference(k_host, kw_host, HEAD_DIM))) << "k";
  EXPECT_TRUE(q.guards_intact()) << "write outside q";
  EXPECT_TRUE(k.guards_intact()) << "write outside k";
  EXPECT_TRUE(qw.guards_intact() && kw.guards_intact()) << "write outside the weights";
}

template <class T, int HEAD_DIM>
void check_all_shapes(Impl impl) {
  for (const Shape& s : kShapes) check_qknorm<T, HEAD_DIM>(impl, s);
}

template <class T>
void check_all_head_dims(Impl impl) {
  check_all_shapes<T, 64>(impl);
  check_all_shapes<T, 128>(impl);
  check_all_shapes<T, 256>(impl);
  check_all_shapes<T, 512>(impl);
  check_all_shapes<T, 1024>(impl);
}

template <class T>
class QkNorm : public ::testing::Test {};
TYPED_TEST_SUITE(QkNorm, FloatTypes);

TYPED_TEST(QkNorm, Fused) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_head_dims<TypeParam>(Impl::fused);
}

TYPED_TEST(QkNorm, FusedWithoutPdl) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_head_dims<TypeParam>(Impl::no_pdl);
}

TYPED_TEST(QkNorm, Separate) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_head_dims<TypeParam>(Impl::separate);
}

TYPED_TEST(QkNorm, Naive) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_head_dims<TypeParam>(Impl::naive);
}

TYPED_TEST(QkNorm, MisalignedPointerFallsBack) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_qknorm<TypeParam, 128>(Impl::fused, {3, 4, 2}, 1);
  check_qknorm<TypeParam, 128>(Impl::separate, {3, 4, 2}, 1);
}

// The fused kernel starts while the kernel before it drains (programmatic dependent launch) and
// must still see that kernel's writes. The calls normalise the same q and k in place again and
// again, so each reads what the one before wrote; a call that read too early would read older
// values and the result would differ from the same calls run one at a time.
template <class T>
void check_dependent_calls(bool in_graph) {
  constexpr std::int64_t kBatch = 1024;
  constexpr std::int64_t kGqa = 8;
  constexpr std::int64_t kKvHeads = 4;
  constexpr int kHeadDim = 128;
  constexpr int kCalls = 16;
  const auto q_count = static_cast<std::size_t>(kBatch * kGqa * kKvHeads * kHeadDim);
  const auto k_count = static_cast<std::size_t>(kBatch * kKvHeads * kHeadDim);
  const std::vector<T> q_host = random_values<T>(q_count, -2.0, 2.0, 21);
  const std::vector<T> k_host = random_values<T>(k_count, -2.0, 2.0, 22);
  DeviceBuffer<T> q(q_count);
  DeviceBuffer<T> k(k_count);
  DeviceBuffer<T> qw(kHeadDim);
  DeviceBuffer<T> kw(kHeadDim);
  qw.upload(random_values<T>(kHeadDim, 0.5, 1.5, 23));
  kw.upload(random_values<T>(kHeadDim, 0.5, 1.5, 24));

  cudaStream_t stream = nullptr;
  check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
  const auto call = [&] {
    kernels::qknorm_fused<T, kHeadDim>(q.data(), k.data(), qw.data(), kw.data(), kBatch,
                                       kGqa * kKvHeads, kKvHeads, kEps, stream);
  };
  // The uploads are ordered with the default stream, not with this one.
  q.upload(q_host);
  k.upload(k_host);
  check(cudaDeviceSynchronize(), "upload");
  for (int c = 0; c < kCalls; ++c) {
    call();
    check(cudaStreamSynchronize(stream), "one call");
  }
  const std::vector<T> q_want = q.download();
  const std::vector<T> k_want = k.download();

  q.upload(q_host);
  k.upload(k_host);
  check(cudaDeviceSynchronize(), "upload");
  run_calls(kCalls, in_graph, stream, [&](int) { call(); });
  check(cudaStreamDestroy(stream), "cudaStreamDestroy");

  const std::vector<T> q_got = q.download();
  const std::vector<T> k_got = k.download();
  EXPECT_EQ(0, std::memcmp(q_got.data(), q_want.data(), q_count * sizeof(T)))
      << "q: a call read its input before the call that writes it had finished";
  EXPECT_EQ(0, std::memcmp(k_got.data(), k_want.data(), k_count * sizeof(T)))
      << "k: a call read its input before the call that writes it had finished";
}

TYPED_TEST(QkNorm, DependentCallsOnAStreamSeeEachOthersWrites) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_dependent_calls<TypeParam>(false);
}

TYPED_TEST(QkNorm, DependentCallsInAGraphSeeEachOthersWrites) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_dependent_calls<TypeParam>(true);
}

}  // namespace
}  // namespace kernel_tests
