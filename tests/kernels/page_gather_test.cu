// page_gather_vectorized and page_gather_naive against a host gather. A copy is exact, so the
// output is compared bit for bit; it is poisoned first, so an unwritten element fails.

#include "kernels/page_gather.cuh"
#include "tests/kernels/kernel_test_support.cuh"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

namespace kernel_tests {
namespace {

enum class Impl { vectorized, naive };

struct Shape {
  std::int64_t seqs;
  std::int64_t seq_len;
  std::int64_t page_rows;
  std::int64_t row;
};

// The spec's shape scaled down, a row of 8 bytes (not vectorisable), odd rows and pages.
const Shape kShapes[] = {{2, 64, 16, 1024}, {3, 32, 16, 128}, {1, 16, 16, 4},
                         {2, 21, 7, 3},     {4, 8, 1, 520},   {1, 4, 4, 1}};

template <class T>
void check_gather(Impl impl, const Shape& s, std::size_t out_offset_elems = 0) {
  SCOPED_TRACE(::testing::Message()
               << "seqs " << s.seqs << ", seq_len " << s.seq_len << ", page_rows " << s.page_rows
               << ", row " << s.row << ", out offset " << out_offset_elems);
  const std::int64_t pages_per_seq = s.seq_len / s.page_rows;
  const std::int64_t pages = 4 * s.seqs * pages_per_seq;  // most pages are never read
  const auto cache_count = static_cast<std::size_t>(pages * s.page_rows * s.row);
  const auto out_count = static_cast<std::size_t>(s.seqs * s.seq_len * s.row);
  const std::vector<T> cache_host = random_values<T>(cache_count, -4.0, 4.0, 1);
  std::vector<std::int32_t> table(static_cast<std::size_t>(pages));
  std::iota(table.begin(), table.end(), 0);
  std::shuffle(table.begin(), table.end(), std::mt19937(7));
  table.resize(static_cast<std::size_t>(s.seqs * pages_per_seq));

  DeviceBuffer<T> cache(cache_count);
  DeviceBuffer<std::int32_t> block_table(table.size());
  DeviceBuffer<T> out(out_count, out_offset_elems * sizeof(T));
  cache.upload(cache_host);
  block_table.upload(table);
  out.poison();
  if (impl == Impl::vectorized) {
    kernels::page_gather_vectorized<T>(out.data(), cache.data(), block_table.data(), s.seqs,
                                       s.seq_len, s.page_rows, s.row, nullptr);
  } else {
    kernels::page_gather_naive<T>(out.data(), cache.data(), block_table.data(), s.seqs, s.seq_len,
                                  s.page_rows, s.row, nullptr);
  }
  finish("page_gather");

  std::vector<T> want(out_count);
  for (std::int64_t seq = 0; seq < s.seqs; ++seq) {
    for (std::int64_t token = 0; token < s.seq_len; ++token) {
      const std::int64_t page =
          table[static_cast<std::size_t>(seq * pages_per_seq + token / s.page_rows)];
      std::copy_n(cache_host.begin() + (page * s.page_rows + token % s.page_rows) * s.row, s.row,
                  want.begin() + (seq * s.seq_len + token) * s.row);
    }
  }
  const std::vector<T> got = out.download();
  EXPECT_EQ(std::memcmp(got.data(), want.data(), out_count * sizeof(T)), 0) << "out";
  EXPECT_TRUE(out.guards_intact()) << "write outside out";
  EXPECT_TRUE(cache.guards_intact() && block_table.guards_intact()) << "write outside an input";
}

template <class T>
class PageGather : public ::testing::Test {};
TYPED_TEST_SUITE(PageGather, FloatTypes);

TYPED_TEST(PageGather, Vectorized) {
  SKIP_WITHOUT_CUDA_DEVICE();
  for (const Shape& s : kShapes) check_gather<TypeParam>(Impl::vectorized, s);
}

TYPED_TEST(PageGather, Naive) {
  SKIP_WITHOUT_CUDA_DEVICE();
  for (const Shape& s : kShapes) check_gather<TypeParam>(Impl::naive, s);
}

TYPED_TEST(PageGather, MisalignedOutputFallsBackToElements) {
  SKIP_WITHOUT_CUDA_DEVICE();
  check_gather<TypeParam>(Impl::vectorized, kShapes[0], 1);
}

}  // namespace
}  // namespace kernel_tests
