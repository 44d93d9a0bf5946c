#include <jitbench/benchmark.hpp>

#include <gtest/gtest.h>

namespace jitbench {
namespace {

CaseSpec in_place_case() {
  CaseSpec c;
  c.tensors = {{"q", DType::bf16, {8192, 32, 128}}, {"w", DType::bf16, {128}, false}};
  c.reads = {{"q"}, {"w"}};
  c.writes = {{"q"}};
  return c;
}

TEST(Traffic, InPlaceTensorsCountAsReadAndAsWritten) {
  const CaseSpec c = in_place_case();
  const double q_bytes = 8192.0 * 32 * 128 * 2;
  EXPECT_DOUBLE_EQ(bytes_read(c), q_bytes + 256);
  EXPECT_DOUBLE_EQ(bytes_written(c), q_bytes);
}

TEST(Traffic, ExplicitByteCountsReplaceTheWholeTensor) {
  CaseSpec c;
  c.tensors = {{"cache", DType::fp16, {65536, 4096}}, {"k", DType::fp16, {16, 4096}}};
  c.reads = {{"k"}};
  c.writes = {{"cache", 16.0 * 4096 * 2}, {"", 64.0}};
  EXPECT_DOUBLE_EQ(bytes_read(c), 16.0 * 4096 * 2);
  EXPECT_DOUBLE_EQ(bytes_written(c), 16.0 * 4096 * 2 + 64);
  EXPECT_EQ(output_tensors(c), std::vector<std::size_t>{0});
}

TEST(Traffic, UnknownTensorIsAnError) {
  CaseSpec c = in_place_case();
  c.reads.push_back({"nope"});
  EXPECT_THROW(bytes_read(c), std::invalid_argument);
}

TEST(DTypes, SizesNamesAndTolerances) {
  EXPECT_EQ(dtype_size_bytes(DType::bf16), 2u);
  EXPECT_EQ(dtype_size_bytes(DType::fp8_e4m3), 1u);
  EXPECT_EQ(dtype_size_bytes(DType::int64), 8u);
  EXPECT_EQ(parse_dtype("fp16"), DType::fp16);
  EXPECT_EQ(parse_dtype("float"), std::nullopt);
  EXPECT_EQ(dtype_name(DType::fp8_e5m2), "fp8_e5m2");
  BenchmarkDesc desc;
  desc.tolerance = {{DType::bf16, 5e-2}};
  EXPECT_DOUBLE_EQ(desc.tolerance_for(DType::bf16), 5e-2);
  EXPECT_DOUBLE_EQ(desc.tolerance_for(DType::fp16), default_tolerance(DType::fp16));
}

}  // namespace
}  // namespace jitbench
