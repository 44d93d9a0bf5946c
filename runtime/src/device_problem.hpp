#pragma once

#include <cuda_runtime_api.h>

#include <optional>
#include <string>

namespace jitbench::detail {

// What the CUDA runtime said when asked for devices, gathered so that the message made from it
// can be tested without a GPU.
struct DeviceQuery {
  cudaError_t status = cudaSuccess;  // of cudaGetDeviceCount
  int device_count = 0;
  int driver_version = 0;   // cudaDriverGetVersion: 0 when no driver is installed
  int runtime_version = 0;  // the CUDA version this benchmark was built with, e.g. 13000
  const char* visible_devices = nullptr;  // CUDA_VISIBLE_DEVICES, when set
};

// Why device `ordinal` cannot run a benchmark, for a person to read, or nothing when it can. No
// driver and no device read "no NVIDIA driver / no CUDA device found", with cudart's own words
// kept as the detail: cudart calls a missing driver "insufficient", which sends people off to
// upgrade a driver they do not have.
std::optional<std::string> describe_device_problem(const DeviceQuery& query, int ordinal);

// Asks the CUDA runtime, then describe_device_problem().
std::optional<std::string> find_device_problem(int ordinal);

}  // namespace jitbench::detail
