#pragma once

// Gated activations of an MLP: x [tokens, 2 * d] -> out [tokens, d],
// out = act(x[:, :d]) * x[:, d:], computed in fp32 and rounded once.
//
//   kernels::silu_and_mul_vectorized<__nv_bfloat16>(out, x, tokens, d, stream);
//   kernels::act_and_mul_naive<__half, kernels::Activation::gelu_tanh>(out, x, tokens, d,
//                                                                      stream);  // reference
//
// T is __nv_bfloat16, __half or float. `vectorized` is one thread a 16-byte pack of each half
// when d and the pointers allow it, and narrower packs (down to one element) when they do not:
// d not a multiple of 16 / sizeof(T) also misaligns the second half of every row. On sm_90 and
// later it is launched with programmatic dependent launch (enable_pdl, on by default): it is
// scheduled while the kernel before it drains and waits only before its first load, which
// takes the launch off the critical path of a few-token call (1.9 -> 1.2 us on an H200).
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

inline constexpr int kActMaxBlockThreads = 512;
inline constexpr std::int64_t kMaxGridRows = 65535;  // gridDim.y

// One pack of N elements of both halves a thread, as many threads a block as it takes to cover
// a chunk of one row: blockIdx.x is the chunk and blockIdx.y the row (looping when there are
// more than 65535 rows), so consecutive blocks stream through memory and no thread divides.
// At 32 registers a full multiprocessor holds 2048 threads, 64 KB of loads in flight.
// The next kernel may be scheduled as soon as every block has started: its blocks only take
// the slots that this grid no longer needs, and wait for this grid to finish before loading.
template <class T, Activation A, int N>
__global__ void __launch_bounds__(kActMaxBlockThreads)
    act_and_mul_kernel(T* __restrict__ out, const T* __restrict__ x, std::int64_t tokens,
                       std::int64_t packs_per_row) {
  using P = Packed<T, N>;
  const std::int64_t i = std::int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
  wait_for_previous_grid();
  allow_next_grid();
  if (i >= packs_per_row) return;
  for (std::int64_t row = blockIdx.y; row < tokens; row += gridDim.y) {
    const P* __restrict__ gate = reinterpret_cast<const P*>(x) + row * 2 * packs_per_row;
    const P a = gate[i];
    const P g = gate[packs_per_row + i];
    P r;
#pragma unroll
    for (int e = 0; e < N; ++e) {
      r.e[e] = from_float<T>(activation_fast<A>(to_float(a.e[e])) * to_float(g.e[e]));
    }
    reinterpret_cast<P*>(out)[row * packs_per_row + i] = r;
  }
}

template <class T, Activation A, int N>
void launch_act_and_mul(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                        cudaStream_t stream, bool enable_pdl) {
  const std::int64_t packs_per_row = d / N;
  // Up to 512 threads a block, halved (down to 64) until there is a block for every
  // multiprocessor; a row spread evenly over its chunks so that no block is mostly idle.
  const DeviceShape device = current_device_shape();
  const int sm_count = device.sm_count;
  std::int64_t max_threads = kActMaxBlockThreads;
  while (max_threads > 64 && tokens * ceil_div(packs_per_row, max_threads) < sm_count) {
    max_threads /= 2;
  }
  const std::int64_t chunks = ceil_div(packs_per_row, max_threads);
  const std::int64_t threads = ceil_div(ceil_div(packs_per_row, chunks), std::int64_t{32}) * 32;
  const dim3 grid(static_cast<unsigned>(chunks),
                  static_cast<unsigned>(tokens < kMaxGridRows ? tokens : kMaxGridRows));
  launch_kernel(act_and_mul_kernel<T, A, N>, grid, dim3(static_cast<unsigned>(threads)),
                enable_pdl && supports_overlap_previous(device), stream, out, x, tokens,
                packs_per_row);
}

// Launches with the widest pack of at most N elements that divides d (so that both halves of
// every row start on a pack boundary) and to which both base pointers are aligned.
template <class T, Activation A, int N>
void launch_widest_pack(T* out, const T* x, std::int64_t tokens, std::int64_t d,
                        cudaStream_t stream, bool enable_pdl) {
  constexpr std::size_t kBytes = sizeof(T) * N;
  if constexpr (N > 1) {
    if (d % N != 0 || !is_aligned(out, kBytes) || !is_aligned(x, kBytes)) {
      launch_widest_pack<T, A, N / 2>(out, x, tokens, d, stream, enable_pdl);
      return;
    }
  }
  launch_act_and_mul<T, A, N>(out, x, tokens, d, stream, enable_pdl);
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
  detail::launch_widest_pack<T, A, detail::kVecElems<T>>(out, x, tokens, d, stream, enable_pdl);
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
