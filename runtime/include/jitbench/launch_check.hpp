#pragma once

// The status a launcher returns, checked: generated impl functions run their call string
// through check_launch(), so that a launcher written in the common style
// (`return cudaGetLastError();`) does not have its error dropped.
//
//   jitbench::check_launch("fused", [&] { return kernels::fused(y, x, n, stream); });

#include <jitbench/cuda_check.hpp>

#include <cuda.h>
#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace jitbench {

// Throws CudaError "impl 'NAME' returned cudaErrorX (text)" unless `status` is cudaSuccess.
void check_launch_status(cudaError_t status, const char* impl);

// The same for a driver API launcher (cuLaunchKernel). Inline: only a benchmark that returns a
// CUresult links the driver library, as it must for cuLaunchKernel anyway.
inline void check_launch_status(CUresult status, const char* impl) {
  if (status == CUDA_SUCCESS) return;
  const char* name = nullptr;
  const char* text = nullptr;
  if (cuGetErrorName(status, &name) != CUDA_SUCCESS) name = "CUresult";
  if (cuGetErrorString(status, &text) != CUDA_SUCCESS) text = "unknown error";
  throw std::runtime_error("impl '" + std::string(impl) + "' returned " + name + " (" + text + ")");
}

// Runs `call`, an impl's call; when it returns a cudaError_t or CUresult, checks it. Other
// results, and none, are accepted as they are.
template <class Call>
void check_launch(const char* impl, Call&& call) {
  // Not std::decay_t: on a call that does not compile, its <error-type> adds an error of its own
  // from inside <type_traits> to the one at the spec's line.
  using Result = std::remove_cv_t<std::remove_reference_t<decltype(call())>>;
  if constexpr (std::is_same_v<Result, cudaError_t> || std::is_same_v<Result, CUresult>) {
    check_launch_status(call(), impl);
  } else {
    static_cast<void>(call());
  }
}

}  // namespace jitbench
