// add_jit_impl(): a JIT call bound to a case, compiled before its first launch and launched with
// cuLaunchKernelEx on the impl's stream, so that a CUDA graph captures it like any other call.
#include "dynamic_library.hpp"
#include "jit/driver_api.hpp"
#include "jit/loaded_kernel.hpp"
#include <jitbench/cuda_check.hpp>
#include <jitbench/jit.hpp>

#include <cuda_runtime_api.h>

#include <memory>
#include <stdexcept>

namespace jitbench {

namespace {

using detail::LoadedKernel;

struct DeviceFacts {
  int cc_major = 0;
  int cc_minor = 0;
  int sm_count = 0;
  int max_shared_optin = 0;  // [B]
};

DeviceFacts current_device() {
  int device = 0;
  DeviceFacts d;
  JITBENCH_CUDA(cudaGetDevice(&device));
  JITBENCH_CUDA(cudaDeviceGetAttribute(&d.cc_major, cudaDevAttrComputeCapabilityMajor, device));
  JITBENCH_CUDA(cudaDeviceGetAttribute(&d.cc_minor, cudaDevAttrComputeCapabilityMinor, device));
  JITBENCH_CUDA(cudaDeviceGetAttribute(&d.sm_count, cudaDevAttrMultiProcessorCount, device));
  JITBENCH_CUDA(
      cudaDeviceGetAttribute(&d.max_shared_optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  return d;
}

std::string dims_text(const std::array<std::int64_t, 3>& d) {
  return "(" + std::to_string(d[0]) + ", " + std::to_string(d[1]) + ", " + std::to_string(d[2]) +
         ")";
}

// The launch geometry against the limits of every GPU and of this kernel on this one.
void check_geometry(const JitLaunch& l, const LoadedKernel& kernel, const DeviceFacts& device) {
  const auto& g = l.grid;
  const auto& b = l.block;
  if (g[0] < 1 || g[0] > 0x7fffffff || g[1] < 1 || g[1] > 65535 || g[2] < 1 || g[2] > 65535) {
    throw std::runtime_error("grid " + dims_text(g) +
                             " is out of range: x from 1 to 2^31 - 1, y and z from 1 to 65535");
  }
  if (b[0] < 1 || b[1] < 1 || b[2] < 1 || b[0] > 1024 || b[1] > 1024 || b[2] > 64) {
    throw std::runtime_error("block " + dims_text(b) + " is out of range");
  }
  const std::int64_t threads = b[0] * b[1] * b[2];
  if (threads > kernel.max_threads_per_block()) {
    throw std::runtime_error("block " + dims_text(b) + " has " + std::to_string(threads) +
                             " threads; this kernel can have " +
                             std::to_string(kernel.max_threads_per_block()) +
                             " a block (its registers and __launch_bounds__)");
  }
  if (l.shared_bytes < 0 || l.shared_bytes > device.max_shared_optin) {
    throw std::runtime_error("dynamic shared memory of " + std::to_string(l.shared_bytes) +
                             " bytes; this GPU allows 0 to " +
                             std::to_string(device.max_shared_optin) + " a block");
  }
}

class JitBinding {
 public:
  JitBinding(JitCall call, const std::string& include_path)
      : call_(std::move(call)), include_dirs_(detail::split_path_list(include_path)) {}

  JitCompileInfo prepare() {
    if (kernel_ != nullptr) return kernel_->info();
    const DeviceFacts device = current_device();
    detail::JitBuildRequest request;
    request.source = call_.source;
    request.include_dirs = include_dirs_;
    request.toolkit_dirs = detail::toolkit_include_dirs();
    request.name_expression = call_.kernel;
    request.options = call_.options;
    request.arch = "sm_" + std::to_string(device.cc_major) + std::to_string(device.cc_minor) +
                   (call_.arch_specific ? "a" : "");
    LoadedKernel& kernel = detail::loaded_kernel(request);
    kernel.load();

    launch_ = call_.launch(device.sm_count);
    check_geometry(launch_, kernel, device);
    const std::string mismatch = detail::check_kernel_arguments(
        call_.kernel, kernel.signature(), kernel.driver_param_sizes(), launch_.args);
    if (!mismatch.empty()) throw std::runtime_error("the arguments do not fit: " + mismatch);
    kernel.allow_dynamic_shared_bytes(launch_.shared_bytes);

    pdl_ = call_.pdl && device.cc_major >= 9;
    pointers_.assign(launch_.args.size(), nullptr);
    params_.assign(launch_.args.size(), nullptr);
    for (std::size_t i = 0; i < launch_.args.size(); ++i) {
      const JitArg& arg = launch_.args[i];
      params_[i] =
          arg.is_tensor() ? static_cast<void*>(&pointers_[i]) : const_cast<void*>(arg.value());
    }
    kernel_ = &kernel;
    return kernel.info();
  }

  void launch(Launch& launch) {
    if (kernel_ == nullptr) prepare();
    for (std::size_t i = 0; i < launch_.args.size(); ++i) {
      const JitArg& arg = launch_.args[i];
      if (arg.is_tensor()) pointers_[i] = launch.tensor(arg.tensor_index()).data();
    }
    CUlaunchAttribute overlap{};
    overlap.id = CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION;
    overlap.value.programmaticStreamSerializationAllowed = 1;
    CUlaunchConfig config{};
    config.gridDimX = static_cast<unsigned>(launch_.grid[0]);
    config.gridDimY = static_cast<unsigned>(launch_.grid[1]);
    config.gridDimZ = static_cast<unsigned>(launch_.grid[2]);
    config.blockDimX = static_cast<unsigned>(launch_.block[0]);
    config.blockDimY = static_cast<unsigned>(launch_.block[1]);
    config.blockDimZ = static_cast<unsigned>(launch_.block[2]);
    config.sharedMemBytes = static_cast<unsigned>(launch_.shared_bytes);
    config.hStream = static_cast<CUstream>(launch.stream());
    config.attrs = &overlap;
    config.numAttrs = pdl_ ? 1 : 0;
    detail::check_driver(detail::driver_api().launch_kernel_ex(&config, kernel_->function(),
                                                               params_.data(), nullptr),
                         "cuLaunchKernelEx");
  }

 private:
  JitCall call_;
  std::vector<std::string> include_dirs_;
  LoadedKernel* kernel_ = nullptr;  // set once prepared
  JitLaunch launch_;
  bool pdl_ = false;
  std::vector<void*> pointers_;  // the tensors' data at the current call
  std::vector<void*> params_;    // cuLaunchKernelEx's kernelParams: into pointers_ and the args
};

}  // namespace

const char* jit_type_name(DType dtype) {
  switch (dtype) {
    case DType::bf16:
      return "__nv_bfloat16";
    case DType::fp16:
      return "__half";
    case DType::fp32:
      return "float";
    case DType::fp64:
      return "double";
    case DType::int8:
      return "signed char";
    case DType::int32:
      return "int";
    case DType::int64:
      return "long long";
    case DType::uint8:
      return "unsigned char";
    case DType::fp8_e4m3:
      return "__nv_fp8_e4m3";
    case DType::fp8_e5m2:
      return "__nv_fp8_e5m2";
  }
  throw std::invalid_argument("jit_type_name: not a dtype");
}

void add_jit_impl(CaseSpec& spec, std::size_t index, JitCall call,
                  const std::string& include_path) {
  const auto binding = std::make_shared<JitBinding>(std::move(call), include_path);
  if (spec.impls.size() <= index) spec.impls.resize(index + 1);
  spec.jit_prepare.resize(spec.impls.size());
  spec.impls[index] = [binding](Launch& launch) { binding->launch(launch); };
  spec.jit_prepare[index] = [binding] { return binding->prepare(); };
}

}  // namespace jitbench
