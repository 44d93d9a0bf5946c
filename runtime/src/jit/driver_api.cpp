#include "jit/driver_api.hpp"

#include <jitbench/cuda_check.hpp>

#include <cuda_runtime_api.h>

#include <stdexcept>

namespace jitbench::detail {

namespace {

// The driver's `symbol` in the version of this toolkit's cuda.h, or nullptr when the driver has
// none.
void* entry_point(const char* symbol) {
  void* function = nullptr;
  cudaDriverEntryPointQueryResult found = cudaDriverEntryPointSymbolNotFound;
#if CUDART_VERSION >= 12050
  const cudaError_t status =
      cudaGetDriverEntryPointByVersion(symbol, &function, CUDA_VERSION, cudaEnableDefault, &found);
#else
  const cudaError_t status = cudaGetDriverEntryPoint(symbol, &function, cudaEnableDefault, &found);
#endif
  if (status != cudaSuccess) {
    cudaGetLastError();
    throw CudaError(status, std::string("cudaGetDriverEntryPoint(") + symbol +
                                ") failed: " + cuda_error_text(status));
  }
  return found == cudaDriverEntryPointSuccess ? function : nullptr;
}

template <class Function>
void bind(const char* symbol, Function& function) {
  function = reinterpret_cast<Function>(entry_point(symbol));
  if (function == nullptr) {
    throw std::runtime_error(std::string("the CUDA driver has no ") + symbol +
                             ", which JIT impls need; update the driver");
  }
}

DriverApi load() {
  DriverApi api;
  bind("cuModuleLoadData", api.module_load_data);
  bind("cuModuleGetFunction", api.module_get_function);
  bind("cuFuncGetAttribute", api.func_get_attribute);
  bind("cuFuncSetAttribute", api.func_set_attribute);
  bind("cuLaunchKernelEx", api.launch_kernel_ex);
  bind("cuGetErrorName", api.get_error_name);
  bind("cuGetErrorString", api.get_error_string);
  api.func_get_param_info =
      reinterpret_cast<decltype(api.func_get_param_info)>(entry_point("cuFuncGetParamInfo"));
  return api;
}

}  // namespace

const DriverApi& driver_api() {
  static const DriverApi api = load();
  return api;
}

std::string driver_error_text(CUresult result) {
  const char* name = nullptr;
  const char* text = nullptr;
  if (driver_api().get_error_name(result, &name) != CUDA_SUCCESS) name = "CUresult";
  if (driver_api().get_error_string(result, &text) != CUDA_SUCCESS) text = "unknown error";
  return std::string(name) + " (" + text + ")";
}

void check_driver(CUresult result, const char* call) {
  if (result != CUDA_SUCCESS) {
    throw std::runtime_error(std::string(call) + " failed: " + driver_error_text(result));
  }
}

}  // namespace jitbench::detail
