#pragma once

// The watchdog on every wait for the GPU. A kernel that never ends would otherwise hang the run
// in cudaStreamSynchronize: instead each wait polls its work until it is done, failed, or past a
// deadline derived from how long the impl in flight takes a call, capped by --hang-timeout. A
// missed deadline is a GpuHang. The work cannot be stopped and the context cannot be recovered,
// so the run reports it and ends the process (run_main).
//
//   gpu_watch().enter("fused", "sampling");   // what the work queued next belongs to
//   cudaGraphLaunch(exec, stream);
//   wait_for(stream, "a graph replay", calls);  // returns, or throws CudaError or GpuHang

#include <jitbench/stopping.hpp>

#include <cuda_runtime_api.h>

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace jitbench::detail {

// Work that has not completed by its deadline, and what it was.
class GpuHang : public std::runtime_error {
 public:
  GpuHang(std::string impl, std::string phase, std::string work, double waited_s);

  const std::string& impl() const { return impl_; }  // empty: the runtime's own work
  const std::string& phase() const { return phase_; }
  const std::string& work() const { return work_; }
  double waited_s() const { return waited_s_; }
  // "warm-up: a graph replay of 1024 calls still running after 5 s"
  std::string reason() const;

 private:
  std::string impl_;
  std::string phase_;
  std::string work_;
  double waited_s_;
};

// How long a wait may last.
struct DeadlineRule {
  double limit_s = 60;  // --hang-timeout: no wait lasts longer
  // Before a call of the impl has been timed in this case, a wait may last the limit. After,
  // `slack` times what its calls take, but never less than `floor_s`: launch queues, clocks and
  // other processes on the GPU make the same work take longer at times.
  double floor_s = 5;
  double slack = 50;

  // The deadline for work of `calls` calls that took `per_call_s` each (0: not known) [s].
  double deadline_s(double per_call_s, std::int64_t calls) const;
};

// One poll of the work waited for: cudaSuccess when it is done, cudaErrorNotReady while it
// runs, or the error it failed with.
using GpuQuery = std::function<cudaError_t()>;

// Gives the CPU away while the GPU works; tests pass one that only advances a fake clock.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void sleep_s(double seconds) = 0;
};

class ThreadSleeper final : public Sleeper {
 public:
  void sleep_s(double seconds) override;
};

// Knows what the runtime is waiting for (which impl, in which phase) and how long that impl's
// calls have taken in this case, and waits: polling without pause for the first `spin_s`, so
// that short waits stay as short as a blocking synchronisation, then sleeping between polls.
class GpuWatch {
 public:
  static constexpr double spin_s = 2e-3;
  static constexpr double first_sleep_s = 20e-6;
  static constexpr double max_sleep_s = 500e-6;

  GpuWatch(Clock& clock, Sleeper& sleeper) : clock_(clock), sleeper_(sleeper) {}

  void set_limit(double limit_s) { rule_.limit_s = limit_s; }
  const DeadlineRule& rule() const { return rule_; }

  // A new case: the calls timed so far had other sizes.
  void new_case() { per_call_s_.clear(); }
  // The work queued from now on is `impl`'s (empty: the runtime's own), in `phase`.
  void enter(std::string impl, std::string phase);
  // The same impl, in another phase.
  void enter_phase(std::string phase) { phase_ = std::move(phase); }
  const std::string& impl() const { return impl_; }
  const std::string& phase() const { return phase_; }

  // Waits for `work` ("a graph replay"), `calls` calls of the current impl, polling `query`.
  // Throws CudaError when the work failed, GpuHang when it is not done by its deadline (and
  // from then on hung() is true).
  void wait(const GpuQuery& query, const std::string& work, std::int64_t calls);
  bool hung() const { return hung_; }

 private:
  Clock& clock_;
  Sleeper& sleeper_;
  DeadlineRule rule_;
  std::string impl_;
  std::string phase_;
  std::map<std::string, double> per_call_s_;  // the slowest call seen, by impl, this case
  bool hung_ = false;
};

// The process's watch: there is one GPU context, and a hang ends all of it.
GpuWatch& gpu_watch();

// Waits, under the process's watch, for everything queued on `stream` so far, or for `event`.
// `calls` is the number of the current impl's calls in that work (0: none of its calls).
void wait_for(cudaStream_t stream, const std::string& work, std::int64_t calls = 1);
void wait_for(cudaEvent_t event, const std::string& work, std::int64_t calls = 1);

// After launching calls: throws CudaError "the launch of <work> failed: cudaErrorX (text)" when
// the last launch left an error (an invalid configuration, too much shared memory...).
void check_launches(const std::string& work);

}  // namespace jitbench::detail
