#pragma once

// The KV read of paged attention, as a gather: each sequence's tokens live in pages of
// `page_rows` rows of `row` elements, scattered over a paged cache; a block table names the
// page of every page_rows tokens. The gather copies each sequence's rows into one contiguous
// output, reading only the pages the table names.
//
//   cache:       [pages, page_rows, row]        T
//   block_table: [seqs, seq_len / page_rows]    int32 page ids in [0, pages)
//   out:         [seqs, seq_len, row]           T
//
//   kernels::page_gather_vectorized<T>(out, cache, block_table, seqs, seq_len, page_rows, row,
//                                      stream);   // one block a page, 16-byte accesses
//   kernels::page_gather_naive<T>(...same...);    // one thread an element: the reference
//
// seq_len must be a multiple of page_rows. The vectorised gather needs rows of a multiple of 16
// bytes and 16-byte aligned buffers; otherwise it runs the element-wise kernel.

#include "detail/common.cuh"

namespace kernels {
namespace detail {

inline constexpr int kGatherBlockThreads = 256;

// A block copies whole pages: slot s of the block table (sequence s / pages_per_seq) is
// page_words 16-byte words at out + s * page_words, each thread several words, all loads of a
// round issued before its stores.
template <int kWordsPerThread>
__global__ void __launch_bounds__(kGatherBlockThreads)
    page_gather_words(uint4* __restrict__ out, const uint4* __restrict__ cache,
                      const std::int32_t* __restrict__ block_table, std::int64_t slots,
                      std::int64_t page_words) {
  constexpr std::int64_t kRound = std::int64_t{kGatherBlockThreads} * kWordsPerThread;
  for (std::int64_t slot = blockIdx.x; slot < slots; slot += gridDim.x) {
    const std::int64_t page = block_table[slot];
    const uint4* src = cache + page * page_words;
    uint4* dst = out + slot * page_words;
    for (std::int64_t first = threadIdx.x; first < page_words; first += kRound) {
      uint4 r[kWordsPerThread];
#pragma unroll
      for (int j = 0; j < kWordsPerThread; ++j) {
        const std::int64_t i = first + std::int64_t{j} * kGatherBlockThreads;
        if (i < page_words) r[j] = src[i];
      }
#pragma unroll
      for (int j = 0; j < kWordsPerThread; ++j) {
        const std::int64_t i = first + std::int64_t{j} * kGatherBlockThreads;
        if (i < page_words) dst[i] = r[j];
      }
    }
  }
}

template <class T>
__global__ void page_gather_elements(T* __restrict__ out, const T* __restrict__ cache,
                                     const std::int32_t* __restrict__ block_table,
                                     std::int64_t total, std::int64_t seq_len,
                                     std::int64_t page_rows, std::int64_t row) {
  const std::int64_t pages_per_seq = seq_len / page_rows;
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < total;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    const std::int64_t e = i % row;
    const std::int64_t token = i / row % seq_len;
    const std::int64_t seq = i / row / seq_len;
    const std::int64_t page = block_table[seq * pages_per_seq + token / page_rows];
    out[i] = cache[(page * page_rows + token % page_rows) * row + e];
  }
}

}  // namespace detail

template <class T>
void page_gather_naive(T* out, const T* cache, const std::int32_t* block_table, std::int64_t seqs,
                       std::int64_t seq_len, std::int64_t page_rows, std::int64_t row,
                       cudaStream_t stream) {
  const std::int64_t total = seqs * seq_len * row;
  if (total == 0) return;
  constexpr int kThreads = 256;
  const unsigned grid = detail::grid_blocks(detail::ceil_div<std::int64_t>(total, kThreads));
  detail::page_gather_elements<T>
      <<<grid, kThreads, 0, stream>>>(out, cache, block_table, total, seq_len, page_rows, row);
}

template <class T>
void page_gather_vectorized(T* out, const T* cache, const std::int32_t* block_table,
                            std::int64_t seqs, std::int64_t seq_len, std::int64_t page_rows,
                            std::int64_t row, cudaStream_t stream) {
  const std::int64_t page_bytes = page_rows * row * static_cast<std::int64_t>(sizeof(T));
  const bool vectorizable =
      (row * static_cast<std::int64_t>(sizeof(T))) % detail::kVectorBytes == 0 &&
      detail::is_aligned(out, detail::kVectorBytes) &&
      detail::is_aligned(cache, detail::kVectorBytes);
  if (!vectorizable) {
    page_gather_naive<T>(out, cache, block_table, seqs, seq_len, page_rows, row, stream);
    return;
  }
  const std::int64_t slots = seqs * (seq_len / page_rows);
  if (slots == 0) return;
  const std::int64_t page_words = page_bytes / detail::kVectorBytes;
  detail::page_gather_words<8>
      <<<detail::grid_blocks(slots), detail::kGatherBlockThreads, 0, stream>>>(
          reinterpret_cast<uint4*>(out), reinterpret_cast<const uint4*>(cache), block_table, slots,
          page_words);
}

}  // namespace kernels
