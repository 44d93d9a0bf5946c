#pragma once

#include "jit/jit_cache.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace jitbench::detail {

// One JIT instantiation compiled to CUBIN, through the disk cache: the part of a JIT impl that
// needs no GPU.
struct JitBuildRequest {
  std::string source;                     // as the spec names it
  std::vector<std::string> include_dirs;  // where it and its headers are looked for, in order
  std::vector<std::string> toolkit_dirs;  // the CUDA Toolkit's include folders
  std::string name_expression;            // "kernels::qknorm_kernel<__nv_bfloat16, 128>"
  std::vector<std::string> options;       // the spec's NVRTC options
  std::string arch;                       // "sm_90", or "sm_90a"
};

struct JitBuild {
  std::string lowered_name;
  std::string cubin;
  bool cache_hit = false;
  double seconds = 0;  // reading the sources and the cache, and compiling on a miss [s]
  std::string key;
  std::string cache_problem;  // why the compiled kernel could not be cached; empty when it was
};

// A source that did not compile: the first error in compiler form, where the full log is.
class JitCompileError : public std::runtime_error {
 public:
  JitCompileError(const std::string& summary, std::string log_path)
      : std::runtime_error(summary), log_path_(std::move(log_path)) {}
  const std::string& log_path() const { return log_path_; }

 private:
  std::string log_path_;
};

// The options NVRTC gets: the spec's; the pre-included headers of the CUDA types of jitbench's
// dtypes (cuda_fp16.h, cuda_bf16.h, cuda_fp8.h); -arch; an -I for each include folder, the
// toolkit's last.
std::vector<std::string> nvrtc_options(const JitBuildRequest& request);

// Finds the source, reads it and its headers, and returns the cached kernel of their key, or
// compiles it with NVRTC and caches it. Throws JitCompileError when it does not compile, with
// the full log written to cache.log_path(key), and std::runtime_error when the source cannot be
// found or read.
JitBuild build_jit_kernel(const JitBuildRequest& request, const JitCache& cache);

// The CUDA Toolkit's include folders that the runtime was built with (cuda_bf16.h, libcu++).
std::vector<std::string> toolkit_include_dirs();

}  // namespace jitbench::detail
