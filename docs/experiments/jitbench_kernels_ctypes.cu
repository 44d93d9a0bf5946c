// The shipped fused kernels behind a C interface, so that torch_compile_baseline.py can time
// them with ctypes in the same harness as torch.compile's kernels (same flush, same profiler).
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -shared -Xcompiler -fPIC -cudart shared -I.
//        -o libjitbench_kernels.so docs/experiments/jitbench_kernels_ctypes.cu   (one line)
//
// Every function launches on `stream` (a cudaStream_t) and returns the cudaError_t of the launch.
// dtype: 0 bf16, 1 fp16.

#include "kernels/activation.cuh"
#include "kernels/qknorm.cuh"
#include "kernels/store_cache.cuh"

#include <cstdint>

namespace {

template <class T>
int store_cache(const void* k, const void* v, void* k_cache, void* v_cache,
                const std::int64_t* indices, std::int64_t tokens, std::int64_t row,
                std::int64_t cache_rows, cudaStream_t stream, bool pdl) {
  kernels::store_cache_fused<T>(static_cast<const T*>(k), static_cast<const T*>(v),
                                static_cast<T*>(k_cache), static_cast<T*>(v_cache), indices, tokens,
                                row, cache_rows, stream, pdl);
  return static_cast<int>(cudaGetLastError());
}

template <int HEAD_DIM>
int qknorm(void* q, void* k, const void* q_weight, const void* k_weight, std::int64_t batch,
           std::int64_t num_q_heads, std::int64_t num_kv_heads, cudaStream_t stream, bool pdl) {
  using T = __nv_bfloat16;
  kernels::qknorm_fused<T, HEAD_DIM>(
      static_cast<T*>(q), static_cast<T*>(k), static_cast<const T*>(q_weight),
      static_cast<const T*>(k_weight), batch, num_q_heads, num_kv_heads, 1e-6f, stream, pdl);
  return static_cast<int>(cudaGetLastError());
}

template <class T>
int act_and_mul(int act, void* out, const void* x, std::int64_t tokens, std::int64_t d,
                cudaStream_t stream, bool pdl) {
  if (act == 0) {
    kernels::act_and_mul_vectorized<T, kernels::Activation::silu>(
        static_cast<T*>(out), static_cast<const T*>(x), tokens, d, stream, pdl);
  } else {
    kernels::act_and_mul_vectorized<T, kernels::Activation::gelu_tanh>(
        static_cast<T*>(out), static_cast<const T*>(x), tokens, d, stream, pdl);
  }
  return static_cast<int>(cudaGetLastError());
}

}  // namespace

extern "C" {

int jb_store_cache_fused(int dtype, const void* k, const void* v, void* k_cache, void* v_cache,
                         const std::int64_t* indices, std::int64_t tokens, std::int64_t row,
                         std::int64_t cache_rows, void* stream, int pdl) {
  const auto s = static_cast<cudaStream_t>(stream);
  if (dtype == 0) {
    return store_cache<__nv_bfloat16>(k, v, k_cache, v_cache, indices, tokens, row, cache_rows, s,
                                      pdl != 0);
  }
  return store_cache<__half>(k, v, k_cache, v_cache, indices, tokens, row, cache_rows, s, pdl != 0);
}

// bf16 only; head_dim 64, 128 or 256 (-1 otherwise).
int jb_qknorm_fused(int head_dim, void* q, void* k, const void* q_weight, const void* k_weight,
                    std::int64_t batch, std::int64_t num_q_heads, std::int64_t num_kv_heads,
                    void* stream, int pdl) {
  const auto s = static_cast<cudaStream_t>(stream);
  switch (head_dim) {
    case 64:
      return qknorm<64>(q, k, q_weight, k_weight, batch, num_q_heads, num_kv_heads, s, pdl != 0);
    case 128:
      return qknorm<128>(q, k, q_weight, k_weight, batch, num_q_heads, num_kv_heads, s, pdl != 0);
    case 256:
      return qknorm<256>(q, k, q_weight, k_weight, batch, num_q_heads, num_kv_heads, s, pdl != 0);
    default:
      return -1;
  }
}

// dtype: 0 bf16, 1 fp16; act 0 silu, 1 gelu_tanh.
int jb_act_and_mul_vectorized(int dtype, int act, void* out, const void* x, std::int64_t tokens,
                              std::int64_t d, void* stream, int pdl) {
  const auto s = static_cast<cudaStream_t>(stream);
  if (dtype == 0) return act_and_mul<__nv_bfloat16>(act, out, x, tokens, d, s, pdl != 0);
  return act_and_mul<__half>(act, out, x, tokens, d, s, pdl != 0);
}

}  // extern "C"
