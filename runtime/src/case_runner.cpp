#include "case_runner.hpp"

#include "gpu_wait.hpp"
#include "impl_timing.hpp"
#include "reference_check.hpp"
#include "tensor_pool.hpp"
#include "timing_verification.hpp"
#include <jitbench/cuda_check.hpp>
#include <jitbench/format.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace jitbench::detail {

namespace {

std::string format_gb(double bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f GB", bytes / 1e9);
  return text;
}

// True when the context no longer works: the runtime's stream fails even after the last error
// is cleared. Waits for its work under the watch (a GpuHang escapes).
bool context_broken(const DeviceContext& device) {
  const auto stream_fails = [&] {
    try {
      wait_for(device.timed_stream(), "the work queued before the error", 0);
    } catch (const CudaError&) {
      return true;
    }
    return false;
  };
  if (!stream_fails()) return false;
  cudaGetLastError();
  return stream_fails();
}

// Takes the samples of one impl and tells the watch whose they are: impls are sampled
// interleaved.
class WatchedSource final : public SampleSource {
 public:
  WatchedSource(SampleSource& timer, std::string impl) : timer_(timer), impl_(std::move(impl)) {}
  Sample take() override {
    gpu_watch().enter(impl_, "sampling");
    return timer_.take();
  }

 private:
  SampleSource& timer_;
  std::string impl_;
};

std::string mismatch_reason(const CheckResult& c) {
  char text[192];
  std::snprintf(text, sizeof(text), "max error %.3g > tolerance %.3g at %s[%lld]; ", c.max_error,
                c.tolerance, c.tensor.c_str(), static_cast<long long>(c.index));
  return text + count_of(c.mismatches, "element") + (c.mismatches == 1 ? " differs" : " differ");
}

// One selected impl on its way through the steps of a case.
struct ImplRun {
  std::size_t index = 0;  // into desc.impl_names and spec.impls
  ImplResult result;      // its row: ok while nothing has failed
  ImplTiming timing;
  std::optional<WatchedSource> source;        // its timer, under the watch
  std::optional<WatchedSource> eager_source;  // its eager companion's, when it has one
  SampleSeries series;
  SampleSeries eager_series;

  bool pending() const { return result.status == ImplStatus::ok; }
};

// The measurement of one case: the steps CaseRunner::run takes, in order, over one ImplRun an
// impl. A failure marks the impl's row; a sticky CUDA error or a hang ends the case by an
// exception that carries the rows so far.
class CaseMeasurement {
 public:
  CaseMeasurement(const BenchmarkDesc& desc, const MeasureSettings& settings, DeviceContext& device,
                  const CaseRunner::ImplStarted& on_impl, const CaseSpec& spec,
                  const std::vector<std::size_t>& impls, const std::vector<ImplResult>& lost)
      : desc_(desc),
        settings_(settings),
        device_(device),
        on_impl_(on_impl),
        spec_(spec),
        lost_(lost) {
    case_.param_values = spec_.param_values;
    case_.bytes_read = bytes_read(spec_);
    case_.bytes_written = bytes_written(spec_);
    case_.flops = spec_.flops;
    runs_.reserve(impls.size());  // never resized again: the sources point into the runs
    for (std::size_t i : impls) {
      ImplRun run;
      run.index = i;
      run.result.impl = desc_.impl_names[i];
      if (const ImplResult* row = lost_row(run.result.impl)) {
        run.result = *row;
      } else if (!spec_.skip_reason.empty()) {
        run.result.status = ImplStatus::skipped;
        run.result.reason = spec_.skip_reason;
      } else if (!spec_.impls[i]) {
        run.result.status = ImplStatus::skipped;
        run.result.reason = "not built for this case (JITBENCH_CI_ONLY)";
      }
      runs_.push_back(std::move(run));
    }
  }

