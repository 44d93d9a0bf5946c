#include <jitbench/statistics.hpp>
#include <jitbench/stopping.hpp>

#include <optional>

namespace jitbench {

bool has_converged(const SampleSeries& series, const StoppingRule& rule) {
  if (series.samples.size() < rule.min_samples || series.gpu_time_s < rule.min_time_s) {
    return false;
  }
  return summarize(series.samples).rse <= rule.max_noise;
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
        s.samples.push_back(sample.per_call_s);
        s.gpu_time_s += sample.gpu_time_s;
        const auto n = static_cast<double>(s.samples.size());
        s.mean_sm_clock_mhz += (sample.sm_clock_mhz - s.mean_sm_clock_mhz) / n;
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
        const bool quiet = summarize(series[i].samples).rse <= rule.max_noise;
        series[i].reason = quiet ? StopReason::too_few_samples : StopReason::timeout;
      }
      break;
    }
  }
  for (SampleSeries& s : series) s.noise = summarize(s.samples).rse;
  return series;
}

}  // namespace jitbench
