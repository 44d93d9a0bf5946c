#include "cuda_resources.hpp"

#include "gpu_wait.hpp"
#include <jitbench/format.hpp>

#include <string>

namespace jitbench::detail {

void DeviceMemoryTraits::release(void* p) {
  if (!gpu_watch().hung()) cudaFree(p);
}

void HostMemoryTraits::release(void* p) {
  if (!gpu_watch().hung()) cudaFreeHost(p);
}

Stream make_stream() {
  cudaStream_t s = nullptr;
  JITBENCH_CUDA(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  return Stream(s);
}

Event make_event() {
  cudaEvent_t e = nullptr;
  JITBENCH_CUDA(cudaEventCreate(&e));
  return Event(e);
}

DeviceMemory allocate_device(std::size_t bytes) {
  void* p = nullptr;
  const cudaError_t status = cudaMalloc(&p, bytes == 0 ? 1 : bytes);
  if (status == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // not sticky: clear it so later calls do not see it
    throw OutOfMemory("cudaMalloc of " + count_of(static_cast<long long>(bytes), "byte") +
                      " failed");
  }
  JITBENCH_CUDA(status);
  return DeviceMemory(p);
}

HostMemory allocate_pinned(std::size_t bytes) {
  void* p = nullptr;
  JITBENCH_CUDA(cudaHostAlloc(&p, bytes, cudaHostAllocMapped));
  return HostMemory(p);
}

double elapsed_s(const Event& start, const Event& stop) {
  float ms = 0;
  JITBENCH_CUDA(cudaEventElapsedTime(&ms, start.get(), stop.get()));
  return static_cast<double>(ms) * 1e-3;
}

}  // namespace jitbench::detail
