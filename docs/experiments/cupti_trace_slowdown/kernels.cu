// The silu_and_mul kernels of kernels/activation.cuh behind a C interface, for probe.py:
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -shared -Xcompiler -fPIC -cudart shared -I.
//        -o libkernels.so docs/experiments/cupti_trace_slowdown/kernels.cu   (one line)
#include "kernels/activation.cuh"

extern "C" int naive_silu(void* out, const void* x, long tokens, long d, void* stream) {
  kernels::act_and_mul_naive<__nv_bfloat16, kernels::Activation::silu>(
      static_cast<__nv_bfloat16*>(out), static_cast<const __nv_bfloat16*>(x), tokens, d,
      static_cast<cudaStream_t>(stream));
  return static_cast<int>(cudaGetLastError());
}

extern "C" int vectorized_silu(void* out, const void* x, long tokens, long d, void* stream) {
  kernels::act_and_mul_vectorized<__nv_bfloat16, kernels::Activation::silu>(
      static_cast<__nv_bfloat16*>(out), static_cast<const __nv_bfloat16*>(x), tokens, d,
      static_cast<cudaStream_t>(stream), /*enable_pdl=*/false);
  return static_cast<int>(cudaGetLastError());
}
