#pragma once

// Launch variants of the fused store_cache kernel for store_cache_x.yaml (issue 17): the knobs
// of kernels::detail::ScatterPolicy, with and without programmatic dependent launch. `base` in
// the spec is the kernel of main 2cab129, which build.sh extracts into store_cache_old.cuh.

#include "kernels/store_cache.cuh"
#include "store_cache_old.cuh"

namespace variants {

template <class T>
void fused(const T* k, const T* v, T* k_cache, T* v_cache, const std::int64_t* indices,
           std::int64_t tokens, std::int64_t row_elems, std::int64_t cache_rows,
           cudaStream_t stream, bool pdl, int max_threads, int max_wpt, int min_wpt, bool split) {
  const kernels::detail::ScatterPairs<2> pairs{
      {reinterpret_cast<const unsigned char*>(k), reinterpret_cast<const unsigned char*>(v)},
      {reinterpret_cast<unsigned char*>(k_cache), reinterpret_cast<unsigned char*>(v_cache)}};
  kernels::detail::ScatterPolicy policy;
  policy.max_block_threads = max_threads;
  policy.max_words_per_thread = max_wpt;
  policy.min_words_per_thread = min_wpt;
  policy.split_rows = split;
  kernels::detail::scatter_rows<2>(pairs, indices, tokens,
                                   row_elems * static_cast<std::int64_t>(sizeof(T)), cache_rows,
                                   pdl, stream, policy);
}

}  // namespace variants
