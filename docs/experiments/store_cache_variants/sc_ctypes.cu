// store_cache_fused of one variant header behind the C interface of
// docs/experiments/jitbench_kernels_ctypes.cu (jb_store_cache_fused), for the torch harness.
#include "kernels/store_cache.cuh"

#include <cstdint>

extern "C" int jb_store_cache_fused(int dtype, const void* k, const void* v, void* k_cache,
                                    void* v_cache, const std::int64_t* indices, std::int64_t tokens,
                                    std::int64_t row, std::int64_t cache_rows, void* stream,
                                    int pdl) {
  const auto s = static_cast<cudaStream_t>(stream);
  if (dtype == 0) {
    using T = __nv_bfloat16;
    kernels::store_cache_fused<T>(static_cast<const T*>(k), static_cast<const T*>(v),
                                  static_cast<T*>(k_cache), static_cast<T*>(v_cache), indices,
                                  tokens, row, cache_rows, s, pdl != 0);
  } else {
    using T = __half;
    kernels::store_cache_fused<T>(static_cast<const T*>(k), static_cast<const T*>(v),
                                  static_cast<T*>(k_cache), static_cast<T*>(v_cache), indices,
                                  tokens, row, cache_rows, s, pdl != 0);
  }
  return static_cast<int>(cudaGetLastError());
}
