#pragma once

// The KV-cache write of an attention layer: the new tokens' key and value rows are scattered
// into the caches at their slots, k_cache[indices[i]] = k[i] and v_cache[indices[i]] = v[i]
// for i < tokens, rows of row_elems elements (num_heads * head_dim). Slots outside
// [0, cache_rows) are skipped: negative ones mark padding tokens, as in vLLM's slot mapping.
//
//   kernels::store_cache_fused<__nv_bfloat16>(k, v, k_cache, v_cache, indices, tokens,
//                                             row_elems, cache_rows, stream);
//
// The rows are moved as raw words, so T only sets the row's byte size.
//   fused    both caches in one launch; rows moved in the widest word (16 bytes down to 1)
//            that the row size and the pointers allow; a row spread over up to 256 threads
//            and several rows a block when rows are short.
//   separate the same kernel for one cache, launched for k then for v.
//   naive    one thread an element, scalar: the reference.

#include "detail/common.cuh"

namespace kernels {
namespace detail {

// Up to two (source rows, cache) pairs written by one launch with the same slots.
template <int NPAIR>
struct ScatterPairs {
  const unsigned char* src[NPAIR];
  unsigned char* dst[NPAIR];
};

inline constexpr int kScatterMaxBlockThreads = 256;

// threads_per_row lanes move one row in words of type W, WPT words of each pair a lane a pass
// (all loads of a pass issued before its stores); blockDim.x / threads_per_row rows a block.
template <class W, int WPT, int NPAIR>
__global__ void __launch_bounds__(kScatterMaxBlockThreads)
    scatter_rows_kernel(ScatterPairs<NPAIR> pairs, const std::int64_t* __restrict__ indices,
                        std::int64_t tokens, std::int64_t row_words, std::int64_t cache_rows,
                        int threads_per_row) {
  const int lane = static_cast<int>(threadIdx.x) % threads_per_row;
  const std::int64_t rows_per_block = blockDim.x / threads_per_row;
  const int row_in_block = static_cast<int>(threadIdx.x) / threads_per_row;

  for (std::int64_t token = blockIdx.x * rows_per_block + row_in_block; token < tokens;
       token += std::int64_t{gridDim.x} * rows_per_block) {
    const std::int64_t slot = indices[token];
    const bool store = slot >= 0 && slot < cache_rows;
    const W* __restrict__ src[NPAIR];
    W* __restrict__ dst[NPAIR];
#pragma unroll
    for (int p = 0; p < NPAIR; ++p) {
      src[p] = reinterpret_cast<const W*>(pairs.src[p]) + token * row_words;
      dst[p] = reinterpret_cast<W*>(pairs.dst[p]) + (store ? slot : 0) * row_words;
    }
    for (std::int64_t base = lane; base < row_words; base += std::int64_t{WPT} * threads_per_row) {
      W r[NPAIR][WPT];
#pragma unroll
      for (int j = 0; j < WPT; ++j) {
        const std::int64_t i = base + std::int64_t{j} * threads_per_row;
#pragma unroll
        for (int p = 0; p < NPAIR; ++p) {
          if (i < row_words) r[p][j] = src[p][i];
        }
      }
      if (store) {
#pragma unroll
        for (int j = 0; j < WPT; ++j) {
          const std::int64_t i = base + std::int64_t{j} * threads_per_row;
#pragma unroll
          for (int p = 0; p < NPAIR; ++p) {
            if (i < row_words) dst[p][i] = r[p][j];
          }
        }
      }
    }
  }
}

template <class W, int NPAIR>
void launch_scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                         std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                         cudaStream_t stream) {
  const std::int64_t row_words = row_bytes / static_cast<std::int64_t>(sizeof(W));
  // A row over at most 256 threads, 1, 2 or 4 words (of each pair) a thread.
  const int wpt = row_words <= kScatterMaxBlockThreads       ? 1
                  : row_words <= 2 * kScatterMaxBlockThreads ? 2
                                                             : 4;
  const auto threads_per_row =
      static_cast<int>(row_words >= std::int64_t{wpt} * kScatterMaxBlockThreads
                           ? kScatterMaxBlockThreads
                           : ceil_div(row_words, std::int64_t{wpt}));
  // Rows a block: as many as fit in 256 threads, halved until every multiprocessor gets a
  // block (keeping at least a warp's worth of threads).
  const DeviceShape device = current_device_shape();
  int rows_per_block = kScatterMaxBlockThreads / threads_per_row;
  while (rows_per_block > 1 && threads_per_row * rows_per_block > 32 &&
         ceil_div(tokens, std::int64_t{rows_per_block}) < device.sm_count) {
    rows_per_block /= 2;
  }
  const unsigned grid = grid_blocks(ceil_div(tokens, std::int64_t{rows_per_block}));
  const unsigned block = static_cast<unsigned>(threads_per_row * rows_per_block);
  switch (wpt) {
    case 1:
      scatter_rows_kernel<W, 1, NPAIR><<<grid, block, 0, stream>>>(
          pairs, indices, tokens, row_words, cache_rows, threads_per_row);
      break;
    case 2:
      scatter_rows_kernel<W, 2, NPAIR><<<grid, block, 0, stream>>>(
          pairs, indices, tokens, row_words, cache_rows, threads_per_row);
      break;
    default:
      scatter_rows_kernel<W, 4, NPAIR><<<grid, block, 0, stream>>>(
          pairs, indices, tokens, row_words, cache_rows, threads_per_row);
      break;
  }
}

// Scatters with the widest word (16 bytes down to 1) that divides the row and to which every
// pointer is aligned.
template <int NPAIR>
void scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                  std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                  cudaStream_t stream) {
  if (tokens <= 0 || row_bytes <= 0) return;
  const auto fits = [&](std::int64_t word) {
    if (row_bytes % word != 0) return false;
    for (int p = 0; p < NPAIR; ++p) {
      if (!is_aligned(pairs.src[p], word) || !is_aligned(pairs.dst[p], word)) return false;
    }
    return true;
  };
  if (fits(16)) {
    launch_scatter_rows<uint4>(pairs, indices, tokens, row_bytes, cache_rows, stream);
  } else if (fits(8)) {
    launch_scatter_rows<uint2>(pairs, indices, tokens, row_bytes, cache_rows, stream);
  } else if (fits(4)) {
    launch_scatter_rows<std::uint32_t>(pairs, indices, tokens, row_bytes, cache_rows, stream);
  } else if (fits(2)) {
    launch_scatter_rows<std::uint16_t>(pairs, indices, tokens, row_bytes, cache_rows, stream);
  } else {
    launch_scatter_rows<std::uint8_t>(pairs, indices, tokens, row_bytes, cache_rows, stream);
  }
}

