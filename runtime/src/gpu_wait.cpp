#include "gpu_wait.hpp"

#include <jitbench/cuda_check.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

namespace jitbench::detail {

namespace {

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3g s", seconds);
  return text;
}

// "a graph replay of 1024 calls"
std::string work_text(const std::string& work, std::int64_t calls) {
  return calls > 1 ? work + " of " + std::to_string(calls) + " calls" : work;
}

std::string describe_hang(const std::string& impl, const std::string& phase,
                          const std::string& work, double waited_s) {
  const std::string who = impl.empty() ? "the runtime's own work" : "impl '" + impl + "'";
  return who + " hung in " + phase + ": " + work + " still running after " +
         format_seconds(waited_s);
}

}  // namespace

GpuHang::GpuHang(std::string impl, std::string phase, std::string work, double waited_s)
    : std::runtime_error(describe_hang(impl, phase, work, waited_s)),
      impl_(std::move(impl)),
      phase_(std::move(phase)),
      work_(std::move(work)),
      waited_s_(waited_s) {}

std::string GpuHang::reason() const {
  return phase_ + ": " + work_ + " still running after " + format_seconds(waited_s_);
}

double DeadlineRule::deadline_s(double per_call_s, std::int64_t calls) const {
  if (!(per_call_s > 0) || calls <= 0) return limit_s;
  return std::min(limit_s, std::max(floor_s, slack * per_call_s * static_cast<double>(calls)));
}

void ThreadSleeper::sleep_s(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

void GpuWatch::enter(std::string impl, std::string phase) {
  impl_ = std::move(impl);
  phase_ = std::move(phase);
}

void GpuWatch::wait(const GpuQuery& query, const std::string& work, std::int64_t calls) {
  const auto known = per_call_s_.find(impl_);
  const double deadline_s = rule_.deadline_s(known == per_call_s_.end() ? 0 : known->second, calls);
  const double start_s = clock_.now_s();
  double pause_s = first_sleep_s;
  for (;;) {
    const cudaError_t status = query();
    const double waited_s = clock_.now_s() - start_s;
    if (status == cudaSuccess) {
      if (calls > 0 && !impl_.empty()) {
        double& slowest = per_call_s_[impl_];
        slowest = std::max(slowest, waited_s / static_cast<double>(calls));
      }
      return;
    }
    if (status != cudaErrorNotReady) {
      throw CudaError(status, work_text(work, calls) + " failed: " + cuda_error_text(status));
    }
    if (waited_s >= deadline_s) {
      hung_ = true;
      throw GpuHang(impl_, phase_, work_text(work, calls), waited_s);
    }
    if (waited_s < spin_s) continue;
    sleeper_.sleep_s(std::min(pause_s, deadline_s - waited_s));
    pause_s = std::min(2 * pause_s, max_sleep_s);
  }
}

GpuWatch& gpu_watch() {
  // Never destroyed: memory released by static destructors asks it whether the GPU hung.
  static SteadyClock* clock = new SteadyClock;
  static ThreadSleeper* sleeper = new ThreadSleeper;
  static GpuWatch* watch = new GpuWatch(*clock, *sleeper);
  return *watch;
}

void wait_for(cudaStream_t stream, const std::string& work, std::int64_t calls) {
  gpu_watch().wait([stream] { return cudaStreamQuery(stream); }, work, calls);
}

void wait_for(cudaEvent_t event, const std::string& work, std::int64_t calls) {
  gpu_watch().wait([event] { return cudaEventQuery(event); }, work, calls);
}

void check_launches(const std::string& work) {
  const cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess) {
    throw CudaError(status, "the launch of " + work + " failed: " + cuda_error_text(status));
  }
}

}  // namespace jitbench::detail
