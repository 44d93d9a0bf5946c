#pragma once

#include <cuda.h>

#include <string>

namespace jitbench::detail {

// The CUDA driver API functions JIT impls use, from the driver the CUDA runtime already loaded
// (cudaGetDriverEntryPoint): the runtime links no libcuda, so benchmarks build where only the
// toolkit is installed, and run where the driver is.
struct DriverApi {
  decltype(&cuModuleLoadData) module_load_data = nullptr;
  decltype(&cuModuleGetFunction) module_get_function = nullptr;
  decltype(&cuFuncGetAttribute) func_get_attribute = nullptr;
  decltype(&cuFuncSetAttribute) func_set_attribute = nullptr;
  decltype(&cuLaunchKernelEx) launch_kernel_ex = nullptr;
  decltype(&cuGetErrorName) get_error_name = nullptr;
  decltype(&cuGetErrorString) get_error_string = nullptr;
  // The sizes of a kernel's parameters; nullptr with a driver older than CUDA 12.4.
  CUresult (*func_get_param_info)(CUfunction, size_t, size_t*, size_t*) = nullptr;
};

// The driver's functions, found once a process. Throws std::runtime_error naming a function the
// driver does not have (func_get_param_info excepted).
const DriverApi& driver_api();

// "CUDA_ERROR_INVALID_VALUE (invalid argument)"
std::string driver_error_text(CUresult result);

// Throws std::runtime_error "CALL failed: CUDA_ERROR_X (text)" unless `result` is success.
void check_driver(CUresult result, const char* call);

}  // namespace jitbench::detail
