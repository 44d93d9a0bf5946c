#pragma once

// VARIANT v2: main's launch shape, 2D block (no division), nc loads, predicated stores.

#include "detail/common.cuh"

#ifndef SC_LOAD
#define SC_LOAD 0
#endif

namespace kernels {
namespace detail {

template <int NPAIR>
struct ScatterPairs {
  const unsigned char* src[NPAIR];
  unsigned char* dst[NPAIR];
};

inline constexpr int kScatterMaxBlockThreads = 256;

template <class W>
__device__ __forceinline__ W load_row_word(const W* p) {
#if SC_LOAD == 0
  return __ldg(p);
#else
  return *p;
#endif
}

__device__ __forceinline__ void store_if(bool ok, uint4* p, uint4 v) {
  asm volatile(
      "{\n\t.reg .pred q;\n\tsetp.ne.b32 q, %0, 0;\n\t@q st.global.v4.u32 [%1], {%2, %3, %4, "
      "%5};\n\t}" ::"r"(static_cast<int>(ok)),
      "l"(__cvta_generic_to_global(p)), "r"(v.x), "r"(v.y), "r"(v.z), "r"(v.w)
      : "memory");
}
__device__ __forceinline__ void store_if(bool ok, uint2* p, uint2 v) {
  asm volatile(
      "{\n\t.reg .pred q;\n\tsetp.ne.b32 q, %0, 0;\n\t@q st.global.v2.u32 [%1], {%2, %3};\n\t}" ::
          "r"(static_cast<int>(ok)),
      "l"(__cvta_generic_to_global(p)), "r"(v.x), "r"(v.y)
      : "memory");
}
__device__ __forceinline__ void store_if(bool ok, std::uint32_t* p, std::uint32_t v) {
  asm volatile(
      "{\n\t.reg .pred q;\n\tsetp.ne.b32 q, %0, 0;\n\t@q st.global.u32 [%1], %2;\n\t}" ::"r"(
          static_cast<int>(ok)),
      "l"(__cvta_generic_to_global(p)), "r"(v)
      : "memory");
}
__device__ __forceinline__ void store_if(bool ok, std::uint16_t* p, std::uint16_t v) {
  asm volatile(
      "{\n\t.reg .pred q;\n\tsetp.ne.b32 q, %0, 0;\n\t@q st.global.u16 [%1], %2;\n\t}" ::"r"(
          static_cast<int>(ok)),
      "l"(__cvta_generic_to_global(p)), "h"(v)
      : "memory");
}
__device__ __forceinline__ void store_if(bool ok, std::uint8_t* p, std::uint8_t v) {
  asm volatile(
      "{\n\t.reg .pred q;\n\tsetp.ne.b32 q, %0, 0;\n\t@q st.global.u8 [%1], %2;\n\t}" ::"r"(
          static_cast<int>(ok)),
      "l"(__cvta_generic_to_global(p)), "r"(static_cast<std::uint32_t>(v))
      : "memory");
}

// How a launch spreads the rows (as main's kernel): threads_per_row lanes (blockDim.x) move a
// piece of words_per_thread * threads_per_row words of one row, rows_per_block rows a block
// (blockDim.y), and a row in `pieces` pieces, blockIdx.y the piece. A 2D block: no division.
struct ScatterShape {
  int words_per_thread = 1;
  int threads_per_row = 1;
  int rows_per_block = 1;
  std::int64_t pieces = 1;
};

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

template <class W, int WPT, int NPAIR>
__global__ void __launch_bounds__(kScatterMaxBlockThreads)
    scatter_rows_kernel(ScatterPairs<NPAIR> pairs, const std::int64_t* __restrict__ indices,
                        std::int64_t tokens, std::int64_t row_words, std::int64_t cache_rows) {
  const std::int64_t piece_words = std::int64_t{WPT} * blockDim.x;
  wait_for_previous_grid();
  allow_next_grid();
  for (std::int64_t base = blockIdx.y * piece_words + threadIdx.x; base < row_words;
       base += std::int64_t{gridDim.y} * piece_words) {
    for (std::int64_t token = blockIdx.x * std::int64_t{blockDim.y} + threadIdx.y; token < tokens;
         token += std::int64_t{gridDim.x} * blockDim.y) {
      const std::int64_t slot = indices[token];
      W r[NPAIR][WPT];
#pragma unroll
      for (int j = 0; j < WPT; ++j) {
        const std::int64_t i = base + std::int64_t{j} * blockDim.x;
        const std::int64_t from = token * row_words + (i < row_words ? i : row_words - 1);
#pragma unroll
        for (int p = 0; p < NPAIR; ++p) {
          r[p][j] = load_row_word(reinterpret_cast<const W*>(pairs.src[p]) + from);
        }
      }
      const bool ok = slot >= 0 && slot < cache_rows;
#pragma unroll
      for (int j = 0; j < WPT; ++j) {
        const std::int64_t i = base + std::int64_t{j} * blockDim.x;
#pragma unroll
        for (int p = 0; p < NPAIR; ++p) {
          store_if(ok && i < row_words, reinterpret_cast<W*>(pairs.dst[p]) + slot * row_words + i,
                   r[p][j]);
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
  const dim3 block(static_cast<unsigned>(s.threads_per_row),
                   static_cast<unsigned>(s.rows_per_block));
  const bool overlap = enable_pdl && supports_overlap_previous(device);
  switch (s.words_per_thread) {
    case 1:
      launch_kernel(scatter_rows_kernel<W, 1, NPAIR>, grid, block, overlap, stream, pairs, indices,
                    tokens, row_words, cache_rows);
      break;
    case 2:
      launch_kernel(scatter_rows_kernel<W, 2, NPAIR>, grid, block, overlap, stream, pairs, indices,
                    tokens, row_words, cache_rows);
      break;
    default:
      launch_kernel(scatter_rows_kernel<W, 4, NPAIR>, grid, block, overlap, stream, pairs, indices,
                    tokens, row_words, cache_rows);
      break;
  }
}

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
