#pragma once

// Maps jitbench dtypes to the CUDA element types that kernels take. Generated benchmarks use
// these names for type axes, so `T = bf16` in a spec is `__nv_bfloat16` in the kernel call.

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <cstdint>

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

}  // namespace jitbench
