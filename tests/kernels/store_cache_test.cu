// store_cache_fused (with and without programmatic dependent launch), store_cache_separate and
// store_cache_naive against a host scatter. A copy is exact, so the caches are compared bit for
// bit, untouched rows included.

#include "kernels/store_cache.cuh"
#include "tests/kernels/kernel_test_support.cuh"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

namespace kernel_tests {
namespace {

enum class Impl { fused, no_pdl, separate, naive, wide_index };

constexpr std::int64_t kCacheRows = 640;
// A row long enough that 640 tokens of k and v (40 MiB and more) fill more than half of an
// H200's 60 MiB L2: the size from which the fused kernel's row loads carry no L2 hint.
constexpr std::int64_t kLongRowElems = 16384;

// The issue's rows (128, 1024, 4096 and 576 elements), one not a multiple of 8 elements (2-byte
// T: 8-byte words), an odd one (2-byte words) and a single element. Few tokens split the long
// rows over several blocks, and calls of up to 32 KiB a cache move 8-byte words at most; 300
// tokens put several rows in a block, and from 16384 words in all take the path that moves two
// words a thread; from 131072 words (4096-element rows at 300 tokens: 153600 16-byte words of
// 2-byte T) with a block barrier between the loads and the stores.
const std::int64_t kRowElems[] = {128, 1024, 4096, 576, 100, 3, 1};
const std::int64_t kTokens[] = {1, 7, 300};

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Distinct slots in [0, kCacheRows); with_invalid also puts a padding slot (-1) and one past
// the cache, which the kernels must skip.
std::vector<std::int64_t> make_slots(std::int64_t tokens, bool with_invalid, std::uint32_t seed) {
  std::vector<std::int64_t> all(kCacheRows);
  std::iota(all.begin(), all.end(), 0);
  std::shuffle(all.begin(), all.end(), std::mt19937(seed));
  std::vector<std::int64_t> slots(all.begin(), all.begin() + tokens);
  if (with_invalid && tokens >= 3) {
    slots[1] = -1;
    slots[tokens - 1] = kCacheRows;
  }
  return slots;
}

template <class T>
void check_store_cache(Impl impl, std::int64_t tokens, std::int64_t row_elems,
                       bool with_invalid = false, std::size_t k_offset_elems = 0) {
  SCOPED_TRACE(::testing::Message()
               << "tokens " << tokens << ", row " << row_elems
               << (with_invalid ? ", invalid slots" : "") << ", k offset " << k_offset_elems);
  const auto row_count = static_cast<std::size_t>(tokens * row_elems);
  const auto cache_count = static_cast<std::size_t>(kCacheRows * row_elems);
  const std::vector<T> k_host = random_values<T>(row_count, -4.0, 4.0, 1);
  const std::vector<T> v_host = random_values<T>(row_count, -4.0, 4.0, 2);
  const std::vector<T> kc_host = random_values<T>(cache_count, -1.0, 1.0, 3);
  const std::vector<T> vc_host = random_values<T>(cache_count, -1.0, 1.0, 4);
  const std::vector<std::int64_t> slots = make_slots(tokens, with_invalid, 5);

  DeviceBuffer<T> k(row_count, k_offset_elems * sizeof(T));
  DeviceBuffer<T> v(row_count);
  DeviceBuffer<T> k_cache(cache_count);
  DeviceBuffer<T> v_cache(cache_count);
  DeviceBuffer<std::int64_t> indices(slots.size());
  k.upload(k_host);
  v.upload(v_host);
  k_cache.upload(kc_host);
  v_cache.upload(vc_host);
  indices.upload(slots);

  switch (impl) {
    case Impl::fused:
      kernels::store_cache_fused<T>(k.data(), v.data(), k_cache.data(), v_cache.data(),
                                    indices.data(), tokens, row_elems, kCacheRows, nullptr);
      break;
    case Impl::no_pdl:
      kernels::store_cache_fused<T>(k.data(), v.data(), k_cache.data(), v_cache.data(),
                                    indices.data(), tokens, row_elems, kCacheRows, nullptr,
                                    /*enable_pdl=*/false);
      break;
    case Impl::separate:
      kernels::store_cache_separate<T>(k.data(), v.data(), k_cache.data(), v_cache.data(),
                                       indices.data(), tokens, row_elems, kCacheRows, nullptr);
      break;
    case Impl::wide_index: {
      // The fused kernel's 64-bit index path, which problems of 2^31 words or more take.
      const kernels::detail::ScatterPairs<2> pairs{
          {reinterpret_cast<const unsigned char*>(k.data()),
           reinterpret_cast<const unsigned char*>(v.data())},
          {reinterpret_cast<unsigned char*>(k_cache.data()),
           reinterpret_cast<unsigned char*>(v_cache.data())}};
      kernels::detail::scatter_rows<2>(pairs, indices.data(), tokens,
                                       row_elems * static_cast<std::int64_t>(sizeof(T)), kCacheRows,
                                       /*enable_pdl=*/true, nullptr,
                                       /*force_wide_index=*/true);
      break;
    }
    case Impl::naive:
      kernels::store_cache_naive<T>(k.data(), v.data(), k_cache.data(), v_cache.data(),
                                    indices.data(), tokens, row_elems, kCacheRows, nullptr);
      break;
  }
  finish("store_cache");

  std::vector<T> kc_want = kc_host;
  std::vector<T> vc_want = vc_host;
  for (std::int64_t t = 0; t < tokens; ++t) {
    const std::int64_t slot = slots[t];
    if (slot < 0 || slot >= kCacheRows) continue;
    std::copy_n(k_host.begin() + t * row_elems, row_elems, kc_want.begin() + slot * row_elems);
    std::copy_n(v_host.begin() + t * row_elems, row_elems, vc_want.begin() + slot * row_elems);
  }
  EXPECT_TRUE(same_bits(k_cache.download(), kc_want)) << "k_cache";
  EXPECT_TRUE(same_bits(v_cache.download(), vc_want)) << "v_cache";
  EXPECT_TRUE(same_bits(k.download(), k_host) && same_bits(v.download(), v_host))
      << "the sources changed";
  EXPECT_TRUE(k_cache.guards_intact() && v_cache.guards_intact()) << "write outside a cache";
  EXPECT_TRUE(k.guards_intact() && v.guards_intact() && indices.guards_intact())
      << "write outside an input";
}

template <class T>
void check_all_shapes(Impl impl) {
  for (std::int64_t row : kRowElems) {
    for (std::int64_t tokens : kTokens) check_store_cache<T>(impl, tokens, row);
  }
  check_store_cache<T>(impl, 300, 576, /*with_invalid=*/true);
  check_store_cache<T>(impl, 7, 1024, /*with_invalid=*/true);
}

template <class T>
class StoreCache : public ::testing::Test {};
TYPED_TEST_SUITE(StoreCache, FloatTypes);

TYPED_TEST(StoreCache, Fused) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::fused);
}

