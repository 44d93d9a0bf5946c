// An L2 flush that also evicts lines loaded with an evict-last policy, behind a C interface for
// torch_compile_baseline.py (which builds it with nvcc). The same three steps as jitbench's
// flush (runtime/src/device_kernels.cu): the buffer is written with evict-last stores, which
// displace every line, evict-last ones included (an ordinary write does not evict those:
// docs/experiments/l2_evict_last_probe.cu); its lines are discarded; and it is written again with
// ordinary stores, so that the L2 is left full of dirty lines, as after an ordinary flush.
//
//   nvcc -std=c++17 -O3 -arch=sm_90 -shared -Xcompiler -fPIC -o libl2_flush.so l2_flush_ctypes.cu

#include <cuda_runtime.h>

#include <cstdint>

namespace {

__global__ void evict_last_write_kernel(uint4* data, std::size_t count, unsigned value) {
  unsigned long long policy;
  asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;" : "=l"(policy));
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < count;
       i += std::size_t{gridDim.x} * blockDim.x) {
    asm volatile("st.global.L2::cache_hint.v4.u32 [%0], {%1, %1, %1, %2}, %3;" ::"l"(data + i),
                 "r"(value), "r"(static_cast<unsigned>(i)), "l"(policy)
                 : "memory");
  }
}

__global__ void write_kernel(uint4* data, std::size_t count, unsigned value) {
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < count;
       i += std::size_t{gridDim.x} * blockDim.x) {
    data[i] = make_uint4(value, value, value, static_cast<unsigned>(i));
  }
}

__global__ void discard_kernel(char* data, std::size_t lines) {
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < lines;
       i += std::size_t{gridDim.x} * blockDim.x) {
    asm volatile("discard.global.L2 [%0], 128;" ::"l"(data + i * 128) : "memory");
  }
}

}  // namespace

// bytes: a multiple of 128; the buffer 128-byte aligned. Returns the cudaError_t of the launches.
extern "C" int jb_l2_flush_evict_all(void* buffer, std::int64_t bytes, unsigned value,
                                     void* stream) {
  const auto s = static_cast<cudaStream_t>(stream);
  evict_last_write_kernel<<<1024, 256, 0, s>>>(static_cast<uint4*>(buffer),
                                               static_cast<std::size_t>(bytes) / 16, value);
  discard_kernel<<<1024, 256, 0, s>>>(static_cast<char*>(buffer),
                                      static_cast<std::size_t>(bytes) / 128);
  write_kernel<<<1024, 256, 0, s>>>(static_cast<uint4*>(buffer),
                                    static_cast<std::size_t>(bytes) / 16, value);
  return static_cast<int>(cudaGetLastError());
}
