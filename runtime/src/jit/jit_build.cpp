#include "jit/jit_build.hpp"

#include "dynamic_library.hpp"
#include "jit/jit_compiler.hpp"
#include "jit/jit_log.hpp"
#include "jit/jit_sources.hpp"
#include "jit/jit_std_headers.hpp"

#include <chrono>

namespace jitbench::detail {

namespace {

// Set by runtime/CMakeLists.txt: the toolkit's include folders, ':'-separated.
constexpr const char* toolkit_dirs_text = JITBENCH_CUDA_INCLUDE_DIRS;

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::vector<std::string> toolkit_include_dirs() { return split_path_list(toolkit_dirs_text); }

std::vector<std::string> nvrtc_options(const JitBuildRequest& request) {
  std::vector<std::string> options = request.options;
  // The headers of the dtypes' CUDA types, as a benchmark's own code has them (cuda_types.hpp),
  // so that a $T of bf16 in a name expression means __nv_bfloat16 whatever the source includes.
  for (const char* header : {"cuda_fp16.h", "cuda_bf16.h", "cuda_fp8.h"}) {
    options.push_back(std::string("--pre-include=") + header);
  }
  options.push_back("-arch=" + request.arch);
  for (const std::string& dir : request.include_dirs) options.push_back("-I" + dir);
  for (const std::string& dir : request.toolkit_dirs) options.push_back("-I" + dir);
  return options;
}

JitBuild build_jit_kernel(const JitBuildRequest& request, const JitCache& cache) {
  const auto start = std::chrono::steady_clock::now();
  const std::optional<std::string> path = find_source(request.source, request.include_dirs);
  if (!path) {
    throw std::runtime_error("JIT source '" + request.source + "' not found in " +
                             (request.include_dirs.empty()
                                  ? std::string("no folder")
                                  : "'" + join(request.include_dirs, "', '") + "'"));
  }
  const SourceSet sources = read_sources(*path, request.include_dirs, request.toolkit_dirs);
  const std::vector<std::string> options = nvrtc_options(request);

  JitBuild build;
  build.key = jit_cache_key(
      {nvrtc_version(), request.name_expression, options, &sources, &jit_std_headers()});
  if (std::optional<CachedKernel> cached = cache.read(build.key)) {
    build.lowered_name = std::move(cached->lowered_name);
    build.cubin = std::move(cached->cubin);
    build.cache_hit = true;
    build.seconds = seconds_since(start);
    return build;
  }

  NvrtcOutput out = nvrtc_compile(
      {*path, sources.main.text, request.name_expression, options, jit_std_headers()});
  if (!out.ok || out.cubin.empty()) {
    const std::string log_path = cache.log_path(build.key);
    const std::string log = "NVRTC " + nvrtc_version() + " compiling " + request.name_expression +
                            " from " + *path + "\noptions: " + join(options, " ") + "\n\n" +
                            (out.log.empty() ? "NVRTC made no CUBIN" : out.log) + "\n";
    const std::string problem = write_file_atomically(log_path, log);
    throw JitCompileError(
        compile_error_summary(out.log, request.name_expression) +
            (problem.empty() ? "; full log: " + log_path
                             : "; the log could not be written: " + problem + "\n" + out.log),
        problem.empty() ? log_path : "");
  }
  build.lowered_name = std::move(out.lowered_name);
  build.cubin = std::move(out.cubin);
  build.cache_problem = cache.write(build.key, {build.lowered_name, build.cubin});
  build.seconds = seconds_since(start);
  return build;
}

}  // namespace jitbench::detail
