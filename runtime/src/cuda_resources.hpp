#pragma once

// Move-only owners of CUDA objects. Destructors never throw: a release failure during unwinding
// would hide the error that caused it.

#include <jitbench/cuda_check.hpp>

#include <cuda_runtime_api.h>

#include <cstddef>
#include <utility>

namespace jitbench::detail {

template <class Handle, class Traits>
class CudaHandle {
 public:
  CudaHandle() = default;
  explicit CudaHandle(Handle handle) : handle_(handle) {}
  CudaHandle(const CudaHandle&) = delete;
  CudaHandle& operator=(const CudaHandle&) = delete;
  CudaHandle(CudaHandle&& other) noexcept : handle_(std::exchange(other.handle_, Handle{})) {}
  CudaHandle& operator=(CudaHandle&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, Handle{});
    }
    return *this;
  }
  ~CudaHandle() { reset(); }

  Handle get() const { return handle_; }
  explicit operator bool() const { return handle_ != Handle{}; }
  void reset() {
    if (handle_ != Handle{}) Traits::release(std::exchange(handle_, Handle{}));
  }

 private:
  Handle handle_{};
};

struct StreamTraits {
  static void release(cudaStream_t s) { cudaStreamDestroy(s); }
};
struct EventTraits {
  static void release(cudaEvent_t e) { cudaEventDestroy(e); }
};
struct GraphTraits {
  static void release(cudaGraph_t g) { cudaGraphDestroy(g); }
};
struct GraphExecTraits {
  static void release(cudaGraphExec_t g) { cudaGraphExecDestroy(g); }
};
// Freeing memory waits for the device: after a hang (gpu_wait.hpp) it is left to the end of
// the process instead, which comes next.
struct DeviceMemoryTraits {
  static void release(void* p);
};
struct HostMemoryTraits {
  static void release(void* p);
};

using Stream = CudaHandle<cudaStream_t, StreamTraits>;
using Event = CudaHandle<cudaEvent_t, EventTraits>;
using Graph = CudaHandle<cudaGraph_t, GraphTraits>;
using GraphExec = CudaHandle<cudaGraphExec_t, GraphExecTraits>;
using DeviceMemory = CudaHandle<void*, DeviceMemoryTraits>;
using HostMemory = CudaHandle<void*, HostMemoryTraits>;

Stream make_stream();  // non-blocking: never synchronises with the legacy default stream
Event make_event();    // with timing
DeviceMemory allocate_device(std::size_t bytes);  // throws OutOfMemory
HostMemory allocate_pinned(std::size_t bytes);    // mapped into the device address space

// Seconds between two recorded events.
double elapsed_s(const Event& start, const Event& stop);

// Device memory could not be had; a case that meets this becomes an OOM row.
class OutOfMemory : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace jitbench::detail
