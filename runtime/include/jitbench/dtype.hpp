#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jitbench {

// The element types a spec may name. The order is the spec language's list (DESIGN.md).
enum class DType { bf16, fp16, fp32, fp64, int8, int32, int64, uint8, fp8_e4m3, fp8_e5m2 };

std::size_t dtype_size_bytes(DType dtype);
std::string_view dtype_name(DType dtype);
std::optional<DType> parse_dtype(std::string_view name);

// Tolerance used by the correctness check when a spec names none for this dtype.
double default_tolerance(DType dtype);

}  // namespace jitbench
