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
//            that the row size and the pointers allow; a row spread over up to 256 threads,
//            several rows a block when rows are short, a row split over blocks when there are
//            too few rows for the multiprocessors. Every load of a row is issued before its
//            slot arrives. On sm_90 and later it is launched with programmatic dependent launch
//            (enable_pdl, on by default; see kernels/activation.cuh).
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

// Loads that ptxas issues where they stand. An ordinary load whose value is used only under a
// branch is moved into that branch by ptxas (the SASS of the kernel below had its LDGs after the
// slot check, NVVM's and ptxas's sinking alike), so every source load waited for the index load:
// two DRAM round trips a call instead of one. A volatile load has to happen on every path and
// stays before the branch. (It is also a system-scope load that skips L1; the rows are read
// once.)
__device__ __forceinline__ uint4 load_now(const uint4* p) {
  uint4 v;
  asm volatile("ld.volatile.global.v4.u32 {%0, %1, %2, %3}, [%4];"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(p));
  return v;
}
__device__ __forceinline__ uint2 load_now(const uint2* p) {
  uint2 v;
  asm volatile("ld.volatile.global.v2.u32 {%0, %1}, [%2];" : "=r"(v.x), "=r"(v.y) : "l"(p));
  return v;
}
__device__ __forceinline__ std::uint32_t load_now(const std::uint32_t* p) {
  std::uint32_t v;
  asm volatile("ld.volatile.global.u32 %0, [%1];" : "=r"(v) : "l"(p));
  return v;
}
__device__ __forceinline__ std::uint16_t load_now(const std::uint16_t* p) {
  std::uint16_t v;
  asm volatile("ld.volatile.global.u16 %0, [%1];" : "=h"(v) : "l"(p));
  return v;
}
__device__ __forceinline__ std::uint8_t load_now(const std::uint8_t* p) {
  std::uint32_t v;
  asm volatile("ld.volatile.global.u8 %0, [%1];" : "=r"(v) : "l"(p));
  return static_cast<std::uint8_t>(v);
}

// How a launch spreads the rows: threads_per_row lanes move a piece of
// words_per_thread * threads_per_row words of one row (words_per_thread words of each pair a
// lane), rows_per_block rows a block, and a row in `pieces` pieces, blockIdx.y the piece.
struct ScatterShape {
  int words_per_thread = 1;
  int threads_per_row = 1;
  int rows_per_block = 1;
  std::int64_t pieces = 1;
};

// A row over up to 256 lanes, 1, 2 or 4 words a lane (the fewest that cover it). Rows a block:
// as many as fit in 256 threads, halved until every multiprocessor gets a block (keeping at
// least a warp's worth of threads). When even one row a block leaves multiprocessors idle (a
// few long rows), rows are split: fewer words a lane, then fewer lanes (down to 32), each piece
// a block. (On the H200, docs/results.md: one token of 8 KiB rows took 1.62 us split into 16
// blocks and 1.81 in one; from 64 tokens on, neither the split nor 128-thread blocks, one word
// a lane or four moved the time by more than a few percent.)
inline ScatterShape scatter_shape(std::int64_t tokens, std::int64_t row_words, int sm_count) {
  constexpr std::int64_t kMaxThreads = kScatterMaxBlockThreads;
  ScatterShape s;
  s.words_per_thread = row_words <= kMaxThreads ? 1 : row_words <= 2 * kMaxThreads ? 2 : 4;
  const std::int64_t lanes = ceil_div(row_words, std::int64_t{s.words_per_thread});
  s.threads_per_row = static_cast<int>(lanes < kMaxThreads ? lanes : kMaxThreads);
  s.rows_per_block = static_cast<int>(kMaxThreads / s.threads_per_row);
  while (s.rows_per_block > 1 && s.threads_per_row * s.rows_per_block > 32 &&
         ceil_div(tokens, std::int64_t{s.rows_per_block}) < sm_count) {
    s.rows_per_block /= 2;
  }
  const auto pieces = [&] {
    return ceil_div(row_words, std::int64_t{s.words_per_thread} * s.threads_per_row);
  };
  s.pieces = pieces();
  while (ceil_div(tokens, std::int64_t{s.rows_per_block}) * s.pieces < sm_count &&
         (s.words_per_thread > 1 || s.threads_per_row > 32)) {
    if (s.words_per_thread > 1) {
      s.words_per_thread /= 2;
    } else {
      s.threads_per_row /= 2;
    }
    s.pieces = pieces();
  }
  return s;
}