  CaseResult measure() {
    if (std::none_of(runs_.begin(), runs_.end(), [](const ImplRun& r) { return r.pending(); })) {
      return result();
    }
    gpu_watch().new_case();
    prepare_jit();
    if (!allocate()) return result();
    check();
    pool_->fill(settings_.seed, plan_.copies, device_.timed_stream());
    prepare_timers();
    if (!sample()) return result();
    summarise();
    return result();
  }

 private:
  // JIT impls compile their kernels (once a process) and check their arguments (jit.hpp), outside
  // every timing; what it cost goes in their rows.
  void prepare_jit() {
    for (ImplRun& run : runs_) {
      if (!run.pending() || run.index >= spec_.jit_prepare.size() ||
          !spec_.jit_prepare[run.index]) {
        continue;
      }
      try {
        start(run.result.impl, "jit setup");
        const JitCompileInfo jit = spec_.jit_prepare[run.index]();
        run.result.jit_compile_s = jit.compile_s;
        run.result.jit_cache_hit = jit.cache_hit;
      } catch (const std::exception& e) {
        fail(run, e);
      }
    }
  }

  // Plans the cold L2 (rotation.hpp) and allocates the tensors with their rotated copies. False,
  // every impl OOM, when they do not fit.
  bool allocate() {
    const ColdFootprint cold = TensorPool::cold_footprint(spec_);
    shared_bytes_ = TensorPool::shared_bytes(spec_.tensors);
    const MemoryFacts facts = device_.memory_facts();
    plan_ = plan_rotation(facts, cold, shared_bytes_, settings_.l2);
    if (plan_.copies == 0) {
      fail_all(ImplStatus::oom,
               "the case needs " + format_gb(static_cast<double>(cold.copy_bytes + shared_bytes_)) +
                   ", " + format_gb(static_cast<double>(facts.free_bytes)) + " free");
      return false;
    }
    try {
      pool_.emplace(spec_.tensors, plan_.copies);
    } catch (const OutOfMemory& e) {
      fail_all(ImplStatus::oom, e.what());
      return false;
    }
    return true;
  }

  // Runs the reference impl, then checks every other impl against it (reference_check.hpp).
  void check() {
    const auto reference =
        std::find(desc_.impl_names.begin(), desc_.impl_names.end(), desc_.reference);
    if (!settings_.check || reference == desc_.impl_names.end()) return;
    const ImplFunction& reference_impl =
        spec_.impls[static_cast<std::size_t>(reference - desc_.impl_names.begin())];
    if (!reference_impl) return;
    if (lost_row(desc_.reference) != nullptr) {
      skip_unchecked();
      return;
    }
    std::optional<ReferenceCheck> check;
    try {
      start(desc_.reference, "reference check");
      check.emplace(desc_, spec_, *pool_, reference_impl, settings_.seed, device_);
    } catch (const std::exception& e) {
      const auto selected = std::find_if(runs_.begin(), runs_.end(), [&](const ImplRun& r) {
        return r.result.impl == desc_.reference;
      });
      if (selected != runs_.end()) {
        if (selected->pending()) fail(*selected, e);
      } else {
        // Not selected, the reference has no row; its hang or lost context still ends the case.
        ImplRun unselected;
        unselected.result.impl = desc_.reference;
        fail(unselected, e);
      }
      skip_unchecked();
      return;
    }
    for (ImplRun& run : runs_) {
      if (!run.pending() || run.result.impl == desc_.reference) continue;
      try {
        start(run.result.impl, "reference check");
        run.result.check = check->check(spec_.impls[run.index]);
        if (!run.result.check.passed) {
          run.result.status = ImplStatus::mismatch;
          run.result.reason = mismatch_reason(run.result.check);
        }
      } catch (const std::exception& e) {
        fail(run, e);
      }
    }
  }

  // An impl is timed only once checked: without the reference's output, none is.
  void skip_unchecked() {
    for (ImplRun& run : runs_) {
      if (!run.pending()) continue;
      run.result.status = ImplStatus::skipped;
      run.result.reason = "not checked, so not timed: the reference '" + desc_.reference +
                          "' failed (--no-check times it unchecked)";
    }
  }

