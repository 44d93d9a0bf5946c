// copy_vectorized: every byte count class and every pair of alignments within 16 bytes; bytes
// outside the destination range must stay untouched.

#include "kernels/copy.cuh"
#include "tests/kernels/kernel_test_support.cuh"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kernel_tests {
namespace {

constexpr unsigned char kUntouched = 0x5A;

// Copies `bytes` from src_offset to dst_offset within two 256-byte-aligned buffers and checks
// the whole destination buffer.
void check_copy(std::size_t bytes, std::size_t src_offset, std::size_t dst_offset,
                DeviceBuffer<unsigned char>& src, const std::vector<unsigned char>& src_host,
                DeviceBuffer<unsigned char>& dst) {
  SCOPED_TRACE(::testing::Message()
               << bytes << " bytes, src offset " << src_offset << ", dst offset " << dst_offset);
  check(cudaMemset(dst.data(), kUntouched, dst.bytes()), "cudaMemset");
  kernels::copy_vectorized(dst.data() + dst_offset, src.data() + src_offset, bytes, nullptr);
  finish("copy_vectorized");

  const std::vector<unsigned char> got = dst.download();
  std::size_t bad = 0;
  std::size_t first_bad = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const bool inside = i >= dst_offset && i < dst_offset + bytes;
    const unsigned char want = inside ? src_host[i - dst_offset + src_offset] : kUntouched;
    if (got[i] != want && bad++ == 0) first_bad = i;
  }
  EXPECT_EQ(bad, 0u) << "first wrong byte at destination offset " << first_bad;
}

class Copy : public ::testing::Test {
 protected:
  static constexpr std::size_t kSlack = 32;  // room for the offsets

  void run(const std::vector<std::size_t>& sizes, const std::vector<std::size_t>& offsets) {
    std::size_t largest = 0;
    for (std::size_t n : sizes) largest = n > largest ? n : largest;
    const std::size_t capacity = largest + kSlack;
    std::vector<unsigned char> src_host(capacity);
    std::uint32_t state = 12345;
    for (auto& b : src_host) {
      state = state * 1664525u + 1013904223u;
      b = static_cast<unsigned char>(state >> 24);
    }
    DeviceBuffer<unsigned char> src(capacity);
    DeviceBuffer<unsigned char> dst(capacity);
    src.upload(src_host);
    for (std::size_t n : sizes) {
      for (std::size_t so : offsets) {
        for (std::size_t d : offsets) check_copy(n, so, d, src, src_host, dst);
      }
    }
    EXPECT_TRUE(src.guards_intact() && dst.guards_intact()) << "write outside the buffers";
  }
};

TEST_F(Copy, SmallSizesEveryAlignment) {
  SKIP_WITHOUT_CUDA_DEVICE();
  std::vector<std::size_t> offsets;
  for (std::size_t o = 0; o < 16; ++o) offsets.push_back(o);
  run({0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 4096, 4096 + 7, 65536 + 13}, offsets);
}

TEST_F(Copy, LargeSizes) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // 20 MiB and more take the four-words-a-thread path on any current GPU.
  run({(std::size_t{1} << 20) + 5, std::size_t{20} << 20, (std::size_t{64} << 20) + 3}, {0, 1, 8});
}

}  // namespace
}  // namespace kernel_tests
