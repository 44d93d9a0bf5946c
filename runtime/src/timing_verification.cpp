#include "timing_verification.hpp"

#include "kernel_trace.hpp"
#include "timing_check.hpp"

namespace jitbench::detail {

namespace {

constexpr int traced_replays = 3;

}  // namespace

TimingCheck verify_timing(const ImplTiming& timing, double median_s, const ImplFunction& impl,
                          const TensorPool& pool, std::int64_t working_set_bytes,
                          const MeasureSettings& settings, DeviceContext& device) {
  std::vector<TraceSpan> spans;
  std::vector<double> traced_s;
  {
    KernelTrace trace;
    const std::unique_ptr<SampleSource> timer = timing.make_timer();
    for (int i = 0; i < traced_replays; ++i) traced_s.push_back(timer->take().per_call_s);
    spans = trace.collect();
  }
  TimingCheckLimits limits;
  limits.relative = settings.verify_threshold;
  TimingCheck check = check_timing(spans, std::int64_t{traced_replays} * timing.calls_per_sample,
                                   median_s, summarize(traced_s).median, limits);
  if (settings.l2 == L2Mode::warm) {
    check.warm_median_s = median_s;
    return check;
  }

  RotationPlan warm;
  warm.kind = RotationPlan::Kind::warm;
  warm.copies = 1;
  const ImplTiming warm_timing = prepare_impl_timing(impl, pool, warm, settings.timer, device);
  SteadyClock clock;
  const std::vector<SampleSeries> series =
      sample_interleaved({warm_timing.timer.get()}, settings.stopping, clock);
  check.warm_median_s = summarize(series[0].samples).median;
  check.cold_not_slower =
      cold_not_slower(median_s, check.warm_median_s, working_set_bytes, device.info().l2_bytes);
  return check;
}

}  // namespace jitbench::detail