  // A timer for each impl still in the running (impl_timing.hpp).
  void prepare_timers() {
    for (ImplRun& run : runs_) {
      if (!run.pending()) continue;
      try {
        start(run.result.impl, "timing setup");
        run.timing =
            prepare_impl_timing(spec_.impls[run.index], *pool_, plan_, settings_.timer, device_);
        run.source.emplace(*run.timing.timer, run.result.impl);
        if (run.timing.eager_companion) {
          run.eager_source.emplace(*run.timing.eager_companion, run.result.impl);
        }
      } catch (const std::exception& e) {
        fail(run, e);
      }
    }
  }

  // Samples every timer interleaved until each is quiet (stopping.hpp). False when a sample
  // failed: its impl has the error, and the others are not measured.
  bool sample() {
    std::vector<SampleSource*> sources;
    std::vector<SampleSeries*> destinations;  // where each source's series goes
    for (ImplRun& run : runs_) {
      if (!run.pending() || !run.source) continue;
      sources.push_back(&*run.source);
      destinations.push_back(&run.series);
      if (run.eager_source) {
        sources.push_back(&*run.eager_source);
        destinations.push_back(&run.eager_series);
      }
    }
    SteadyClock clock;
    std::vector<SampleSeries> series;
    try {
      series = sample_interleaved(sources, settings_.stopping, clock);
    } catch (const std::exception& e) {
      const auto failed = std::find_if(runs_.begin(), runs_.end(), [](const ImplRun& r) {
        return r.pending() && r.result.impl == gpu_watch().impl();
      });
      ImplRun& culprit = failed != runs_.end()
                             ? *failed
                             : *std::find_if(runs_.begin(), runs_.end(),
                                             [](const ImplRun& r) { return r.pending(); });
      fail(culprit, e);
      fail_all(ImplStatus::error,
               "not measured: impl '" + culprit.result.impl + "' failed in sampling");
      return false;
    }
    for (std::size_t i = 0; i < series.size(); ++i) *destinations[i] = std::move(series[i]);
    return true;
  }

  // Each measured impl's row: its samples and their summary, how it ran, the cold-L2 plan it
  // ran under, and with --verify-timing the CUPTI cross-check. Figures derived from the summary
  // (bandwidth, TFLOP/s) are the results layer's (jitbench/results.hpp).
  void summarise() {
    for (ImplRun& run : runs_) {
      if (!run.pending()) continue;
      ImplResult& r = run.result;
      const ImplTiming& t = run.timing;
      r.mode = t.mode;
      r.mode_reason = t.mode_reason;
      r.samples_s = run.series.samples;
      r.summary = summarize(run.series.samples);
      r.noisy =
          run.series.reason == StopReason::timeout || run.series.reason == StopReason::max_samples;
      r.too_few_samples = run.series.reason == StopReason::too_few_samples;
      r.discarded_samples = run.series.discarded;
      r.sm_clock_mhz = run.series.mean_sm_clock_mhz;
      r.memcpy_in_graph = t.memcpy_in_graph;
      r.allocates_in_graph = t.allocates_in_graph;
      if (t.eager_companion) r.eager_median_s = summarize(run.eager_series.samples).median;
      r.rotation_plan = to_string(plan_.kind);
      r.rotation_copies = plan_.copies;
      r.cold_bytes_touched = static_cast<double>(plan_.cold.touched_bytes);
      r.cold_bytes_copy = static_cast<double>(plan_.cold.copy_bytes);
      r.calls_per_sample = t.calls_per_sample;
      r.flushed = t.flushed;
      if (!settings_.verify_timing) continue;
      try {
        start(r.impl, "verify-timing");
        r.timing_check =
            verify_timing(t, r.summary.median, spec_.impls[run.index], *pool_,
                          plan_.cold.touched_bytes + shared_bytes_, settings_, device_);
      } catch (const std::exception& e) {
        fail(run, e);
      }
    }
  }

