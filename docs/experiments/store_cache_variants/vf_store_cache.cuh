#pragma once

// VARIANT vf (flat, Triton-like): one thread per word of a row (WPT words), over the flattened
// tokens x row_words; slot index, k and v word loaded together; stores predicated (no branch).
//   SC_TPB       threads a block (max)           default 128
//   SC_WPT       words a thread (1 or 2)         default 1
//   SC_LOAD      0: ld.global.nc (__ldg), 1: plain ld.global
//   SC_ADAPTIVE  1: halve the block (down to 32) while the grid has fewer than 2 blocks an SM

#include "detail/common.cuh"

#ifndef SC_TPB
#define SC_TPB 128
#endif
#ifndef SC_WPT
#define SC_WPT 1
#endif
#ifndef SC_LOAD
#define SC_LOAD 0
#endif
#ifndef SC_ADAPTIVE
#define SC_ADAPTIVE 0
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

// n / d for n < 2^31 by a multiply-high and a shift (d fixed for the launch).
struct FastDiv32 {
  std::uint32_t mul = 1;
  std::uint32_t shift = 0;
};

inline FastDiv32 make_fast_div(std::uint32_t d) {
  FastDiv32 f;
  std::uint32_t l = 0;
  while ((std::uint64_t{1} << l) < d) ++l;
  f.shift = l;
  f.mul = static_cast<std::uint32_t>(
      ((std::uint64_t{1} << 32) * ((std::uint64_t{1} << l) - d)) / d + 1);
  return f;
}

__device__ __forceinline__ std::uint32_t divide(std::uint32_t n, std::uint32_t, FastDiv32 f) {
  return (__umulhi(n, f.mul) + n) >> f.shift;
}
__device__ __forceinline__ std::uint64_t divide(std::uint64_t n, std::uint64_t d, FastDiv32) {
  return n / d;
}

template <class W, int WPT, int NPAIR, class Index>
__global__ void __launch_bounds__(kScatterMaxBlockThreads)
    scatter_flat_kernel(ScatterPairs<NPAIR> pairs, const std::int64_t* __restrict__ indices,
                        Index total, Index row_words, FastDiv32 div, std::int64_t cache_rows) {
  wait_for_previous_grid();
  allow_next_grid();
  const Index chunk = static_cast<Index>(blockDim.x) * WPT;
  for (Index base = static_cast<Index>(blockIdx.x) * chunk + threadIdx.x; base < total;
       base += static_cast<Index>(gridDim.x) * chunk) {
    Index col[WPT];
    std::int64_t slot[WPT];
    bool in[WPT];
    W r[NPAIR][WPT];
#pragma unroll
    for (int j = 0; j < WPT; ++j) {
      Index w = base + static_cast<Index>(j) * blockDim.x;
      in[j] = w < total;
      w = in[j] ? w : total - 1;
      const Index token = divide(w, row_words, div);
      col[j] = w - token * row_words;
      slot[j] = indices[token];
#pragma unroll
      for (int p = 0; p < NPAIR; ++p) {
        r[p][j] = load_row_word(reinterpret_cast<const W*>(pairs.src[p]) + w);
      }
    }
#pragma unroll
    for (int j = 0; j < WPT; ++j) {
      const bool ok = in[j] && slot[j] >= 0 && slot[j] < cache_rows;
      const std::int64_t at =
          slot[j] * static_cast<std::int64_t>(row_words) + static_cast<std::int64_t>(col[j]);
#pragma unroll
      for (int p = 0; p < NPAIR; ++p)
        store_if(ok, reinterpret_cast<W*>(pairs.dst[p]) + at, r[p][j]);
    }
  }
}

template <class W, int NPAIR>
void launch_scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                         std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                         bool enable_pdl, cudaStream_t stream, bool force_wide_index) {
  constexpr int kWpt = SC_WPT;
  const std::int64_t row_words = row_bytes / static_cast<std::int64_t>(sizeof(W));
  const std::int64_t total = tokens * row_words;
  const DeviceShape device = current_device_shape();
  std::int64_t threads = SC_TPB;
#if SC_ADAPTIVE
  while (threads > 32 && ceil_div(total, threads * kWpt) < 2 * device.sm_count) threads /= 2;
#endif
  const dim3 grid(grid_blocks(ceil_div(total, threads * kWpt)));
  const dim3 block(static_cast<unsigned>(threads));
  const bool overlap = enable_pdl && supports_overlap_previous(device);
  if (total < (std::int64_t{1} << 31) && !force_wide_index) {
    launch_kernel(scatter_flat_kernel<W, kWpt, NPAIR, std::uint32_t>, grid, block, overlap, stream,
                  pairs, indices, static_cast<std::uint32_t>(total),
                  static_cast<std::uint32_t>(row_words),
                  make_fast_div(static_cast<std::uint32_t>(row_words)), cache_rows);
  } else {
    launch_kernel(scatter_flat_kernel<W, kWpt, NPAIR, std::uint64_t>, grid, block, overlap, stream,
                  pairs, indices, static_cast<std::uint64_t>(total),
                  static_cast<std::uint64_t>(row_words), FastDiv32{}, cache_rows);
  }
}

template <int NPAIR>
void scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                  std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                  bool enable_pdl, cudaStream_t stream, bool force_wide_index = false) {
  if (tokens <= 0 || row_bytes <= 0) return;
  const auto fits = [&](std::int64_t word) {
    if (row_bytes % word != 0) return false;
    for (int p = 0; p < NPAIR; ++p) {
      if (!is_aligned(pairs.src[p], word) || !is_aligned(pairs.dst[p], word)) return false;
    }
    return true;
  };
  if (fits(16)) {
    launch_scatter_rows<uint4>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl, stream,
                               force_wide_index);
  } else if (fits(8)) {
    launch_scatter_rows<uint2>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl, stream,
                               force_wide_index);
  } else if (fits(4)) {
    launch_scatter_rows<std::uint32_t>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl,
                                       stream, force_wide_index);
  } else if (fits(2)) {
    launch_scatter_rows<std::uint16_t>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl,
                                       stream, force_wide_index);
  } else {
    launch_scatter_rows<std::uint8_t>(pairs, indices, tokens, row_bytes, cache_rows, enable_pdl,
                                      stream, force_wide_index);
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
