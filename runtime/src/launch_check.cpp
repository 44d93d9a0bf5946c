#include <jitbench/launch_check.hpp>

namespace jitbench {

void check_launch_status(cudaError_t status, const char* impl) {
  if (status == cudaSuccess) return;
  throw CudaError(status, "impl '" + std::string(impl) + "' returned " + cuda_error_text(status));
}

}  // namespace jitbench
