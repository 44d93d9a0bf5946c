#include "impl_timing.hpp"

#include "gpu_wait.hpp"
#include "timers.hpp"

namespace jitbench::detail {

namespace {

// The most calls an eager sample queues: more would fill the launch queue and stall the host
// behind the spin kernel.
constexpr int max_eager_calls = 256;

using TimerFactory = std::function<std::unique_ptr<SampleSource>(const ReplayPlan&)>;

// Seconds one eager call takes, launch included: an upper bound for sizing the first replay.
double time_one_call(const ImplFunction& impl, const TensorPool& pool, cudaStream_t stream) {
  run_call(impl, pool, 0, stream);
  const Event start = make_event();
  const Event stop = make_event();
  JITBENCH_CUDA(cudaEventRecord(start.get(), stream));
  Launch launch(stream, pool.tensors(0));
  impl(launch);
  check_launches("a call");
  JITBENCH_CUDA(cudaEventRecord(stop.get(), stream));
  wait_for(stop.get(), "a call");
  return elapsed_s(start, stop);
}

// A timer for a replay sized from `estimate_s`, rebuilt once when a measured replay asks for
// another size. Returns the factory of the final layout beside it.
struct SizedTimer {
  std::unique_ptr<SampleSource> timer;
  std::function<std::unique_ptr<SampleSource>()> make;
  ReplayLayout layout;
};

SizedTimer sized_timer(ReplayPlan plan, double estimate_s, ReplayLimits limits,
                       const TimerFactory& make) {
  plan.layout = layout_replay(plan.rotation, estimate_s, limits);
  std::unique_ptr<SampleSource> timer = make(plan);
  timer->take();  // the first replay pays for uploads and first touches
  const ReplayLayout measured = layout_replay(plan.rotation, timer->take().per_call_s, limits);
  if (measured.calls() != plan.layout.calls() || measured.flush != plan.layout.flush) {
    plan.layout = measured;
    timer = make(plan);
  }
  return {std::move(timer), [plan, make] { return make(plan); }, plan.layout};
}

}  // namespace

ImplTiming prepare_impl_timing(const ImplFunction& impl, const TensorPool& pool,
                               const RotationPlan& plan, const TimerSettings& settings,
                               DeviceContext& device) {
  cudaStream_t stream = device.timed_stream();
  const double estimate_s = time_one_call(impl, pool, stream);
  const ReplayPlan replay{&impl, &pool, plan, {}};
  ReplayLimits eager_limits;
  eager_limits.max_calls = max_eager_calls;
  eager_limits.whole_rotations = false;
  const TimerFactory make_eager = [&device](const ReplayPlan& p) {
    return std::make_unique<EagerTimer>(p, device);
  };

  ImplTiming timing;
  SizedTimer sized;
  if (settings.use_graph) {
    try {
      const CallShape shape = probe_capture(impl, pool, stream);
      sized =
          sized_timer(replay, estimate_s, ReplayLimits{}, [&device, shape](const ReplayPlan& p) {
            return std::make_unique<GraphTimer>(p, shape, device);
          });
      timing.memcpy_in_graph = shape.memcpy_or_memset;
      timing.allocates_in_graph = shape.allocates;
    } catch (const CaptureFailed& e) {
      timing.mode = RunMode::eager;
      timing.mode_reason = std::string("capture failed: ") + e.what();
    }
  } else {
    timing.mode = RunMode::eager;
    timing.mode_reason = "--no-graph";
  }
  if (timing.mode == RunMode::eager) {
    sized = sized_timer(replay, estimate_s, eager_limits, make_eager);
  } else if (timing.memcpy_in_graph) {
    timing.eager_companion = sized_timer(replay, estimate_s, eager_limits, make_eager).timer;
  }
  timing.timer = std::move(sized.timer);
  timing.make_timer = std::move(sized.make);
  timing.calls_per_sample = sized.layout.calls();
  timing.flushed = sized.layout.flush;

  warm_up(*timing.timer, settings.warmup_s);
  if (timing.eager_companion) warm_up(*timing.eager_companion, settings.warmup_s);
  return timing;
}

}  // namespace jitbench::detail
