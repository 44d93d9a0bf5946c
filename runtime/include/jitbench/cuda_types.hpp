#pragma once

// Maps jitbench dtypes to the CUDA element types that kernels take, and back. Generated
// benchmarks use these names for type axes and typed tensors, so `T = bf16` in a spec is
// `__nv_bfloat16` in the kernel call.

#include <jitbench/dtype.hpp>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <cstdint>
#include <type_traits>

namespace jitbench {

// The dtype whose element type is T: dtype_of<bf16> is DType::bf16. Not defined for other
// types.
template <class T>
struct DTypeOf;
template <class T>
inline constexpr DType dtype_of = DTypeOf<T>::value;

// For each dtype of the list (dtype.hpp): its name as the element type (jitbench::bf16), DTypeOf,
// and a check that the type has the dtype's size.
#define JITBENCH_CUDA_TYPE(name, bytes, integer, tolerance, lowest, highest, cuda_type) \
  using name = cuda_type;                                                               \
  template <>                                                                           \
  struct DTypeOf<name> : std::integral_constant<DType, DType::name> {};                 \
  static_assert(sizeof(name) == (bytes), #name "'s element type must have the dtype's size");
JITBENCH_DTYPES(JITBENCH_CUDA_TYPE)
#undef JITBENCH_CUDA_TYPE

// The element types of index tensors (gathers, scatters, permutations).
template <class T>
inline constexpr bool is_index_type = std::is_same_v<T, int32> || std::is_same_v<T, int64>;

}  // namespace jitbench
