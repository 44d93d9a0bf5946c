#include "device_problem.hpp"

#include <cstdlib>

namespace jitbench::detail {

namespace {

std::string cuda_version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::string cudart_words(cudaError_t status) {
  return std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status);
}

}  // namespace

std::optional<std::string> describe_device_problem(const DeviceQuery& query, int ordinal) {
  const std::string none_found = "no NVIDIA driver / no CUDA device found";
  std::string hidden;
  if (query.visible_devices != nullptr) {
    hidden = "; CUDA_VISIBLE_DEVICES='" + std::string(query.visible_devices) + "' selects devices";
  }
  switch (query.status) {
    case cudaSuccess:
      break;
    case cudaErrorInsufficientDriver:
      if (query.driver_version == 0) return none_found + " (" + cudart_words(query.status) + ")";
      return "the NVIDIA driver supports CUDA " + cuda_version_text(query.driver_version) +
             ", older than the CUDA " + cuda_version_text(query.runtime_version) +
             " this benchmark was built with: update the driver (" + cudart_words(query.status) +
             ")";
    case cudaErrorNoDevice:
      return none_found + " (" + cudart_words(query.status) + hidden + ")";
    default:
      return "the CUDA driver cannot be used (" + cudart_words(query.status) + ")";
  }
  if (query.device_count == 0) return none_found + " (the driver reports no device" + hidden + ")";
  if (ordinal < 0 || ordinal >= query.device_count) {
    return "device " + std::to_string(ordinal) + " requested, but " +
           (query.device_count == 1
                ? std::string("only device 0 is")
                : "only devices 0 to " + std::to_string(query.device_count - 1) + " are") +
           " present" + hidden;
  }
  return std::nullopt;
}

std::optional<std::string> find_device_problem(int ordinal) {
  DeviceQuery query;
  query.status = cudaGetDeviceCount(&query.device_count);
  if (query.status != cudaSuccess) cudaGetLastError();
  if (cudaDriverGetVersion(&query.driver_version) != cudaSuccess) query.driver_version = 0;
  query.runtime_version = CUDART_VERSION;
  query.visible_devices = std::getenv("CUDA_VISIBLE_DEVICES");
  return describe_device_problem(query, ordinal);
}

}  // namespace jitbench::detail
