#include <jitbench/stopping.hpp>

#include <cmath>
#include <optional>

namespace jitbench {

void RunningMoments::add(double value) {
  ++count_;
  const double delta = value - mean_;
  mean_ += delta / static_cast<double>(count_);
  squares_ += delta * (value - mean_);
}

double RunningMoments::relative_standard_error() const {
  if (count_ < 2 || !(mean_ > 0)) return 0;
  const double n = static_cast<double>(count_);
  return std::sqrt(squares_ / (n - 1)) / mean_ / std::sqrt(n);
}

void SampleSeries::keep(const Sample& sample) {
  samples.push_back(sample.per_call_s);
  moments.add(sample.per_call_s);
  gpu_time_s += sample.gpu_time_s;
  const auto n = static_cast<double>(samples.size());
  mean_sm_clock_mhz += (sample.sm_clock_mhz - mean_sm_clock_mhz) / n;
}

bool has_converged(const SampleSeries& series, const StoppingRule& rule) {
  if (series.samples.size() < rule.min_samples || series.gpu_time_s < rule.min_time_s) {
    return false;
  }
  return series.moments.relative_standard_error() <= rule.max_noise;
}

std::vector<SampleSeries> sample_interleaved(const std::vector<SampleSource*>& sources,
                                             const StoppingRule& rule, Clock& clock) {
  std::vector<SampleSeries> series(sources.size());
  std::vector<bool> active(sources.size(), true);
  std::size_t active_count = sources.size();
  const double start_s = clock.now_s();

  while (active_count > 0) {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (!active[i]) continue;
      const Sample sample = sources[i]->take();
      SampleSeries& s = series[i];
      if (sample.discard) {
        ++s.discarded;
      } else {
        s.keep(sample);
      }
      std::optional<StopReason> stop;
      if (has_converged(s, rule)) {
        stop = StopReason::converged;
      } else if (s.samples.size() >= rule.max_samples) {
        stop = StopReason::max_samples;
      }
      if (stop) {
        s.reason = *stop;
        active[i] = false;
        --active_count;
      }
    }
    if (active_count > 0 && clock.now_s() - start_s >= rule.timeout_s) {
      for (std::size_t i = 0; i < sources.size(); ++i) {
        if (!active[i]) continue;
        const bool quiet = series[i].moments.relative_standard_error() <= rule.max_noise;
        series[i].reason = quiet ? StopReason::too_few_samples : StopReason::timeout;
      }
      break;
    }
  }
  for (SampleSeries& s : series) s.noise = s.moments.relative_standard_error();
  return series;
}

}  // namespace jitbench
