#pragma once

// In-place RMSNorm of every head of q [batch, num_q_heads, HEAD_DIM] and
// k [batch, num_kv_heads, HEAD_DIM] (num_q_heads a multiple of num_kv_heads), as done to the
// queries and keys of an attention layer before RoPE: x = x * rsqrt(mean(x^2) + eps) * w, with the
// sum of squares and the scaling in fp32 and one rounding to T at the end.
//
//   kernels::qknorm_fused<__nv_bfloat16, 128>(q, k, q_weight, k_weight, batch, num_q_heads,
//                                             num_kv_heads, 1e-6f, stream);
//
// T is __nv_bfloat16, __half or float; HEAD_DIM a power of two with at least one 16-byte vector
// a head (8 for 2-byte T).
//   fused    q and k in one launch; a group of 1..32 lanes of a warp a head, each lane holding
//            two or more 16-byte vectors of it in registers; several heads a block. On sm_90
//            and later it is launched with programmatic dependent launch (enable_pdl, on by
//            default; see kernels/activation.cuh).
//   separate the same per-head code as a generic RMSNorm over rows, launched for q then for k.
//   naive    one thread a head, scalar loops; any head_dim: the reference.
// Every pointer must be aligned to 16 bytes for fused and separate (cudaMalloc's are); they
// fall back to naive when one is not.
//
// The kernels compile with NVRTC too, so that a JIT impl can launch them (specs/qknorm.yaml's
// fused_jit launches qknorm_kernel as qknorm_fused does); the launchers are host code, left out
// there.

#include "detail/common.cuh"

