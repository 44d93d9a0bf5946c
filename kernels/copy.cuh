#pragma once

// A vectorised device-to-device copy: the calibration kernel that the other benchmarks are
// read against, so it has to reach what the memory system can do (cudaMemcpyAsync's speed).
//
//   kernels::copy_vectorized(dst, src, bytes, stream);   // like cudaMemcpyAsync D2D
//
// Any byte count and any alignment: the bulk moves in the widest word (16, 8, 4, 2 or 1 bytes)
// at which dst and src can be aligned together; the few bytes before and after it are copied
// one by one in the same launch. dst and src must not overlap.

#include "detail/common.cuh"

namespace kernels {
namespace detail {

inline constexpr int kCopyBlockThreads = 256;

// Copies head bytes, then n_words words of type W (dst + head and src + head are W-aligned),
// then tail bytes. Each thread moves VPT words: all loads are issued before the first store so
// that VPT * sizeof(W) bytes a thread are in flight.
template <class W, int VPT>
__global__ void __launch_bounds__(kCopyBlockThreads)
    copy_kernel(unsigned char* __restrict__ dst, const unsigned char* __restrict__ src,
                std::size_t head_bytes, std::size_t n_words, std::size_t tail_bytes) {
  W* __restrict__ dst_words = reinterpret_cast<W*>(dst + head_bytes);
  const W* __restrict__ src_words = reinterpret_cast<const W*>(src + head_bytes);
  constexpr std::size_t kTileWords = std::size_t{kCopyBlockThreads} * VPT;
  const std::size_t n_tiles = ceil_div(n_words, kTileWords);

  for (std::size_t tile = blockIdx.x; tile < n_tiles; tile += gridDim.x) {
    const std::size_t first = tile * kTileWords + threadIdx.x;
    W r[VPT];
#pragma unroll
    for (int j = 0; j < VPT; ++j) {
      const std::size_t i = first + static_cast<std::size_t>(j) * kCopyBlockThreads;
      if (i < n_words) r[j] = src_words[i];
    }
#pragma unroll
    for (int j = 0; j < VPT; ++j) {
      const std::size_t i = first + static_cast<std::size_t>(j) * kCopyBlockThreads;
      if (i < n_words) dst_words[i] = r[j];
    }
  }

  // head_bytes and tail_bytes are below sizeof(W) <= 16, fewer than the block's threads.
  if (blockIdx.x == 0) {
    if (threadIdx.x < head_bytes) dst[threadIdx.x] = src[threadIdx.x];
    const std::size_t tail_start = head_bytes + n_words * sizeof(W);
    if (threadIdx.x < tail_bytes) dst[tail_start + threadIdx.x] = src[tail_start + threadIdx.x];
  }
}

template <class W>
void launch_copy(void* dst, const void* src, std::size_t bytes, cudaStream_t stream) {
  constexpr std::size_t kWord = sizeof(W);
  const auto misalignment = reinterpret_cast<std::uintptr_t>(dst) % kWord;
  std::size_t head = misalignment == 0 ? 0 : kWord - misalignment;
  if (head > bytes) head = bytes;
  const std::size_t n_words = (bytes - head) / kWord;
  const std::size_t tail = bytes - head - n_words * kWord;

  // Four words a thread once the copy fills the device several times over (more bytes in
  // flight, fewer blocks); one a thread below that, so that mid-size copies still spread over
  // every multiprocessor.
  const DeviceShape device = current_device_shape();
  const bool large = n_words >= 4 * static_cast<std::size_t>(device.resident_threads);
  const int vpt = large ? 4 : 1;
  const std::size_t tile_words = std::size_t{kCopyBlockThreads} * vpt;
  const std::size_t tiles = n_words == 0 ? 1 : ceil_div(n_words, tile_words);
  const unsigned grid = grid_blocks(static_cast<std::int64_t>(tiles));

  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (large) {
    copy_kernel<W, 4><<<grid, kCopyBlockThreads, 0, stream>>>(d, s, head, n_words, tail);
  } else {
    copy_kernel<W, 1><<<grid, kCopyBlockThreads, 0, stream>>>(d, s, head, n_words, tail);
  }
}

}  // namespace detail

// Copies bytes from src to dst (both device memory, not overlapping) on stream.
inline void copy_vectorized(void* dst, const void* src, std::size_t bytes, cudaStream_t stream) {
  if (bytes == 0) return;
  // dst and src can share an alignment of w bytes exactly when their addresses differ by a
  // multiple of w.
  const std::uintptr_t distance =
      reinterpret_cast<std::uintptr_t>(dst) - reinterpret_cast<std::uintptr_t>(src);
  if (distance % 16 == 0) {
    detail::launch_copy<uint4>(dst, src, bytes, stream);
  } else if (distance % 8 == 0) {
    detail::launch_copy<uint2>(dst, src, bytes, stream);
  } else if (distance % 4 == 0) {
    detail::launch_copy<std::uint32_t>(dst, src, bytes, stream);
  } else if (distance % 2 == 0) {
    detail::launch_copy<std::uint16_t>(dst, src, bytes, stream);
  } else {
    detail::launch_copy<std::uint8_t>(dst, src, bytes, stream);
  }
}

}  // namespace kernels
