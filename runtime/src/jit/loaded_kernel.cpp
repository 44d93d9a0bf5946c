#include "jit/loaded_kernel.hpp"

#include "jit/driver_api.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace jitbench::detail {

namespace {

// Said once a process, on stderr: facts about the run that hold for every JIT impl.
void note_once(bool& said, const std::string& text) {
  if (said) return;
  said = true;
  std::cerr << "jitbench: " << text << "\n";
}

std::optional<std::vector<std::size_t>> param_sizes(CUfunction function) {
  static bool said = false;
  const DriverApi& api = driver_api();
  if (api.func_get_param_info == nullptr) {
    note_once(said,
              "note: this CUDA driver has no cuFuncGetParamInfo (CUDA 12.4 and later), so the "
              "sizes of JIT kernels' class-type parameters are not checked");
    return std::nullopt;
  }
  std::vector<std::size_t> sizes;
  for (std::size_t i = 0;; ++i) {
    std::size_t offset = 0;
    std::size_t size = 0;
    if (api.func_get_param_info(function, i, &offset, &size) != CUDA_SUCCESS) break;
    sizes.push_back(size);
  }
  return sizes;
}

}  // namespace

void LoadedKernel::load() {
  if (!tried_) {
    tried_ = true;
    try {
      build_and_load();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  if (!error_.empty()) throw std::runtime_error(error_);
}

void LoadedKernel::build_and_load() {
  static const JitCache cache(JitCache::default_dir());
  static bool said_uncached = false;
  const auto start = std::chrono::steady_clock::now();
  const JitBuild build = build_jit_kernel(request_, cache);
  if (!build.cache_problem.empty()) {
    note_once(said_uncached,
              "warning: JIT kernels are compiled but not cached: " + build.cache_problem +
                  " (JITBENCH_JIT_CACHE=DIR chooses the "
                  "cache folder)");
  }
  const DriverApi& api = driver_api();
  check_driver(api.module_load_data(&module_, build.cubin.data()),
               ("loading the CUBIN of " + request_.name_expression + ": cuModuleLoadData").c_str());
  check_driver(api.module_get_function(&function_, module_, build.lowered_name.c_str()),
               ("cuModuleGetFunction(" + build.lowered_name + ")").c_str());
  check_driver(
      api.func_get_attribute(&max_threads_, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, function_),
      "cuFuncGetAttribute(CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK)");
  signature_ = signature_from_mangled_name(build.lowered_name);
  driver_sizes_ = param_sizes(function_);
  info_.cache_hit = build.cache_hit;
  info_.compile_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void LoadedKernel::allow_dynamic_shared_bytes(std::int64_t bytes) {
  if (bytes <= shared_allowed_) return;
  check_driver(
      driver_api().func_set_attribute(function_, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                      static_cast<int>(bytes)),
      "cuFuncSetAttribute(CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)");
  shared_allowed_ = bytes;
}

LoadedKernel& loaded_kernel(const JitBuildRequest& request) {
  using Key = std::tuple<std::string, std::vector<std::string>, std::string,
                         std::vector<std::string>, std::string>;
  static std::mutex mutex;
  static std::map<Key, std::unique_ptr<LoadedKernel>> kernels;
  const std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<LoadedKernel>& kernel =
      kernels[Key{request.source, request.include_dirs, request.name_expression, request.options,
                  request.arch}];
  if (!kernel) kernel = std::make_unique<LoadedKernel>(request);
  return *kernel;
}

}  // namespace jitbench::detail
