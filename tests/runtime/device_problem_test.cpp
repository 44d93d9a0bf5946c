// The message a benchmark prints when it cannot use a GPU, for each thing cudart can say.

#include "device_problem.hpp"

#include <jitbench/format.hpp>

#include <gtest/gtest.h>

namespace jitbench::detail {
namespace {

DeviceQuery query(cudaError_t status, int driver_version, int device_count) {
  DeviceQuery q;
  q.status = status;
  q.driver_version = driver_version;
  q.device_count = device_count;
  q.runtime_version = 13000;
  return q;
}

TEST(DeviceProblem, NoDriverIsNotCalledInsufficient) {
  // Without libcuda, cudart says "insufficient driver" and cudaDriverGetVersion gives 0.
  EXPECT_EQ(describe_device_problem(query(cudaErrorInsufficientDriver, 0, 0), 0),
            "no NVIDIA driver / no CUDA device found (cudaErrorInsufficientDriver: CUDA driver "
            "version is insufficient for CUDA runtime version)");
}

TEST(DeviceProblem, AnOldDriverIsNamedWithBothVersions) {
  EXPECT_EQ(describe_device_problem(query(cudaErrorInsufficientDriver, 12020, 0), 0),
            "the NVIDIA driver supports CUDA 12.2, older than the CUDA 13.0 this benchmark was "
            "built with: update the driver (cudaErrorInsufficientDriver: CUDA driver version is "
            "insufficient for CUDA runtime version)");
}

TEST(DeviceProblem, NoDeviceSaysWhichDevicesWereVisible) {
  DeviceQuery q = query(cudaErrorNoDevice, 13000, 0);
  EXPECT_EQ(describe_device_problem(q, 0),
            "no NVIDIA driver / no CUDA device found (cudaErrorNoDevice: no CUDA-capable device "
            "is detected)");
  q.visible_devices = "";
  EXPECT_EQ(describe_device_problem(q, 0),
            "no NVIDIA driver / no CUDA device found (cudaErrorNoDevice: no CUDA-capable device "
            "is detected; CUDA_VISIBLE_DEVICES='' selects devices)");
}

TEST(DeviceProblem, OrdinalOutOfRange) {
  EXPECT_EQ(describe_device_problem(query(cudaSuccess, 13000, 1), 1),
            "device 1 requested, but only device 0 is present");
  EXPECT_EQ(describe_device_problem(query(cudaSuccess, 13000, 4), 7),
            "device 7 requested, but only devices 0 to 3 are present");
}

TEST(DeviceProblem, NothingWhenTheDeviceIsThere) {
  EXPECT_EQ(describe_device_problem(query(cudaSuccess, 13000, 8), 7), std::nullopt);
}

TEST(DeviceProblem, OtherErrorsKeepCudartsWords) {
  EXPECT_EQ(describe_device_problem(query(cudaErrorDevicesUnavailable, 13000, 0), 0),
            "the CUDA driver cannot be used (cudaErrorDevicesUnavailable: CUDA-capable device(s) "
            "is/are busy or unavailable)");
}

TEST(Plural, CountsReadAsEnglish) {
  EXPECT_EQ(count_of(0, "case"), "0 cases");
  EXPECT_EQ(count_of(1, "case"), "1 case");
  EXPECT_EQ(count_of(2, "case"), "2 cases");
}

}  // namespace
}  // namespace jitbench::detail
