#pragma once

#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace jitbench {

// A failed CUDA runtime call: what was called, where, and the error.
class CudaError : public std::runtime_error {
 public:
  CudaError(cudaError_t code, const char* call, const char* file, int line);
  // With the whole message given, for errors the runtime attributes to an impl.
  CudaError(cudaError_t code, const std::string& message);
  cudaError_t code() const { return code_; }

 private:
  cudaError_t code_;
};

// "cudaErrorInvalidValue (invalid argument)"
std::string cuda_error_text(cudaError_t code);

// True for the errors after which the context is unusable and every later call fails.
bool is_sticky_error(cudaError_t code);

}  // namespace jitbench

// Checks a CUDA runtime call; throws jitbench::CudaError naming the call, file and line.
#define JITBENCH_CUDA(call)                                                     \
  do {                                                                          \
    const cudaError_t jitbench_status_ = (call);                                \
    if (jitbench_status_ != cudaSuccess) {                                      \
      throw ::jitbench::CudaError(jitbench_status_, #call, __FILE__, __LINE__); \
    }                                                                           \
  } while (false)
