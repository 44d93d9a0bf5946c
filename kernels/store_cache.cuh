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
//   fused    both caches in one launch; rows moved in the widest word (16 bytes down to 1;
//            8 at most in calls of up to 32 KiB a cache) that the row size and the pointers
//            allow. The rows are one flat range of tokens * row_words words, one word of k and
//            one of v a thread (two each from 16384 words on), 128 threads a block, like
//            torch.compile's Triton kernels. A
//            thread issues its slot load and its row loads together, and its stores are
//            predicated on the slot. The slots are loaded with an L2 evict_last hint, the rows
//            with evict_first while a call's k and v fit in half the L2. On sm_90 and later it
//            is launched with programmatic dependent launch (enable_pdl, on by default; see
//            kernels/activation.cuh).
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

inline constexpr int kScatterBlockThreads = 128;
// Two words of each source a thread when the rows hold at least this many words in all
// (tokens * row_words), one otherwise. On the H200 (docs/results.md, issue 17) two were up to
// 10% faster there (8-KiB rows x 1024 tokens: 9.6 against 10.7 us; 256-byte rows x 2048-16384
// tokens: 3-9%) and up to 8% slower on fewer words.
inline constexpr std::int64_t kScatterTwoWordsFrom = 16384;
// A block barrier between the loads and the stores (scatter_chunk's BLOCK_SYNC) from this many
// words on (2 MiB a source of 16-byte words). On the H200 it took 0-5% off a call timed alone
// behind a flush from 65536 words on, and cost 0-4% below (docs/results.md, session of
// 2026-12-01, evening); in back-to-back calls on rotated copies (jitbench's default timing) it
// cost 2-5% at 65536 words and nothing from 131072 on, where it took 1-3% off the call alone
// (session of 2026-12-01, afternoon).
inline constexpr std::int64_t kScatterBlockSyncFrom = 131072;
// Words of at most 8 bytes while a call moves at most this many bytes of each source: twice the
// threads, each with half the bytes, which took up to 0.08 us (7%) off calls of 2-8 tokens on
// the H200 and did not move larger ones by more than the noise (docs/results.md, issue 17).
inline constexpr std::int64_t kScatterNarrowWordsUpToBytes = 32 * 1024;

// Why the loads and stores are written as they are. A row word does not depend on the slot,
// so a thread's loads (slot, k word, v word) should all be in flight at once: one DRAM round
// trip a call instead of two. Stores written under `if (slot is valid)` defeat that: ptxas moves
// the row loads, whose values only that branch uses, into the branch, after the slot has
// arrived (the H200 SASS of issue 17: `@P1 BRA` on the slot, then the row loads). A volatile
// load stays in place, but as a system-scope strong load, up to 0.3 us a call slower. So each
// store is one predicated PTX instruction (store_if): with no branch after the loads there is
// nowhere to move them, and the SASS has the slot load and the row loads back to back, then
// `@P0 STG.E.128` for each cache. The loads are coherent ones with an L2 hint (load_global):
// read-only (LDG.CONSTANT) loads in the one-pass kernel were 0.3 us a call slower on the H200.

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

// Word w of the flat range [0, tokens * row_words) is word w % row_words of token
// w / row_words. A block moves WPT * kScatterBlockThreads consecutive words from `base` (word
// j * kScatterBlockThreads + lane of its chunk a lane), so a warp's accesses are contiguous runs
// of each row. A lane past the end reloads the last word rather than branch around its loads,
// and stores nothing. The slot is loaded evict_last (every thread of its token reads it), the
// rows with ROW_HINT.
//
// The word and token arithmetic comes before the wait for the previous grid, the loads after it:
// under programmatic dependent launch it runs while that grid drains, which with the branch of
// the spare lanes' early exit gone took 1-2 CUPTI ticks (0.03-0.06 us) off calls of up to 128
// tokens on the H200 (docs/results.md, issue 17). The next grid is let in once the loads are
// issued, where torch.compile's Triton kernel lets it in: let in first, before the wait, it made
// the mid-size calls 2-4% slower on the H200 (docs/results.md, session of 2026-12-01, evening).
// Waiting again once the wait has returned, or letting in again, costs nothing, so the
// grid-stride kernel calls this in its loop.
//
// With BLOCK_SYNC the block's threads meet at a barrier between their loads and their stores, as
// those of torch.compile's kernel do (its bounds assert ends in BAR.SYNC): every load of the block
// is issued before its first store (see kScatterBlockSyncFrom). Only a kernel whose threads all
// call this once may ask for it.
template <class W, int WPT, int NPAIR, L2Hint ROW_HINT, bool BLOCK_SYNC, class Index>
__device__ __forceinline__ void scatter_chunk(const ScatterPairs<NPAIR>& pairs,
                                              const std::int64_t* __restrict__ indices, Index base,
                                              Index total, Index row_words, FastDiv32 div,
                                              std::int64_t cache_rows) {
  Index word[WPT];
  Index token[WPT];
  bool in[WPT];
#pragma unroll
  for (int j = 0; j < WPT; ++j) {
    const Index w = base + static_cast<Index>(j) * kScatterBlockThreads;
    in[j] = w < total;
    word[j] = in[j] ? w : total - 1;
    token[j] = divide(word[j], row_words, div);
  }
  wait_for_previous_grid();
  std::int64_t slot[WPT];
  W r[NPAIR][WPT];
#pragma unroll
  for (int j = 0; j < WPT; ++j) {
    slot[j] = load_global<L2Hint::evict_last>(indices + token[j]);
#pragma unroll
    for (int p = 0; p < NPAIR; ++p) {
      r[p][j] = load_global<ROW_HINT>(reinterpret_cast<const W*>(pairs.src[p]) + word[j]);
    }
  }
  allow_next_grid();
  if constexpr (BLOCK_SYNC) __syncthreads();
#pragma unroll
  for (int j = 0; j < WPT; ++j) {
    // One unsigned comparison also rejects negative (padding) slots.
    const bool ok =
        in[j] && static_cast<std::uint64_t>(slot[j]) < static_cast<std::uint64_t>(cache_rows);
    const Index col = word[j] - token[j] * row_words;
    const std::int64_t at =
        slot[j] * static_cast<std::int64_t>(row_words) + static_cast<std::int64_t>(col);
#pragma unroll
    for (int p = 0; p < NPAIR; ++p) {
      store_if(ok, reinterpret_cast<W*>(pairs.dst[p]) + at, r[p][j]);
    }
  }
}

