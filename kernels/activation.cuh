#pragma once

// Gated activations of an MLP: x [tokens, 2 * d] -> out [tokens, d],
// out = act(x[:, :d]) * x[:, d:], computed in fp32 and rounded once.
//
//   kernels::silu_and_mul_vectorized<__nv_bfloat16>(out, x, tokens, d, stream);
//   kernels::act_and_mul_naive<__half, kernels::Activation::gelu_tanh>(out, x, tokens, d,
//                                                                      stream);  // reference
//
// T is __nv_bfloat16, __half or float. `vectorized` is one thread a 16-byte pack of each half
// (8-byte packs for outputs up to 512 KiB) when d and the pointers allow it, and narrower packs
// (down to one element) when they do not: d not a multiple of 16 / sizeof(T) also misaligns
// the second half of every row. The packs are one flat range, 128 threads a block; x is loaded
// with an L2 evict_first hint while it fits in half the L2. On sm_90 and later it is launched
// with programmatic dependent launch (enable_pdl, on by default): it is scheduled while the
// kernel before it drains and waits only before its first load, which takes the launch off the
// critical path of a few-token call (1.9 -> 1.2 us on an H200).
// `naive` is one thread an element with the accurate library functions: the reference.

#include "detail/common.cuh"

namespace kernels {

// A spec names them: `act: {values: {silu: kernels::Activation::silu, ...}}`
// (specs/activation.yaml).
enum class Activation { silu = 0, gelu_tanh = 1 };

namespace detail {

// Fast forms: one exp2 and one reciprocal on the special-function unit per element.
// gelu_tanh(x) = 0.5 x (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3), and
// 0.5 (1 + tanh(u)) = 1 / (1 + exp(-2u)), so it is x * sigmoid(2u): the same shape as silu.
// __fdividef returns 0 when the divisor overflows, which is the right limit for x -> -inf.
template <Activation A>
__device__ __forceinline__ float activation_fast(float x) {
  if constexpr (A == Activation::silu) {
    return __fdividef(x, 1.0f + __expf(-x));
  } else {
    constexpr float kTwoSqrt2OverPi = 1.5957691216057308f;  // 2 * sqrt(2 / pi)
    constexpr float kCubic = kTwoSqrt2OverPi * 0.044715f;
    const float two_u = x * (kTwoSqrt2OverPi + kCubic * x * x);
    return __fdividef(x, 1.0f + __expf(-two_u));
  }
}

// The same forms with the accurate library functions and IEEE division: the reference. (The
// textbook 0.5 x (1 + tanhf(u)) loses all precision where tanhf(u) rounds to -1.)
template <Activation A>
__device__ __forceinline__ float activation_precise(float x) {
  if constexpr (A == Activation::silu) {
    return x / (1.0f + expf(-x));
  } else {
    constexpr float kTwoSqrt2OverPi = 1.5957691216057308f;
    return x / (1.0f + expf(-kTwoSqrt2OverPi * (x + 0.044715f * x * x * x)));
  }
}

inline constexpr int kActBlockThreads = 128;
// Packs of half the vector width (8 bytes) while the output is at most this many bytes: more,
// shorter threads on more multiprocessors, which on the H200 took up to 0.1 us off a call of up
// to 64 tokens and cost up to 25% above (docs/results.md, issue 17).
inline constexpr std::int64_t kActNarrowPacksUpToBytes = 512 * 1024;

// Pack i of the output, of the flat range of tokens * packs_per_row packs: row i / packs_per_row.
template <class T, Activation A, int N, L2Hint HINT, class Index>
__device__ __forceinline__ void act_and_mul_pack(T* __restrict__ out, const T* __restrict__ x,
                                                 Index i, Index packs_per_row, FastDiv32 div) {
  using P = Packed<T, N>;
  const Index row = divide(i, packs_per_row, div);
  const Index col = i - row * packs_per_row;
  const P* gate = reinterpret_cast<const P*>(x) + std::uint64_t{row} * 2 * packs_per_row + col;
  const P a = load_global<HINT>(gate);
  const P g = load_global<HINT>(gate + packs_per_row);
  P r;
#pragma unroll
  for (int e = 0; e < N; ++e) {
    r.e[e] = from_float<T>(activation_fast<A>(to_float(a.e[e])) * to_float(g.e[e]));
  }
  reinterpret_cast<P*>(out)[i] = r;
}

// One pack of each half a thread, 128 threads a block, the grid covering the output (fewer than
// 2^31 packs): torch.compile's launch shape for these ops. The next kernel may be scheduled as
// soon as every block has started: its blocks only take the slots that this grid no longer
// needs, and wait for this grid to finish before loading.
template <class T, Activation A, int N, L2Hint HINT>
__global__ void __launch_bounds__(kActBlockThreads)
    act_and_mul_kernel(T* __restrict__ out, const T* __restrict__ x, std::uint32_t total,
                       std::uint32_t packs_per_row, FastDiv32 div) {
  const std::uint32_t i = blockIdx.x * kActBlockThreads + threadIdx.x;
  wait_for_previous_grid();
  allow_next_grid();
  if (i >= total) return;
  act_and_mul_pack<T, A, N, HINT>(out, x, i, packs_per_row, div);
}

// 64-bit pack indices, a grid-stride loop: outputs of 2^31 packs and more.
template <class T, Activation A, int N>
__global__ void __launch_bounds__(kActBlockThreads)
    act_and_mul_wide_kernel(T* __restrict__ out, const T* __restrict__ x, std::uint64_t total,
                            std::uint64_t packs_per_row) {
  wait_for_previous_grid();
  allow_next_grid();
  for (std::uint64_t i = std::uint64_t{blockIdx.x} * kActBlockThreads + threadIdx.x; i < total;
       i += std::uint64_t{gridDim.x} * kActBlockThreads) {
    act_and_mul_pack<T, A, N, L2Hint::none>(out, x, i, packs_per_row, FastDiv32{});
  }
}

// force_wide_index takes the 64-bit index path at any size (for the tests).
template <class T, Activation A, int N>
void launch_act_and_mul(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                        cudaStream_t stream, bool enable_pdl, bool force_wide_index) {
  const std::int64_t packs_per_row = d / N;
  const std::int64_t total = tokens * packs_per_row;
  const DeviceShape device = current_device_shape();
  const bool overlap = enable_pdl && supports_overlap_previous(device);
  const dim3 grid(grid_blocks(ceil_div(total, std::int64_t{kActBlockThreads})));
  const dim3 block(kActBlockThreads);
  if (force_wide_index || total >= (std::int64_t{1} << 31)) {
    launch_kernel(act_and_mul_wide_kernel<T, A, N>, grid, block, overlap, stream, out, x,
                  static_cast<std::uint64_t>(total), static_cast<std::uint64_t>(packs_per_row));
    return;
  }
  const auto packs = static_cast<std::uint32_t>(total);
  const auto row = static_cast<std::uint32_t>(packs_per_row);
  const FastDiv32 div = make_fast_div(row);
  with_read_once_hint(2 * tokens * d * static_cast<std::int64_t>(sizeof(T)), device,
                      [&](auto hint) {
                        launch_kernel(act_and_mul_kernel<T, A, N, decltype(hint)::value>, grid,
                                      block, overlap, stream, out, x, packs, row, div);
                      });
}

// Launches with the widest pack of at most N elements that divides d (so that both halves of
// every row start on a pack boundary) and to which both base pointers are aligned.
template <class T, Activation A, int N>
void launch_widest_pack(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                        cudaStream_t stream, bool enable_pdl, bool force_wide_index = false) {
  constexpr std::size_t kBytes = sizeof(T) * N;
  if constexpr (N > 1) {
    if (d % N != 0 || !is_aligned(out, kBytes) || !is_aligned(x, kBytes)) {
      launch_widest_pack<T, A, N / 2>(out, x, tokens, d, stream, enable_pdl, force_wide_index);
      return;
    }
  }
  launch_act_and_mul<T, A, N>(out, x, tokens, d, stream, enable_pdl, force_wide_index);
}

// One thread an output element; scalar loads; precise math.
template <class T, Activation A>
__global__ void act_and_mul_naive_kernel(T* out, const T* x, std::int64_t tokens, std::int64_t d) {
  const std::int64_t n = tokens * d;
  for (std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x; i < n;
       i += std::int64_t{gridDim.x} * blockDim.x) {
    const std::int64_t row = i / d;
    const std::int64_t col = i - row * d;
    const float a = to_float(x[row * 2 * d + col]);
    const float g = to_float(x[row * 2 * d + d + col]);
    out[i] = from_float<T>(activation_precise<A>(a) * g);
  }
}

}  // namespace detail

// out [tokens, d] = act(x[:, :d]) * x[:, d:] for x [tokens, 2 * d], contiguous rows.
template <class T, Activation A>
void act_and_mul_vectorized(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                            cudaStream_t stream, bool enable_pdl = true) {
  if (tokens <= 0 || d <= 0) return;
  constexpr int kWide = detail::kVecElems<T>;
  constexpr int kNarrow = kWide > 1 ? kWide / 2 : 1;
  if (tokens * d * static_cast<std::int64_t>(sizeof(T)) <= detail::kActNarrowPacksUpToBytes) {
    detail::launch_widest_pack<T, A, kNarrow>(out, x, tokens, d, stream, enable_pdl);
  } else {
    detail::launch_widest_pack<T, A, kWide>(out, x, tokens, d, stream, enable_pdl);
  }
}

template <class T, Activation A>
void act_and_mul_naive(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                       cudaStream_t stream) {
  if (tokens <= 0 || d <= 0) return;
  constexpr int kThreads = 256;
  const unsigned grid = detail::grid_blocks(detail::ceil_div(tokens * d, std::int64_t{kThreads}));
  detail::act_and_mul_naive_kernel<T, A><<<grid, kThreads, 0, stream>>>(out, x, tokens, d);
}

template <class T>
void silu_and_mul_vectorized(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                             cudaStream_t stream) {
  act_and_mul_vectorized<T, Activation::silu>(out, x, tokens, d, stream);
}
template <class T>
void silu_and_mul_naive(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                        cudaStream_t stream) {
  act_and_mul_naive<T, Activation::silu>(out, x, tokens, d, stream);
}
template <class T>
void gelu_tanh_and_mul_vectorized(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                                  cudaStream_t stream) {
  act_and_mul_vectorized<T, Activation::gelu_tanh>(out, x, tokens, d, stream);
}
template <class T>
void gelu_tanh_and_mul_naive(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                             cudaStream_t stream) {
  act_and_mul_naive<T, Activation::gelu_tanh>(out, x, tokens, d, stream);
}

}  // namespace kernels