  // The progress line and the watch learn which impl works, in which phase.
  void start(const std::string& impl, const char* phase) {
    on_impl_(impl);
    gpu_watch().enter(impl, phase);
  }

  // Marks `run` failed by `e` in the watch's current phase; a sticky error ends the case and the
  // run, and so does a hang.
  void fail(ImplRun& run, const std::exception& e) {
    if (const auto* hang = dynamic_cast<const GpuHang*>(&e)) stop_for_hang(*hang);
    run.result.status = ImplStatus::error;
    run.result.reason = gpu_watch().phase() + ": " + e.what();
    const auto* cuda = dynamic_cast<const CudaError*>(&e);
    bool sticky = cuda != nullptr && is_sticky_error(cuda->code());
    try {
      sticky = sticky || context_broken(device_);
    } catch (const GpuHang& hang) {
      stop_for_hang(hang);
    }
    if (sticky) {
      throw StickyCudaError("impl '" + run.result.impl + "', " + run.result.reason, run.result);
    }
    cudaGetLastError();
  }

  // Marks the impl whose work never completed (it has no row when it is an unselected
  // reference) and the others not measured, and ends the case and the run.
  [[noreturn]] void stop_for_hang(const GpuHang& hang) {
    for (ImplRun& run : runs_) {
      if (run.result.impl != hang.impl()) continue;
      run.result.status = ImplStatus::hang;
      run.result.reason = hang.reason();
    }
    fail_unmeasured("not measured: impl '" + hang.impl() + "' hung");
    throw HungImpl(hang.what(), result());
  }

  void fail_all(ImplStatus status, const std::string& reason) {
    for (ImplRun& run : runs_) {
      if (!run.pending()) continue;
      run.result.status = status;
      run.result.reason = reason;
    }
  }

  // The impls still in the running that have no samples yet.
  void fail_unmeasured(const std::string& reason) {
    for (ImplRun& run : runs_) {
      if (!run.pending() || !run.result.samples_s.empty()) continue;
      run.result.status = ImplStatus::error;
      run.result.reason = reason;
    }
  }

  // The case's row: its facts, and each impl's row as far as it got.
  CaseResult result() const {
    CaseResult r = case_;
    for (const ImplRun& run : runs_) r.impls.push_back(run.result);
    return r;
  }

  const BenchmarkDesc& desc_;
  const MeasureSettings& settings_;
  DeviceContext& device_;
  const CaseRunner::ImplStarted& on_impl_;
  // The row of `impl` when it lost the CUDA context in this case in an earlier process.
  const ImplResult* lost_row(const std::string& impl) const {
    const auto row = std::find_if(lost_.begin(), lost_.end(),
                                  [&](const ImplResult& r) { return r.impl == impl; });
    return row == lost_.end() ? nullptr : &*row;
  }

  const CaseSpec& spec_;
  const std::vector<ImplResult>& lost_;
  CaseResult case_;  // its params and traffic, without impls
  std::vector<ImplRun> runs_;
  RotationPlan plan_;
  std::int64_t shared_bytes_ = 0;  // [B] of the tensors that are not rotated
  std::optional<TensorPool> pool_;
};

}  // namespace

CaseRunner::CaseRunner(const BenchmarkDesc& desc, const MeasureSettings& settings,
                       DeviceContext& device, ImplStarted on_impl)
    : desc_(desc), settings_(settings), device_(device), on_impl_(std::move(on_impl)) {
  gpu_watch().set_limit(settings_.hang_timeout_s);
}

CaseResult CaseRunner::run(const CaseSpec& spec, const std::vector<std::size_t>& impls,
                           const std::vector<ImplResult>& lost) {
  SteadyClock clock;
  const double start_s = clock.now_s();
  CaseResult result =
      CaseMeasurement(desc_, settings_, device_, on_impl_, spec, impls, lost).measure();
  result.wall_time_s = clock.now_s() - start_s;
  return result;
}

}  // namespace jitbench::detail
