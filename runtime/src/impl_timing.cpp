#include <jitbench/detail/impl_timing.hpp>
#include <jitbench/detail/timers.hpp>

namespace jitbench::detail {

namespace {

// The most calls an eager sample queues: more would fill the launch queue and stall the host
// behind the spin kernel.
constexpr int max_eager_calls = 256;

// Seconds one eager call takes, launch included: an upper bound for sizing the first replay.
double time_one_call(const ImplFunction& impl, const TensorPool& pool, cudaStream_t stream) {
  run_call(impl, pool, 0, stream);
  const Event start = make_event();
  const Event stop = make_event();
  JITBENCH_CUDA(cudaEventRecord(start.get(), stream));
  Launch launch(stream, pool.tensors(0));
  impl(launch);
  JITBENCH_CUDA(cudaGetLastError());
  JITBENCH_CUDA(cudaEventRecord(stop.get(), stream));
  JITBENCH_CUDA(cudaEventSynchronize(stop.get()));
  return elapsed_s(start, stop);
}

// Builds a timer for a replay sized from `estimate_s`, measures one replay, and rebuilds it
// once when the measured call time asks for another size.
template <class MakeTimer>
std::unique_ptr<SampleSource> sized_timer(ReplayPlan plan, double estimate_s,
                                          ReplayLimits limits, int& calls, MakeTimer make) {
  plan.layout = layout_replay(plan.rotation, estimate_s, limits);
  std::unique_ptr<SampleSource> timer = make(plan);
  timer->take();  // the first replay pays for uploads and first touches
  const ReplayLayout measured = layout_replay(plan.rotation, timer->take().per_call_s, limits);
  if (measured.calls() != plan.layout.calls()) {
    plan.layout = measured;
    timer = make(plan);
  }
  calls = plan.layout.calls();
  return timer;
}

}  // namespace

ImplTiming prepare_impl_timing(const ImplFunction& impl, const TensorPool& pool,
                               const RotationPlan& plan, const Settings& settings,
                               DeviceContext& device) {
  cudaStream_t stream = device.timed_stream();
  const double estimate_s = time_one_call(impl, pool, stream);
  const ReplayPlan replay{&impl, &pool, plan, {}};
  ReplayLimits eager_limits;
  eager_limits.max_calls = max_eager_calls;
  eager_limits.whole_rotations = false;
  const auto make_eager = [&](const ReplayPlan& p) {
    return std::make_unique<EagerTimer>(p, device);
  };

  ImplTiming timing;
  int eager_calls = 0;
  if (settings.use_graph) {
    try {
      const CallShape shape = probe_capture(impl, pool, stream);
      timing.timer = sized_timer(replay, estimate_s, ReplayLimits{}, timing.calls_per_sample,
                                 [&](const ReplayPlan& p) {
                                   return std::make_unique<GraphTimer>(p, shape, device);
                                 });
      timing.memcpy_in_graph = shape.memcpy_or_memset;
    } catch (const CaptureFailed& e) {
      timing.mode = RunMode::eager;
      timing.mode_reason = std::string("capture failed: ") + e.what();
    }
  } else {
    timing.mode = RunMode::eager;
    timing.mode_reason = "--no-graph";
  }
  if (timing.mode == RunMode::eager) {
    timing.timer =
        sized_timer(replay, estimate_s, eager_limits, timing.calls_per_sample, make_eager);
  } else if (timing.memcpy_in_graph) {
    timing.eager_companion = sized_timer(replay, estimate_s, eager_limits, eager_calls, make_eager);
  }

  warm_up(*timing.timer, settings.warmup_s);
  if (timing.eager_companion) warm_up(*timing.eager_companion, settings.warmup_s);
  return timing;
}

}  // namespace jitbench::detail