namespace kernels {
namespace detail {

// How a head of HEAD_DIM elements of T is spread over the lanes of a warp: a group of kLanes
// lanes (a power of two, at most 32) a head, kVecs 16-byte vectors a lane. At least
// kMinVecsPerLane vectors a lane, so that enough bytes a thread are in flight, and as many
// lanes as that allows, so that small batches still run many threads.
inline constexpr int kMinVecsPerLane = 2;

template <class T, int HEAD_DIM>
struct HeadLayout {
  static_assert(HEAD_DIM > 0 && (HEAD_DIM & (HEAD_DIM - 1)) == 0,
                "HEAD_DIM must be a power of two");
  static constexpr int kVec = kVecElems<T>;
  static_assert(HEAD_DIM % kVec == 0, "a head must hold whole 16-byte vectors");
  static constexpr int kVecsPerHead = HEAD_DIM / kVec;
  static constexpr int kLanesWanted = kVecsPerHead / kMinVecsPerLane;
  static constexpr int kLanes = kLanesWanted > 32 ? 32 : (kLanesWanted > 1 ? kLanesWanted : 1);
  static constexpr int kVecs = kVecsPerHead / kLanes;
};

// Up to two tensors of heads, normalised by one launch: heads [0, heads[0]) of x[0], then
// heads [0, heads[1]) of x[1].
template <class T, int NSEG>
struct HeadSegments {
  T* x[NSEG];
  const T* w[NSEG];
  std::int64_t heads[NSEG];
};

// At most 128 threads a block: against 256, 1-3% faster on the largest batches of the H200
// (head_dim 256, 64 q heads x batch 8192: 144.4 against 148.4 us; docs/results.md, issue 17).
inline constexpr int kNormMaxBlockThreads = 128;

// The body of the kernels below: the heads of `segs`, a group of L::kLanes lanes a head.
template <class T, int HEAD_DIM, int NSEG>
__device__ __forceinline__ void rms_norm_heads(const HeadSegments<T, NSEG>& segs, float eps) {
  using L = HeadLayout<T, HEAD_DIM>;
  using V = Packed<T, L::kVec>;
  const int lane = static_cast<int>(threadIdx.x) % L::kLanes;
  // The lanes of one group, for the shuffles; groups never straddle warps (kLanes divides 32
  // and blockDim.x is a multiple of 32).
  const unsigned group_mask = L::kLanes == 32 ? 0xffffffffu
                                              : ((1u << (L::kLanes % 32)) - 1u)
                                                    << (threadIdx.x % 32 / L::kLanes * L::kLanes);
  const std::int64_t heads_per_block = blockDim.x / L::kLanes;
  std::int64_t total = 0;
#pragma unroll
  for (int s = 0; s < NSEG; ++s) total += segs.heads[s];
  // Before the wait, with the kernel's parameters read: the empty asm pins it there. (Without it
  // ptxas reads head counts passed as scalar parameters, as qknorm_kernel's are, after the wait,
  // on the critical path of a programmatic dependent launch: 1% slower, up to 4.8% at small
  // batches on the H200, docs/results.md.)
  asm volatile("" : "+l"(total));
  wait_for_previous_grid();
  allow_next_grid();

  for (std::int64_t head = blockIdx.x * heads_per_block + threadIdx.x / L::kLanes; head < total;
       head += std::int64_t{gridDim.x} * heads_per_block) {
    // The group's segment and head within it; uniform across the group.
    T* x = segs.x[0];
    const T* w = segs.w[0];
    std::int64_t h = head;
#pragma unroll
    for (int s = 1; s < NSEG; ++s) {
      if (h >= segs.heads[s - 1]) {
        h -= segs.heads[s - 1];
        x = segs.x[s];
        w = segs.w[s];
      }
    }
    V* __restrict__ xv = reinterpret_cast<V*>(x + h * HEAD_DIM);
    const V* __restrict__ wv = reinterpret_cast<const V*>(w);  // read after the sum, from L1

    V r[L::kVecs];
#pragma unroll
    for (int j = 0; j < L::kVecs; ++j) r[j] = xv[lane + j * L::kLanes];

    float sum_sq = 0.0f;
#pragma unroll
    for (int j = 0; j < L::kVecs; ++j) {
#pragma unroll
      for (int e = 0; e < L::kVec; ++e) {
        const float f = to_float(r[j].e[e]);
        sum_sq = fmaf(f, f, sum_sq);
      }
    }
#pragma unroll
    for (int offset = L::kLanes / 2; offset > 0; offset /= 2) {
      sum_sq += __shfl_xor_sync(group_mask, sum_sq, offset, L::kLanes);
    }
    const float scale = rsqrtf(sum_sq * (1.0f / HEAD_DIM) + eps);

#pragma unroll
    for (int j = 0; j < L::kVecs; ++j) {
      const V g = wv[lane + j * L::kLanes];
#pragma unroll
      for (int e = 0; e < L::kVec; ++e) {
        r[j].e[e] = from_float<T>(to_float(r[j].e[e]) * scale * to_float(g.e[e]));
      }
      xv[lane + j * L::kLanes] = r[j];
    }
  }
}

template <class T, int HEAD_DIM, int NSEG>
__global__ void __launch_bounds__(kNormMaxBlockThreads)
    rms_norm_heads_kernel(HeadSegments<T, NSEG> segs, float eps) {
  rms_norm_heads<T, HEAD_DIM, NSEG>(segs, eps);
}

// One thread a head of either tensor: two scalar passes over it.
template <class T>
__global__ void qknorm_naive_kernel(T* q, T* k, const T* q_weight, const T* k_weight,
                                    std::int64_t q_heads, std::int64_t k_heads,
                                    std::int64_t head_dim, float eps) {
  for (std::int64_t head = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x;
       head < q_heads + k_heads; head += std::int64_t{gridDim.x} * blockDim.x) {
    const bool is_q = head < q_heads;
    T* x = is_q ? q + head * head_dim : k + (head - q_heads) * head_dim;
    const T* w = is_q ? q_weight : k_weight;
    float sum_sq = 0.0f;
    for (std::int64_t i = 0; i < head_dim; ++i) {
      const float f = to_float(x[i]);
      sum_sq += f * f;
    }
    const float scale = 1.0f / sqrtf(sum_sq / static_cast<float>(head_dim) + eps);
    for (std::int64_t i = 0; i < head_dim; ++i) {
      x[i] = from_float<T>(to_float(x[i]) * scale * to_float(w[i]));
    }
  }
}

}  // namespace detail

// The fused kernel with plain parameters, for launches that cannot build a HeadSegments (a JIT
// impl's arguments are tensors and scalars): the q_heads heads of q, then the k_heads of k. Its
// launch geometry is launch_rms_norm_heads'.
template <class T, int HEAD_DIM>
__global__ void __launch_bounds__(detail::kNormMaxBlockThreads)
    qknorm_kernel(T* q, T* k, const T* q_weight, const T* k_weight, std::int64_t q_heads,
                  std::int64_t k_heads, float eps) {
  detail::rms_norm_heads<T, HEAD_DIM, 2>({{q, k}, {q_weight, k_weight}, {q_heads, k_heads}}, eps);
}

#ifndef __CUDACC_RTC__

namespace detail {

// kNormMaxBlockThreads threads a block, halved (down to one warp) until every multiprocessor
// gets a block; as many blocks as the heads need at that size.
struct HeadsLaunch {
  dim3 grid;
  dim3 block;
  bool overlap_previous;
};

template <class T, int HEAD_DIM>
HeadsLaunch heads_launch(std::int64_t total_heads, bool enable_pdl) {
  using L = HeadLayout<T, HEAD_DIM>;
  const DeviceShape device = current_device_shape();
  int threads = kNormMaxBlockThreads;
  while (threads > 32 &&
         ceil_div(total_heads * L::kLanes, std::int64_t{threads}) < device.sm_count) {
    threads /= 2;
  }
  const std::int64_t heads_per_block = threads / L::kLanes;
  return {dim3(grid_blocks(ceil_div(total_heads, heads_per_block))),
          dim3(static_cast<unsigned>(threads)), enable_pdl && supports_overlap_previous(device)};
}

template <class T, int HEAD_DIM, int NSEG>
void launch_rms_norm_heads(const HeadSegments<T, NSEG>& segs, float eps, bool enable_pdl,
                           cudaStream_t stream) {
  std::int64_t total = 0;
  for (int s = 0; s < NSEG; ++s) total += segs.heads[s];
  if (total <= 0) return;
  const HeadsLaunch l = heads_launch<T, HEAD_DIM>(total, enable_pdl);
  launch_kernel(rms_norm_heads_kernel<T, HEAD_DIM, NSEG>, l.grid, l.block, l.overlap_previous,
                stream, segs, eps);
}

}  // namespace detail

template <class T>
void qknorm_naive(T* q, T* k, const T* q_weight, const T* k_weight, std::int64_t batch,
                  std::int64_t num_q_heads, std::int64_t num_kv_heads, std::int64_t head_dim,
                  float eps, cudaStream_t stream) {
  const std::int64_t q_heads = batch * num_q_heads;
  const std::int64_t k_heads = batch * num_kv_heads;
  if (q_heads + k_heads <= 0 || head_dim <= 0) return;
  constexpr int kThreads = 128;
  const unsigned grid =
      detail::grid_blocks(detail::ceil_div(q_heads + k_heads, std::int64_t{kThreads}));
  detail::qknorm_naive_kernel<T>
      <<<grid, kThreads, 0, stream>>>(q, k, q_weight, k_weight, q_heads, k_heads, head_dim, eps);
}

namespace detail {

// Whether the 16-byte vector kernels may take these pointers; otherwise the naive kernel runs.
template <class T>
bool vector_aligned(const T* q, const T* k, const T* q_weight, const T* k_weight) {
  return is_aligned(q, 16) && is_aligned(k, 16) && is_aligned(q_weight, 16) &&
         is_aligned(k_weight, 16);
}

}  // namespace detail

template <class T, int HEAD_DIM>
void qknorm_fused(T* q, T* k, const T* q_weight, const T* k_weight, std::int64_t batch,
                  std::int64_t num_q_heads, std::int64_t num_kv_heads, float eps,
                  cudaStream_t stream, bool enable_pdl = true) {
  if (!detail::vector_aligned(q, k, q_weight, k_weight)) {
    qknorm_naive<T>(q, k, q_weight, k_weight, batch, num_q_heads, num_kv_heads, HEAD_DIM, eps,
                    stream);
    return;
  }
  const std::int64_t q_heads = batch * num_q_heads;
  const std::int64_t k_heads = batch * num_kv_heads;
  if (q_heads + k_heads <= 0) return;
  const detail::HeadsLaunch l = detail::heads_launch<T, HEAD_DIM>(q_heads + k_heads, enable_pdl);
  detail::launch_kernel(qknorm_kernel<T, HEAD_DIM>, l.grid, l.block, l.overlap_previous, stream, q,
                        k, q_weight, k_weight, q_heads, k_heads, eps);
}

// A generic RMSNorm over `rows` rows of HEAD_DIM elements, in place.
template <class T, int HEAD_DIM>
void rms_norm_rows(T* x, const T* weight, std::int64_t rows, float eps, cudaStream_t stream) {
  const detail::HeadSegments<T, 1> segs{{x}, {weight}, {rows}};
  detail::launch_rms_norm_heads<T, HEAD_DIM, 1>(segs, eps, /*enable_pdl=*/false, stream);
}

template <class T, int HEAD_DIM>
void qknorm_separate(T* q, T* k, const T* q_weight, const T* k_weight, std::int64_t batch,
                     std::int64_t num_q_heads, std::int64_t num_kv_heads, float eps,
                     cudaStream_t stream) {
  if (!detail::vector_aligned(q, k, q_weight, k_weight)) {
    qknorm_naive<T>(q, k, q_weight, k_weight, batch, num_q_heads, num_kv_heads, HEAD_DIM, eps,
                    stream);
    return;
  }
  rms_norm_rows<T, HEAD_DIM>(q, q_weight, batch * num_q_heads, eps, stream);
  rms_norm_rows<T, HEAD_DIM>(k, k_weight, batch * num_kv_heads, eps, stream);
}

#endif  // __CUDACC_RTC__

}  // namespace kernels