// One chunk a block, the grid covering the range (fewer than 2^31 words): no loop and no
// branch.
template <class W, int WPT, int NPAIR, L2Hint ROW_HINT, bool BLOCK_SYNC>
__global__ void __launch_bounds__(kScatterBlockThreads)
    scatter_flat_kernel(ScatterPairs<NPAIR> pairs, const std::int64_t* __restrict__ indices,
                        std::uint32_t total, std::uint32_t row_words, FastDiv32 div,
                        std::int64_t cache_rows) {
  const std::uint32_t base = blockIdx.x * (kScatterBlockThreads * WPT) + threadIdx.x;
  scatter_chunk<W, WPT, NPAIR, ROW_HINT, BLOCK_SYNC>(pairs, indices, base, total, row_words, div,
                                                     cache_rows);
}

// 64-bit word indices, a grid-stride loop: ranges of 2^31 words and more.
template <class W, int NPAIR>
__global__ void __launch_bounds__(kScatterBlockThreads)
    scatter_flat_wide_kernel(ScatterPairs<NPAIR> pairs, const std::int64_t* __restrict__ indices,
                             std::uint64_t total, std::uint64_t row_words,
                             std::int64_t cache_rows) {
  for (std::uint64_t base = std::uint64_t{blockIdx.x} * kScatterBlockThreads + threadIdx.x;
       base < total; base += std::uint64_t{gridDim.x} * kScatterBlockThreads) {
    scatter_chunk<W, 1, NPAIR, L2Hint::none, /*BLOCK_SYNC=*/false>(
        pairs, indices, base, total, row_words, FastDiv32{}, cache_rows);
  }
}

template <class W, int WPT, int NPAIR, bool BLOCK_SYNC>
void launch_scatter_flat(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                         std::int64_t total, std::int64_t row_words, std::int64_t cache_rows,
                         const DeviceShape& device, bool overlap, cudaStream_t stream) {
  const dim3 grid(grid_blocks(ceil_div(total, std::int64_t{kScatterBlockThreads} * WPT)));
  const dim3 block(kScatterBlockThreads);
  const auto words = static_cast<std::uint32_t>(total);
  const auto row = static_cast<std::uint32_t>(row_words);
  const FastDiv32 div = make_fast_div(row);
  // Rows evict_first saved 1-2.5% a call on the H200 (docs/results.md, issue 17); evict_last,
  // which torch.compile's kernel uses for 128-element rows, is avoided (see L2Hint).
  with_read_once_hint(total * NPAIR * static_cast<std::int64_t>(sizeof(W)), device, [&](auto hint) {
    launch_kernel(scatter_flat_kernel<W, WPT, NPAIR, decltype(hint)::value, BLOCK_SYNC>, grid,
                  block, overlap, stream, pairs, indices, words, row, div, cache_rows);
  });
}

// force_wide_index takes the 64-bit index path at any size (for the tests).
template <class W, int NPAIR>
void launch_scatter_rows(const ScatterPairs<NPAIR>& pairs, const std::int64_t* indices,
                         std::int64_t tokens, std::int64_t row_bytes, std::int64_t cache_rows,
                         bool enable_pdl, cudaStream_t stream, bool force_wide_index) {
  const std::int64_t row_words = row_bytes / static_cast<std::int64_t>(sizeof(W));
  const std::int64_t total = tokens * row_words;
  const DeviceShape device = current_device_shape();
  const bool overlap = enable_pdl && supports_overlap_previous(device);
  if (force_wide_index || total >= (std::int64_t{1} << 31)) {
    const dim3 grid(grid_blocks(ceil_div(total, std::int64_t{kScatterBlockThreads})));
    launch_kernel(scatter_flat_wide_kernel<W, NPAIR>, grid, dim3(kScatterBlockThreads), overlap,
                  stream, pairs, indices, static_cast<std::uint64_t>(total),
                  static_cast<std::uint64_t>(row_words), cache_rows);
  } else if (total >= kScatterBlockSyncFrom) {
    launch_scatter_flat<W, 2, NPAIR, true>(pairs, indices, total, row_words, cache_rows, device,
                                           overlap, stream);
  } else if (total >= kScatterTwoWordsFrom) {
    launch_scatter_flat<W, 2, NPAIR, false>(pairs, indices, total, row_words, cache_rows, device,
                                            overlap, stream);
  } else {
    launch_scatter_flat<W, 1, NPAIR, false>(pairs, indices, total, row_words, cache_rows, device,
                                            overlap, stream);
  }
}

// Scatters with the widest word (16 bytes down to 1; 8 at most for calls of up to
// kScatterNarrowWordsUpToBytes a source) that divides the row and to which every pointer is
// aligned.
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
  const bool narrow = tokens * row_bytes <= kScatterNarrowWordsUpToBytes;
  if (!narrow && fits(16)) {
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