TYPED_TEST(StoreCache, FusedWithoutPdl) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::no_pdl);
}

TYPED_TEST(StoreCache, Separate) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::separate);
}

TYPED_TEST(StoreCache, Naive) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::naive);
}

// The 64-bit index path, which only ranges of 2^31 words or more take, on the same shapes.
TYPED_TEST(StoreCache, FusedWideIndex) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::wide_index);
  check_store_cache<TypeParam>(Impl::wide_index, 7, 1024, false, 1);
}

TYPED_TEST(StoreCache, FusedCallLargerThanHalfTheL2) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_store_cache<TypeParam>(Impl::fused, kCacheRows, kLongRowElems);
}

// Two words a thread that lie in different rows: rows of 32 words, 640 tokens.
TYPED_TEST(StoreCache, FusedShortRowsTwoWordsAThread) {
  SKIP_WITHOUT_CUDA_DEVICE();
  constexpr std::int64_t kShortRowElems = 512 / static_cast<std::int64_t>(sizeof(TypeParam));
  check_store_cache<TypeParam>(Impl::fused, kCacheRows, kShortRowElems);
  check_store_cache<TypeParam>(Impl::fused, kCacheRows, kShortRowElems, /*with_invalid=*/true);
}

TYPED_TEST(StoreCache, MisalignedSourceUsesNarrowerWords) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_store_cache<TypeParam>(Impl::fused, 7, 1024, false, 1);
  check_store_cache<TypeParam>(Impl::separate, 300, 576, false, 1);
}

