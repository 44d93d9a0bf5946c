#include <jitbench/dtype.hpp>

#include <stdexcept>

namespace jitbench {

namespace {

struct DTypeFacts {
  DType dtype;
  std::string_view name;
  std::size_t size_bytes;
  double tolerance;
};

// Tolerances: a few units in the last place of each format, as |a - b| <= tol * (1 + |b|).
constexpr DTypeFacts facts_table[] = {
    {DType::bf16, "bf16", 2, 2e-2},
    {DType::fp16, "fp16", 2, 2e-3},
    {DType::fp32, "fp32", 4, 1e-5},
    {DType::fp64, "fp64", 8, 1e-12},
    {DType::int8, "int8", 1, 0},
    {DType::int32, "int32", 4, 0},
    {DType::int64, "int64", 8, 0},
    {DType::uint8, "uint8", 1, 0},
    {DType::fp8_e4m3, "fp8_e4m3", 1, 1.25e-1},
    {DType::fp8_e5m2, "fp8_e5m2", 1, 2.5e-1},
};

const DTypeFacts& facts(DType dtype) {
  for (const auto& f : facts_table) {
    if (f.dtype == dtype) return f;
  }
  throw std::logic_error("jitbench: unknown DType value");
}

}  // namespace

std::size_t dtype_size_bytes(DType dtype) { return facts(dtype).size_bytes; }
std::string_view dtype_name(DType dtype) { return facts(dtype).name; }
double default_tolerance(DType dtype) { return facts(dtype).tolerance; }

std::optional<DType> parse_dtype(std::string_view name) {
  for (const auto& f : facts_table) {
    if (f.name == name) return f.dtype;
  }
  return std::nullopt;
}

}  // namespace jitbench