// Each group of threads_per_row lanes moves one piece of a row at a time. Every load of a piece
// is issued right after the index load, before the slot arrives: a source word does not depend
// on the slot, load_now() keeps the loads ahead of the slot check, and a lane past the end of
// the row reloads the row's last word rather than branch around its load.
template <class W, int WPT, int NPAIR>
__global__ void __launch_bounds__(kScatterMaxBlockThreads)
    scatter_rows_kernel(ScatterPairs<NPAIR> pairs, const std::int64_t* __restrict__ indices,
                        std::int64_t tokens, std::int64_t row_words, std::int64_t cache_rows,
                        int threads_per_row) {
  const int lane = static_cast<int>(threadIdx.x) % threads_per_row;
  const std::int64_t rows_per_block = blockDim.x / threads_per_row;
  const int row_in_block = static_cast<int>(threadIdx.x) / threads_per_row;
  const std::int64_t piece_words = std::int64_t{WPT} * threads_per_row;
  wait_for_previous_grid();
  allow_next_grid();

  // One pass of the outer loop unless a row has more than 65535 pieces.
  for (std::int64_t base = blockIdx.y * piece_words + lane; base < row_words;
       base += std::int64_t{gridDim.y} * piece_words) {
    for (std::int64_t token = blockIdx.x * rows_per_block + row_in_block; token < tokens;
         token += std::int64_t{gridDim.x} * rows_per_block) {
      const std::int64_t slot = indices[token];
      W r[NPAIR][WPT];
#pragma unroll
      for (int j = 0; j < WPT; ++j) {
        const std::int64_t i = base + std::int64_t{j} * threads_per_row;
        const std::int64_t from = token * row_words + (i < row_words ? i : row_words - 1);
#pragma unroll
        for (int p = 0; p < NPAIR; ++p) {
          r[p][j] = load_now(reinterpret_cast<const W*>(pairs.src[p]) + from);
        }
      }
      if (slot >= 0 && slot < cache_rows) {
#pragma unroll
        for (int j = 0; j < WPT; ++j) {
          const std::int64_t i = base + std::int64_t{j} * threads_per_row;
#pragma unroll
          for (int p = 0; p < NPAIR; ++p) {
            if (i < row_words) reinterpret_cast<W*>(pairs.dst[p])[slot * row_words + i] = r[p][j];
          }
        }
      }
    }
  }
}

inline constexpr std::int64_t kMaxGridPieces = 65535;  // gridDim.y

template <class W, int NPAIR>
void launch_scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                         std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                         bool enable_pdl, cudaStream_t stream) {
  const std::int64_t row_words = row_bytes / static_cast<std::int64_t>(sizeof(W));
  const DeviceShape device = current_device_shape();
  const ScatterShape s = scatter_shape(tokens, row_words, device.sm_count);
  const dim3 grid(grid_blocks(ceil_div(tokens, std::int64_t{s.rows_per_block})),
                  static_cast<unsigned>(s.pieces < kMaxGridPieces ? s.pieces : kMaxGridPieces));
  const dim3 block(static_cast<unsigned>(s.threads_per_row * s.rows_per_block));
  const bool overlap = enable_pdl && supports_overlap_previous(device);
  switch (s.words_per_thread) {
    case 1:
      launch_kernel(scatter_rows_kernel<W, 1, NPAIR>, grid, block, overlap, stream, pairs, indices,
                    tokens, row_words, cache_rows, s.threads_per_row);
      break;
    case 2:
      launch_kernel(scatter_rows_kernel<W, 2, NPAIR>, grid, block, overlap, stream, pairs, indices,
                    tokens, row_words, cache_rows, s.threads_per_row);
      break;
    default:
      launch_kernel(scatter_rows_kernel<W, 4, NPAIR>, grid, block, overlap, stream, pairs, indices,
                    tokens, row_words, cache_rows, s.threads_per_row);
      break;
  }
}

// Scatters with the widest word (16 bytes down to 1) that divides the row and to which every
// pointer is aligned.
template <int NPAIR>
void scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                  std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                  bool enable_pdl, cudaStream_t stream) {
  if (tokens <= 0 || row_bytes <= 0) return;
  const auto fits = [&](std::int64_t word) {
    if (row_bytes % word != 0) return false;
    for (int p = 0; p < NPAIR; ++p) {
      if (!is_aligned(pairs.src[p], word) || !is_aligned(pairs.dst[p], word)) return false;
    }
    return true;
  };
  if (fits(16)) {
    launch_scatter_rows<uint4>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl, stream);
  } else if (fits(8)) {
    launch_scatter_rows<uint2>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl, stream);
  } else if (fits(4)) {
    launch_scatter_rows<std::uint32_t>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl,
                                       stream);
  } else if (fits(2)) {
    launch_scatter_rows<std::uint16_t>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl,
                                       stream);
  } else {
    launch_scatter_rows<std::uint8_t>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl,
                                      stream);
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
                       cudaStream_t stream, bool enable_pdl = true) {
  const detail::ScatterPairs<2> pairs{
      {reinterpret_cast<const unsigned char*>(k), reinterpret_cast<const unsigned char*>(v)},
      {reinterpret_cast<unsigned char*>(k_cache), reinterpret_cast<unsigned char*>(v_cache)}};
  detail::scatter_rows<2>(pairs, indices, tokens, row_elems * static_cast<std::int64_t>(sizeof(T)),
                          cache_rows, enable_pdl, stream);
}

// A generic scatter of rows into one cache.
template <class T>
void scatter_rows(const T* src, T* cache, const std::int64_t* indices, std::int64_t tokens,
                  std::int64_t row_elems, std::int64_t cache_rows, cudaStream_t stream) {
  const detail::ScatterPairs<1> pairs{{reinterpret_cast<const unsigned char*>(src)},
                                      {reinterpret_cast<unsigned char*>(cache)}};
  detail::scatter_rows<1>(pairs, indices, tokens, row_elems * static_cast<std::int64_t>(sizeof(T)),
                          cache_rows, /*enable_pdl=*/false, stream);
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
