#pragma once

// Small kernels with the signatures the golden specs call, so that the golden translation units
// compile (tests/generator/CMakeLists.txt builds them with warnings as errors).

#include <cuda_runtime_api.h>

#include <cstdint>

namespace golden {

template <class T>
__global__ void fill_kernel(T* data, std::int64_t n) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  if (i < n) data[i] = T(0.0f);
}

template <class T>
void fill(T* data, std::int64_t n, cudaStream_t stream) {
  fill_kernel<<<static_cast<unsigned>((n + 255) / 256), 256, 0, stream>>>(data, n);
}

template <class T, int HeadDim>
void qknorm_fused(T* q, T* k, const T* q_weight, const T* k_weight, float eps,
                  cudaStream_t stream) {
  (void)q_weight, (void)k_weight, (void)eps;
  fill(q, HeadDim, stream);
  fill(k, HeadDim, stream);
}

template <class T, int HeadDim>
void qknorm_separate(T* q, T* k, const T* q_weight, const T* k_weight, float eps,
                     cudaStream_t stream) {
  qknorm_fused<T, HeadDim>(q, k, q_weight, k_weight, eps, stream);
}

template <class T>
void qknorm_naive(T* q, T* k, const T* q_weight, const T* k_weight, int head_dim, float eps,
                  cudaStream_t stream) {
  (void)q_weight, (void)k_weight, (void)eps;
  fill(q, head_dim, stream);
  fill(k, head_dim, stream);
}

// Returns its status, as launchers often do: the generated code checks it.
inline cudaError_t copy(const float* in, float* out, std::int64_t n, cudaStream_t stream) {
  return cudaMemcpyAsync(out, in, static_cast<std::size_t>(n) * sizeof(float),
                         cudaMemcpyDeviceToDevice, stream);
}

inline void noop() {}

// For the params whose values are names (names.yaml, zip.yaml, cases.yaml): a name stands for an
// enumerator or a float, or is passed on as a string.
enum class Mode { fast, exact };

template <class T, Mode M>
void apply(T* y, const T* x, float scale, std::int64_t n, const char* label, cudaStream_t stream) {
  (void)x, (void)scale, (void)label;
  fill(y, M == Mode::fast ? n : n / 2, stream);
}

template <int Block>
void fill_labelled(float* data, std::int64_t n, const char* label, cudaStream_t stream) {
  (void)label;
  fill(data, n / Block * Block, stream);
}

// The kernels the golden specs' JIT impls name (jit.yaml, jit_only.yaml, names.yaml). A benchmark
// would have NVRTC compile them when it runs; the goldens are compiled, never run.
template <class T, int Block>
__global__ void scale_kernel(T* y, const T* x, std::int64_t n, float factor, unsigned waves,
                             bool enabled) {
  const std::int64_t i = blockIdx.x * std::int64_t{Block} + threadIdx.x;
  if (enabled && waves > 0 && i < n) y[i] = T(float(x[i]) * factor);
}

template <class T, Mode M>
__global__ void apply_kernel(T* y, const T* x, float scale, std::int64_t n) {
  const std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x;
  if (i < n) y[i] = M == Mode::fast ? x[i] : T(float(x[i]) * scale);
}

template <class T>
__global__ void copy_kernel(const T* x, T* y, std::int64_t n) {
  const std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x;
  if (i < n) y[i] = x[i];
}

}  // namespace golden
