#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jitbench {

// The element types a spec may name, listed once. Everything else derives from this list: the
// DType enum and the facts below, the CUDA element types (cuda_types.hpp), the kernels' dispatch
// on a dtype (runtime/src/device_kernels.cu) and the generator's vocabulary (generator/spec.hpp).
// Each row is X(name, bytes an element, integer?, default tolerance, lowest, highest, CUDA element
// type); the tolerance is a few units in the last place of the format, as |a - b| <= tol * (1 +
// |b|); lowest and highest bound the finite values the dtype holds. The CUDA type is only spelled
// where cuda_types.hpp expands the list, so this header needs no CUDA.
#define JITBENCH_DTYPES(X)                                                          \
  X(bf16, 2, false, 2e-2, -3.38953139e38, 3.38953139e38, __nv_bfloat16)             \
  X(fp16, 2, false, 2e-3, -65504.0, 65504.0, __half)                                \
  X(fp32, 4, false, 1e-5, -3.40282347e38, 3.40282347e38, float)                     \
  X(fp64, 8, false, 1e-12, -1.7976931348623157e308, 1.7976931348623157e308, double) \
  X(int8, 1, true, 0, -128.0, 127.0, std::int8_t)                                   \
  X(int32, 4, true, 0, -2147483648.0, 2147483647.0, std::int32_t)                   \
  X(int64, 8, true, 0, -9223372036854775808.0, 9223372036854775807.0, std::int64_t) \
  X(uint8, 1, true, 0, 0.0, 255.0, std::uint8_t)                                    \
  X(fp8_e4m3, 1, false, 1.25e-1, -448.0, 448.0, __nv_fp8_e4m3)                      \
  X(fp8_e5m2, 1, false, 2.5e-1, -57344.0, 57344.0, __nv_fp8_e5m2)

enum class DType {
#define JITBENCH_DTYPE_ENUMERATOR(name, ...) name,
  JITBENCH_DTYPES(JITBENCH_DTYPE_ENUMERATOR)
#undef JITBENCH_DTYPE_ENUMERATOR
};

struct DTypeFacts {
  DType dtype;
  std::string_view name;
  std::size_t size_bytes;
  bool integer;
  double tolerance;  // the correctness check's, when a spec names none for this dtype
  double lowest;     // the finite values the dtype holds: [lowest, highest]
  double highest;
};

// Every dtype, in the list's order (the spec language's, DESIGN.md).
inline constexpr DTypeFacts dtype_table[] = {
#define JITBENCH_DTYPE_FACTS(name, bytes, integer, tolerance, lowest, highest, cuda_type) \
  {DType::name, #name, bytes, integer, tolerance, lowest, highest},
    JITBENCH_DTYPES(JITBENCH_DTYPE_FACTS)
#undef JITBENCH_DTYPE_FACTS
};

constexpr const DTypeFacts& dtype_facts(DType dtype) {
  return dtype_table[static_cast<std::size_t>(dtype)];
}
constexpr std::size_t dtype_size_bytes(DType dtype) { return dtype_facts(dtype).size_bytes; }
constexpr std::string_view dtype_name(DType dtype) { return dtype_facts(dtype).name; }
constexpr bool dtype_is_integer(DType dtype) { return dtype_facts(dtype).integer; }
constexpr double default_tolerance(DType dtype) { return dtype_facts(dtype).tolerance; }

constexpr std::optional<DType> parse_dtype(std::string_view name) {
  for (const DTypeFacts& f : dtype_table) {
    if (f.name == name) return f.dtype;
  }
  return std::nullopt;
}

}  // namespace jitbench
