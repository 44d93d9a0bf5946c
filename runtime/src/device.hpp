#pragma once

#include "cuda_resources.hpp"
#include "device_kernels.hpp"
#include <jitbench/result.hpp>
#include <jitbench/rotation.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace jitbench::detail {

// The device a run measures on and what the runtime keeps for it for the whole process: the one
// stream, the flush buffer and the spin flag of eager mode.
//
// Every piece of device work the runtime does (fills, checks, estimates, replays) goes on that one
// stream. Kernels launched on a second stream of the process, even long before and idle since,
// put later graph replays into a state where each kernel costs about 0.3 us more (docs/timing.md,
// "Launch state"); one stream also orders the fill before the calls without any event.
class DeviceContext {
 public:
  explicit DeviceContext(int ordinal);

  const DeviceInfo& info() const { return info_; }
  MemoryFacts memory_facts() const;  // L2 size and free memory now

  cudaStream_t timed_stream() const { return timed_stream_.get(); }

  // A buffer of at least `bytes` for flush writes; grows on demand, kept across cases.
  void* flush_buffer(std::size_t bytes);

  // Pinned host flag that releases the eager-mode spin kernel, as the host and device see it,
  // and the one the kernel sets when it stopped waiting for it.
  volatile int* host_flag() const { return static_cast<volatile int*>(flag_.get()); }
  const volatile int* device_flag() const { return device_flag_; }
  volatile int* host_spin_timed_out() const { return host_flag() + 1; }
  int* device_spin_timed_out() const { return device_spin_timed_out_; }

  // Measures the device-to-device copy bandwidth (eager cudaMemcpyAsync, bytes read + written)
  // that bandwidth percentages are read against, then the SM clock while the device is busy:
  // the clock the run starts at. Once a process.
  void measure_copy_peak();
  // Takes those figures from the run's first process instead (a worker, worker_process.hpp).
  void take_copy_peak(double peak_copy_gbps, std::int64_t peak_copy_bytes,
                      double start_sm_clock_mhz) {
    info_.peak_copy_gbps = peak_copy_gbps;
    info_.peak_copy_bytes = peak_copy_bytes;
    info_.start_sm_clock_mhz = start_sm_clock_mhz;
  }

  // Where the SM clock probe that ends every replay writes (device view), and what it wrote
  // (host view, valid after the stream is synchronised).
  ClockReading* clock_slot() const { return clock_slot_device_; }
  const ClockReading& last_clock() const { return *static_cast<ClockReading*>(clock_.get()); }
  // A sample taken while the SM clock is below this is discarded as throttled [MHz].
  double throttle_limit_mhz() const { return throttle_fraction * info_.start_sm_clock_mhz; }

  static constexpr unsigned long long probe_cycles = 50'000;
  static constexpr double throttle_fraction = 0.9;

 private:
  DeviceInfo info_;
  Stream timed_stream_;
  DeviceMemory flush_;
  std::size_t flush_bytes_ = 0;
  HostMemory flag_;
  const volatile int* device_flag_ = nullptr;
  int* device_spin_timed_out_ = nullptr;
  HostMemory clock_;
  ClockReading* clock_slot_device_ = nullptr;
};

}  // namespace jitbench::detail
