#pragma once

#include <jitbench/clock.hpp>

#include <cstddef>
#include <vector>

namespace jitbench {

// When to stop sampling one case. Sampling goes on until the relative standard error of the
// mean is below max_noise and both minimums are met, or until the case's timeout.
struct StoppingRule {
  double max_noise = 0.005;  // relative standard error of the mean
  std::size_t min_samples = 10;
  double min_time_s = 0.02;  // GPU time spent in kept samples, per impl
  double timeout_s = 5.0;    // wall time for all impls of a case together
  std::size_t max_samples = 100000;
};

// One timed replay of one impl. per_call_s is what the statistics see; gpu_time_s is what the
// replay cost (it counts towards min_time_s). A discarded sample (taken while throttled) is
// counted but not kept.
struct Sample {
  double per_call_s = 0;
  double gpu_time_s = 0;
  bool discard = false;
  double sm_clock_mhz = 0;  // measured right after the sample; 0 when not measured
};

class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual Sample take() = 0;
};

// timeout: still above max_noise when the case timed out (noisy). too_few_samples: within
// max_noise at the timeout, but short of min_samples or min_time (each sample was long).
enum class StopReason { converged, timeout, too_few_samples, max_samples };

// The mean and variance of a stream of values, updated as each comes (Welford's method), so that
// the convergence test after the 5000th sample costs what it cost after the 10th.
class RunningMoments {
 public:
  void add(double value);
  std::size_t count() const { return count_; }
  double mean() const { return mean_; }
  // stddev / sqrt(n) / mean, with the sample standard deviation (n - 1), as summarize() has it;
  // 0 below two values or for a mean that is not positive.
  double relative_standard_error() const;

 private:
  std::size_t count_ = 0;
  double mean_ = 0;
  double squares_ = 0;  // sum of squared differences from the running mean
};

struct SampleSeries {
  std::vector<double> samples;  // per-call seconds, in the order taken
  RunningMoments moments;       // of `samples`
  double gpu_time_s = 0;
  std::size_t discarded = 0;
  double mean_sm_clock_mhz = 0;  // over the kept samples
  double noise = 0;              // relative standard error of the mean at the stop
  StopReason reason = StopReason::converged;

  // Keeps a sample that was not discarded: its time, its cost and the clock it ran at.
  void keep(const Sample& sample);
};

// Whether a series may stop now under the rule (not counting the timeout).
bool has_converged(const SampleSeries& series, const StoppingRule& rule);

// Samples the sources round-robin, one sample each a turn, so that drift in clocks or
// temperature affects all of them alike; a source leaves the rotation when it has converged.
std::vector<SampleSeries> sample_interleaved(const std::vector<SampleSource*>& sources,
                                             const StoppingRule& rule, Clock& clock);

}  // namespace jitbench