// The fused kernel starts while the kernel before it drains (programmatic dependent launch) and
// must still see that kernel's writes. A feeds B: A scatters one of two source sets (alternating
// by call) into rows [0, tokens) of cache A, and B scatters those rows into the call's own region
// of cache B. A B that read cache A too early would read the rows of the A before, the other
// source set, and its region would differ from the host scatter of the right one.
template <class T>
void check_dependent_calls(bool in_graph) {
  constexpr std::int64_t kTokens = 2048;
  constexpr std::int64_t kRow = 1024;
  constexpr int kCalls = 8;
  const auto rows_count = static_cast<std::size_t>(kTokens * kRow);
  DeviceBuffer<T> src_k[2] = {DeviceBuffer<T>(rows_count), DeviceBuffer<T>(rows_count)};
  DeviceBuffer<T> src_v[2] = {DeviceBuffer<T>(rows_count), DeviceBuffer<T>(rows_count)};
  std::vector<T> src_k_host[2];
  std::vector<T> src_v_host[2];
  for (int set = 0; set < 2; ++set) {
    src_k_host[set] = random_values<T>(rows_count, -4.0, 4.0, 20 + set);
    src_v_host[set] = random_values<T>(rows_count, -4.0, 4.0, 30 + set);
    src_k[set].upload(src_k_host[set]);
    src_v[set].upload(src_v_host[set]);
  }
  DeviceBuffer<T> a_k(rows_count);
  DeviceBuffer<T> a_v(rows_count);
  DeviceBuffer<T> b_k(rows_count * kCalls);
  DeviceBuffer<T> b_v(rows_count * kCalls);
  std::vector<std::int64_t> a_slots(kTokens);
  std::iota(a_slots.begin(), a_slots.end(), 0);
  std::shuffle(a_slots.begin(), a_slots.end(), std::mt19937(40));
  DeviceBuffer<std::int64_t> a_indices(kTokens);
  a_indices.upload(a_slots);
  std::vector<std::int64_t> b_slots(kTokens * kCalls);
  std::iota(b_slots.begin(), b_slots.end(), 0);
  std::shuffle(b_slots.begin(), b_slots.end(), std::mt19937(41));
  DeviceBuffer<std::int64_t> b_indices(b_slots.size());
  b_indices.upload(b_slots);
  b_k.poison();
  b_v.poison();
  // The uploads and the poison are ordered with the default stream, not with this one.
  check(cudaDeviceSynchronize(), "fill");

  cudaStream_t stream = nullptr;
  check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
  const auto enqueue = [&](int call) {
    kernels::store_cache_fused<T>(src_k[call % 2].data(), src_v[call % 2].data(), a_k.data(),
                                  a_v.data(), a_indices.data(), kTokens, kRow, kTokens, stream);
    kernels::store_cache_fused<T>(a_k.data(), a_v.data(), b_k.data(), b_v.data(),
                                  b_indices.data() + kTokens * call, kTokens, kRow,
                                  kTokens * kCalls, stream);
  };
  run_calls(kCalls, in_graph, stream, enqueue);
  check(cudaStreamDestroy(stream), "cudaStreamDestroy");

  const std::vector<T> got_k = b_k.download();
  const std::vector<T> got_v = b_v.download();
  for (int call = 0; call < kCalls; ++call) {
    // Row r of cache A holds source row t where a_slots[t] == r; B writes row r of cache A to
    // b_slots[call * kTokens + r].
    bool same = true;
    for (std::int64_t t = 0; t < kTokens && same; ++t) {
      const auto b_row = static_cast<std::size_t>(b_slots[call * kTokens + a_slots[t]] * kRow);
      const auto s_row = static_cast<std::size_t>(t * kRow);
      same = std::memcmp(got_k.data() + b_row, src_k_host[call % 2].data() + s_row,
                         kRow * sizeof(T)) == 0 &&
             std::memcmp(got_v.data() + b_row, src_v_host[call % 2].data() + s_row,
                         kRow * sizeof(T)) == 0;
    }
    EXPECT_TRUE(same) << "call " << call
                      << " read its input before the call that writes it had finished";
  }
}

TYPED_TEST(StoreCache, DependentCallsOnAStreamSeeEachOthersWrites) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_dependent_calls<TypeParam>(false);
}

TYPED_TEST(StoreCache, DependentCallsInAGraphSeeEachOthersWrites) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_dependent_calls<TypeParam>(true);
}

}  // namespace
}  // namespace kernel_tests
