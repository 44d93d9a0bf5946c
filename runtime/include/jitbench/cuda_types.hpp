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

using bf16 = __nv_bfloat16;
using fp16 = __half;
using fp32 = float;
using fp64 = double;
using int8 = std::int8_t;
using int32 = std::int32_t;
using int64 = std::int64_t;
using uint8 = std::uint8_t;
using fp8_e4m3 = __nv_fp8_e4m3;
using fp8_e5m2 = __nv_fp8_e5m2;

// The dtype whose element type is T: dtype_of<bf16> is DType::bf16. Not defined for other
// types.
template <class T>
struct DTypeOf;
template <class T>
inline constexpr DType dtype_of = DTypeOf<T>::value;

template <>
struct DTypeOf<bf16> : std::integral_constant<DType, DType::bf16> {};
template <>
struct DTypeOf<fp16> : std::integral_constant<DType, DType::fp16> {};
template <>
struct DTypeOf<fp32> : std::integral_constant<DType, DType::fp32> {};
template <>
struct DTypeOf<fp64> : std::integral_constant<DType, DType::fp64> {};
template <>
struct DTypeOf<int8> : std::integral_constant<DType, DType::int8> {};
template <>
struct DTypeOf<int32> : std::integral_constant<DType, DType::int32> {};
template <>
struct DTypeOf<int64> : std::integral_constant<DType, DType::int64> {};
template <>
struct DTypeOf<uint8> : std::integral_constant<DType, DType::uint8> {};
template <>
struct DTypeOf<fp8_e4m3> : std::integral_constant<DType, DType::fp8_e4m3> {};
template <>
struct DTypeOf<fp8_e5m2> : std::integral_constant<DType, DType::fp8_e5m2> {};

// The element types of index tensors (gathers, scatters, permutations).
template <class T>
inline constexpr bool is_index_type = std::is_same_v<T, int32> || std::is_same_v<T, int64>;

}  // namespace jitbench
