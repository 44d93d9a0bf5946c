#pragma once

#include "jit/jit_build.hpp"
#include "jit/jit_params.hpp"
#include <jitbench/benchmark.hpp>

#include <cuda.h>

#include <optional>
#include <string>
#include <vector>

namespace jitbench::detail {

// One JIT instantiation in this process: built (jit_build.hpp) and loaded into the current
// context the first time a case asks for it, then shared by every case of it. A failure is kept:
// every later case of the instantiation gets the same error without compiling again. Modules
// stay loaded until the process ends.
class LoadedKernel {
 public:
  explicit LoadedKernel(JitBuildRequest request) : request_(std::move(request)) {}
  LoadedKernel(const LoadedKernel&) = delete;
  LoadedKernel& operator=(const LoadedKernel&) = delete;

  // Builds and loads, the first time; throws the failure, the first time and every time after.
  void load();

  const JitBuildRequest& request() const { return request_; }
  CUfunction function() const { return function_; }
  const JitCompileInfo& info() const { return info_; }
  const std::optional<KernelSignature>& signature() const { return signature_; }
  // The parameters' sizes as the driver reports them; nothing with a driver older than 12.4.
  const std::optional<std::vector<std::size_t>>& driver_param_sizes() const {
    return driver_sizes_;
  }
  // The most threads a block of this kernel can have (its registers and __launch_bounds__).
  int max_threads_per_block() const { return max_threads_; }
  // Lets the kernel have `bytes` of dynamic shared memory, above the default 48 KiB limit.
  void allow_dynamic_shared_bytes(std::int64_t bytes);

 private:
  void build_and_load();

  JitBuildRequest request_;
  bool tried_ = false;
  std::string error_;  // the failure, once tried
  CUmodule module_ = nullptr;
  CUfunction function_ = nullptr;
  JitCompileInfo info_;
  std::optional<KernelSignature> signature_;
  std::optional<std::vector<std::size_t>> driver_sizes_;
  int max_threads_ = 0;
  std::int64_t shared_allowed_ = 48 * 1024;  // [B]
};

// The process's instantiation for `request`, made on first use.
LoadedKernel& loaded_kernel(const JitBuildRequest& request);

}  // namespace jitbench::detail