// One thread an element of a row, both caches.
template <class T>
__global__ void store_cache_naive_kernel(const T* k, const T* v, T* k_cache, T* v_cache,
                                         const std::int64_t* indices, std::int64_t tokens,
                                         std::int64_t row_elems, std::int64_t cache_rows) {
  const std::int64_t n = tokens * row_elems;
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < n;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    const std::int64_t token = i / row_elems;
    const std::int64_t col = i - token * row_elems;
    const std::int64_t slot = indices[token];
    if (slot < 0 || slot >= cache_rows) continue;
    k_cache[slot * row_elems + col] = k[i];
    v_cache[slot * row_elems + col] = v[i];
  }
}

}  // namespace detail

template <class T>
void store_cache_fused(const T* k, const T* v, T* k_cache, T* v_cache, const std::int64_t* indices,
                       std::int64_t tokens, std::int64_t row_elems, std::int64_t cache_rows,
                       cudaStream_t stream) {
  const detail::ScatterPairs<2> pairs{
      {reinterpret_cast<const unsigned char*>(k), reinterpret_cast<const unsigned char*>(v)},
      {reinterpret_cast<unsigned char*>(k_cache), reinterpret_cast<unsigned char*>(v_cache)}};
  detail::scatter_rows<2>(pairs, indices, tokens, row_elems * static_cast<std::int64_t>(sizeof(T)),
                          cache_rows, stream);
}

// A generic scatter of rows into one cache.
template <class T>
void scatter_rows(const T* src, T* cache, const std::int64_t* indices, std::int64_t tokens,
                  std::int64_t row_elems, std::int64_t cache_rows, cudaStream_t stream) {
  const detail::ScatterPairs<1> pairs{{reinterpret_cast<const unsigned char*>(src)},
                                      {reinterpret_cast<unsigned char*>(cache)}};
  detail::scatter_rows<1>(pairs, indices, tokens, row_elems * static_cast<std::int64_t>(sizeof(T)),
                          cache_rows, stream);
}

template <class T>
void store_cache_separate(const T* k, const T* v, T* k_cache, T* v_cache,
                          const std::int64_t* indices, std::int64_t tokens, std::int64_t row_elems,
                          std::int64_t cache_rows, cudaStream_t stream) {
  scatter_rows<T>(k, k_cache, indices, tokens, row_elems, cache_rows, stream);
  scatter_rows<T>(v, v_cache, indices, tokens, row_elems, cache_rows, stream);
}

template <class T>
void store_cache_naive(const T* k, const T* v, T* k_cache, T* v_cache, const std::int64_t* indices,
                       std::int64_t tokens, std::int64_t row_elems, std::int64_t cache_rows,
                       cudaStream_t stream) {
  if (tokens <= 0 || row_elems <= 0) return;
  constexpr int kThreads = 256;
  const unsigned grid =
      detail::grid_blocks(detail::ceil_div(tokens * row_elems, std::int64_t{kThreads}));
  detail::store_cache_naive_kernel<T><<<grid, kThreads, 0, stream>>>(
      k, v, k_cache, v_cache, indices, tokens, row_elems, cache_rows);
}

}  // namespace kernels
