#include "device.hpp"

#include "gpu_wait.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace jitbench::detail {

namespace {

// "GPU-8-4-4-4-12 hex digits", as nvidia-smi -L prints it: which physical GPU ran, whatever
// its ordinal under CUDA_VISIBLE_DEVICES.
std::string uuid_text(const cudaUUID_t& uuid) {
  static constexpr int group_ends[] = {4, 6, 8, 10};
  std::string text = "GPU-";
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    for (int end : group_ends) {
      if (i == end) text += '-';
    }
    std::snprintf(hex, sizeof(hex), "%02x", static_cast<unsigned char>(uuid.bytes[i]));
    text += hex;
  }
  return text;
}

int attribute(cudaDeviceAttr attr, int ordinal) {
  int value = 0;
  JITBENCH_CUDA(cudaDeviceGetAttribute(&value, attr, ordinal));
  return value;
}

}  // namespace

DeviceContext::DeviceContext(int ordinal) {
  JITBENCH_CUDA(cudaSetDevice(ordinal));
  cudaDeviceProp prop{};
  JITBENCH_CUDA(cudaGetDeviceProperties(&prop, ordinal));
  info_.ordinal = ordinal;
  info_.name = prop.name;
  info_.uuid = uuid_text(prop.uuid);
  info_.cc_major = prop.major;
  info_.cc_minor = prop.minor;
  info_.sm_count = prop.multiProcessorCount;
  info_.l2_bytes = attribute(cudaDevAttrL2CacheSize, ordinal);
  info_.memory_bytes = static_cast<std::int64_t>(prop.totalGlobalMem);
  info_.sm_clock_khz = attribute(cudaDevAttrClockRate, ordinal);
  info_.memory_clock_khz = attribute(cudaDevAttrMemoryClockRate, ordinal);
  JITBENCH_CUDA(cudaDriverGetVersion(&info_.driver_version));
  JITBENCH_CUDA(cudaRuntimeGetVersion(&info_.runtime_version));

  timed_stream_ = make_stream();
  flag_ = allocate_pinned(2 * sizeof(int));
  *host_flag() = 0;
  *host_spin_timed_out() = 0;
  void* device_view = nullptr;
  JITBENCH_CUDA(cudaHostGetDevicePointer(&device_view, flag_.get(), 0));
  device_flag_ = static_cast<const volatile int*>(device_view);
  device_spin_timed_out_ = static_cast<int*>(device_view) + 1;
  clock_ = allocate_pinned(sizeof(ClockReading));
  JITBENCH_CUDA(cudaHostGetDevicePointer(&device_view, clock_.get(), 0));
  clock_slot_device_ = static_cast<ClockReading*>(device_view);
}

MemoryFacts DeviceContext::memory_facts() const {
  std::size_t free_bytes = 0;
  std::size_t total_bytes = 0;
  JITBENCH_CUDA(cudaMemGetInfo(&free_bytes, &total_bytes));
  return {info_.l2_bytes, static_cast<std::int64_t>(free_bytes)};
}

void* DeviceContext::flush_buffer(std::size_t bytes) {
  if (bytes > flush_bytes_) {
    flush_.reset();
    flush_ = allocate_device(bytes);
    flush_bytes_ = bytes;
  }
  return flush_.get();
}

void DeviceContext::measure_copy_peak() {
  constexpr std::int64_t largest = std::int64_t{1} << 30;
  constexpr int repeats = 10;
  gpu_watch().enter("", "device setup");
  const MemoryFacts facts = memory_facts();
  const std::int64_t bytes =
      std::max<std::int64_t>(std::min(largest, facts.free_bytes / 4) & ~std::int64_t{255}, 256);
  DeviceMemory src = allocate_device(static_cast<std::size_t>(bytes));
  DeviceMemory dst = allocate_device(static_cast<std::size_t>(bytes));
  const Event start = make_event();
  const Event stop = make_event();
  cudaStream_t s = timed_stream();
  for (int i = 0; i < 2; ++i) {
    JITBENCH_CUDA(cudaMemcpyAsync(dst.get(), src.get(), bytes, cudaMemcpyDeviceToDevice, s));
  }
  double best_s = 0;
  for (int trial = 0; trial < 3; ++trial) {
    JITBENCH_CUDA(cudaEventRecord(start.get(), s));
    for (int i = 0; i < repeats; ++i) {
      JITBENCH_CUDA(cudaMemcpyAsync(dst.get(), src.get(), bytes, cudaMemcpyDeviceToDevice, s));
    }
    JITBENCH_CUDA(cudaEventRecord(stop.get(), s));
    wait_for(stop.get(), "the copy-bandwidth measurement", 0);
    const double per_copy_s = elapsed_s(start, stop) / repeats;
    if (best_s == 0 || per_copy_s < best_s) best_s = per_copy_s;
  }
  info_.peak_copy_bytes = bytes;
  info_.peak_copy_gbps = 2.0 * static_cast<double>(bytes) / best_s / 1e9;

  // The copies above have brought the clocks up; the fastest of a few probes is the start clock.
  for (int probe = 0; probe < 3; ++probe) {
    launch_clock_probe(clock_slot(), probe_cycles, s);
    wait_for(s, "the SM clock probe", 0);
    info_.start_sm_clock_mhz = std::max(info_.start_sm_clock_mhz, last_clock().mhz());
  }
}

}  // namespace jitbench::detail
