#include <jitbench/cuda_check.hpp>
#include <jitbench/detail/case_runner.hpp>
#include <jitbench/detail/gpu_wait.hpp>
#include <jitbench/detail/impl_timing.hpp>
#include <jitbench/detail/plural.hpp>
#include <jitbench/detail/reference_check.hpp>
#include <jitbench/detail/tensor_pool.hpp>
#include <jitbench/detail/timing_verification.hpp>
#include <jitbench/throughput.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
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

bool pending(const ImplResult& r) { return r.status == ImplStatus::ok; }

}  // namespace

CaseRunner::CaseRunner(const BenchmarkDesc& desc, const Settings& settings, DeviceContext& device,
                       ImplStarted on_impl)
    : desc_(desc), settings_(settings), device_(device), on_impl_(std::move(on_impl)) {
  gpu_watch().set_limit(settings_.hang_timeout_s);
}

CaseResult CaseRunner::run(const CaseSpec& spec, const std::vector<std::size_t>& impls) {
  SteadyClock clock;
  const double start_s = clock.now_s();
  CaseResult result = measure(spec, impls);
  result.wall_time_s = clock.now_s() - start_s;
  return result;
}

CaseResult CaseRunner::measure(const CaseSpec& spec, const std::vector<std::size_t>& impls) {
  CaseResult result;
  result.param_values = spec.param_values;
  result.bytes_read = bytes_read(spec);
  result.bytes_written = bytes_written(spec);
  result.flops = spec.flops;
  for (std::size_t i : impls) {
    ImplResult r;
    r.impl = desc_.impl_names[i];
    if (!spec.skip_reason.empty()) {
      r.status = ImplStatus::skipped;
      r.reason = spec.skip_reason;
    } else if (!spec.impls[i]) {
      r.status = ImplStatus::skipped;
      r.reason = "not built for this case (JITBENCH_CI_ONLY)";
    }
    result.impls.push_back(std::move(r));
  }

  // Marks the impl whose work never completed (it has no row when it is an unselected
  // reference) and the others not measured, and ends the case and the run.
  const auto stop_for_hang = [&](const GpuHang& hang) {
    for (ImplResult& r : result.impls) {
      if (r.impl != hang.impl()) continue;
      r.status = ImplStatus::hang;
      r.reason = hang.reason();
    }
    for (ImplResult& other : result.impls) {
      if (pending(other) && other.samples_s.empty()) {
        other.status = ImplStatus::error;
        other.reason = "not measured: impl '" + hang.impl() + "' hung";
      }
    }
    throw HungImpl(hang.what(), result);
  };
  // Marks an impl failed by `e` in the watch's current phase; a sticky error ends the case and
  // the run, and so does a hang.
  const auto fail = [&](ImplResult& r, const std::exception& e) {
    if (const auto* hang = dynamic_cast<const GpuHang*>(&e)) stop_for_hang(*hang);
    r.status = ImplStatus::error;
    r.reason = gpu_watch().phase() + ": " + e.what();
    const auto* cuda = dynamic_cast<const CudaError*>(&e);
    bool sticky = cuda != nullptr && is_sticky_error(cuda->code());
    try {
      sticky = sticky || context_broken(device_);
    } catch (const GpuHang& hang) {
      stop_for_hang(hang);
    }
    if (sticky) {
      for (ImplResult& other : result.impls) {
        if (pending(other) && other.samples_s.empty()) {
          other.status = ImplStatus::error;
          other.reason = "not run, the CUDA context was lost";
        }
      }
      throw StickyCudaError("impl '" + r.impl + "', " + r.reason, result);
    }
    cudaGetLastError();
  };
  const auto fail_all = [&](ImplStatus status, const std::string& reason) {
    for (ImplResult& r : result.impls) {
      if (!pending(r)) continue;
      r.status = status;
      r.reason = reason;
    }
  };

  if (std::none_of(result.impls.begin(), result.impls.end(), pending)) return result;
  gpu_watch().new_case();

  // JIT impls compile (once a process) and check their arguments here, outside every timing.
  for (std::size_t k = 0; k < impls.size(); ++k) {
    ImplResult& r = result.impls[k];
    if (!pending(r) || impls[k] >= spec.jit_prepare.size() || !spec.jit_prepare[impls[k]]) continue;
    try {
      on_impl_(r.impl);
      gpu_watch().enter(r.impl, "jit setup");
      const JitCompileInfo jit = spec.jit_prepare[impls[k]]();
      r.jit_compile_s = jit.compile_s;
      r.jit_cache_hit = jit.cache_hit;
    } catch (const std::exception& e) {
      fail(r, e);
    }
  }

  const ColdFootprint cold = TensorPool::cold_footprint(spec);
  const std::int64_t shared = TensorPool::shared_bytes(spec.tensors);
  const MemoryFacts facts = device_.memory_facts();
  const RotationPlan plan = plan_rotation(facts, cold, shared, settings_.l2);
  if (plan.copies == 0) {
    fail_all(ImplStatus::oom, "the case needs " + format_gb(double(cold.copy_bytes + shared)) +
                                  ", " + format_gb(double(facts.free_bytes)) + " free");
    return result;
  }
  std::optional<TensorPool> pool;
  try {
    pool.emplace(spec.tensors, plan.copies);
  } catch (const OutOfMemory& e) {
    fail_all(ImplStatus::oom, e.what());
    return result;
  }

  const auto reference =
      std::find(desc_.impl_names.begin(), desc_.impl_names.end(), desc_.reference);
  if (settings_.check && reference != desc_.impl_names.end()) {
    const ImplFunction& reference_impl =
        spec.impls[static_cast<std::size_t>(reference - desc_.impl_names.begin())];
    std::optional<ReferenceCheck> check;
    if (reference_impl) {
      try {
        on_impl_(desc_.reference);
        gpu_watch().enter(desc_.reference, "reference check");
        check.emplace(desc_, spec, *pool, reference_impl, settings_.seed, device_);
      } catch (const std::exception& e) {
        for (ImplResult& r : result.impls) {
          if (r.impl == desc_.reference && pending(r)) fail(r, e);
        }
        // Not selected, the reference has no row; its hang still ends the run.
        if (const auto* hang = dynamic_cast<const GpuHang*>(&e)) stop_for_hang(*hang);
      }
    }
    for (std::size_t k = 0; check && k < impls.size(); ++k) {
      ImplResult& r = result.impls[k];
      if (!pending(r) || r.impl == desc_.reference) continue;
      try {
        on_impl_(r.impl);
        gpu_watch().enter(r.impl, "reference check");
        r.check = check->check(spec.impls[impls[k]]);
        if (!r.check.passed) {
          r.status = ImplStatus::mismatch;
          r.reason = mismatch_reason(r.check);
        }
      } catch (const std::exception& e) {
        fail(r, e);
      }
    }
  }

  pool->fill(settings_.seed, plan.copies, device_.timed_stream());

  std::vector<ImplTiming> timings(impls.size());
  std::vector<WatchedSource> watched;
  watched.reserve(2 * impls.size());  // the sources point into it
  std::vector<SampleSource*> sources;
  for (std::size_t k = 0; k < impls.size(); ++k) {
    ImplResult& r = result.impls[k];
    if (!pending(r)) continue;
    try {
      on_impl_(r.impl);
      gpu_watch().enter(r.impl, "timing setup");
      timings[k] = prepare_impl_timing(spec.impls[impls[k]], *pool, plan, settings_, device_);
      watched.emplace_back(*timings[k].timer, r.impl);
      sources.push_back(&watched.back());
      if (timings[k].eager_companion) {
        watched.emplace_back(*timings[k].eager_companion, r.impl);
        sources.push_back(&watched.back());
      }
    } catch (const std::exception& e) {
      fail(r, e);
    }
  }

  SteadyClock clock;
  std::vector<SampleSeries> series;
  try {
    series = sample_interleaved(sources, settings_.stopping, clock);
  } catch (const std::exception& e) {
    // The impl whose sample failed has the error; the others were stopped by it.
    const auto failed = std::find_if(result.impls.begin(), result.impls.end(), [](auto& r) {
      return pending(r) && r.impl == gpu_watch().impl();
    });
    ImplResult& culprit = failed != result.impls.end()
                              ? *failed
                              : *std::find_if(result.impls.begin(), result.impls.end(), pending);
    fail(culprit, e);
    for (ImplResult& r : result.impls) {
      if (!pending(r)) continue;
      r.status = ImplStatus::error;
      r.reason = "not measured: impl '" + culprit.impl + "' failed in sampling";
    }
    return result;
  }

  const double bytes = result.bytes_read + result.bytes_written;
  std::size_t next = 0;
  for (std::size_t k = 0; k < impls.size(); ++k) {
    ImplResult& r = result.impls[k];
    if (!pending(r)) continue;
    const ImplTiming& t = timings[k];
    const SampleSeries& s = series[next++];
    r.mode = t.mode;
    r.mode_reason = t.mode_reason;
    r.samples_s = s.samples;
    r.summary = summarize(s.samples);
    r.noisy = s.reason == StopReason::timeout || s.reason == StopReason::max_samples;
    r.too_few_samples = s.reason == StopReason::too_few_samples;
    r.discarded_samples = s.discarded;
    r.sm_clock_mhz = s.mean_sm_clock_mhz;
    r.memcpy_in_graph = t.memcpy_in_graph;
    if (t.eager_companion) r.eager_median_s = summarize(series[next++].samples).median;
    r.bandwidth_gbps = bandwidth_gbps(bytes, r.summary.median);
    const double peak = device_.info().peak_copy_gbps;
    r.peak_fraction = peak > 0 ? r.bandwidth_gbps / peak : 0;
    if (spec.flops > 0) r.tflops = tflops(spec.flops, r.summary.median);
    r.rotation_plan = to_string(plan.kind);
    r.rotation_copies = plan.copies;
    r.cold_bytes_touched = static_cast<double>(plan.cold.touched_bytes);
    r.cold_bytes_copy = static_cast<double>(plan.cold.copy_bytes);
    r.calls_per_sample = t.calls_per_sample;
    r.flushed = t.flushed;
    if (settings_.verify_timing) {
      try {
        on_impl_(r.impl);
        gpu_watch().enter(r.impl, "verify-timing");
        r.timing_check = verify_timing(t, r.summary.median, spec.impls[impls[k]], *pool,
                                       plan.cold.touched_bytes + shared, settings_, device_);
      } catch (const std::exception& e) {
        fail(r, e);
      }
    }
  }
  return result;
}

}  // namespace jitbench::detail
