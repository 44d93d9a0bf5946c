// store_cache_fused, store_cache_separate and store_cache_naive against a host scatter. A copy
// is exact, so the caches are compared bit for bit, untouched rows included.

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

enum class Impl { fused, separate, naive };

constexpr std::int64_t kCacheRows = 640;

// The issue's rows (128, 1024, 4096 and 576 elements), one not a multiple of 8 elements (2-byte
// T: 8-byte words), an odd one (2-byte words) and a single element.
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
    case Impl::separate:
      kernels::store_cache_separate<T>(k.data(), v.data(), k_cache.data(), v_cache.data(),
                                       indices.data(), tokens, row_elems, kCacheRows, nullptr);
      break;
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

TYPED_TEST(StoreCache, Separate) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::separate);
}

TYPED_TEST(StoreCache, Naive) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_all_shapes<TypeParam>(Impl::naive);
}

TYPED_TEST(StoreCache, MisalignedSourceUsesNarrowerWords) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_store_cache<TypeParam>(Impl::fused, 7, 1024, false, 1);
  check_store_cache<TypeParam>(Impl::separate, 300, 576, false, 1);
}

}  // namespace
}  // namespace kernel_tests
