#pragma once

// A fixed result set for the reporter tests: every status, every flag, a declared FLOP count,
// a long skip reason and a long error. No GPU: the numbers are made up, the summaries computed
// from made-up samples.
#include <jitbench/reporter.hpp>
#include <jitbench/result.hpp>
#include <jitbench/results.hpp>
#include <jitbench/statistics.hpp>

#include <optional>
#include <string>
#include <vector>

namespace jitbench::testing {

inline RunInfo fixture_info() {
  RunInfo info;
  info.benchmark = "qknorm";
  info.doc = "Fused in-place RMSNorm of the q and k heads.";
  info.param_names = {"head_dim", "gqa", "T"};
  info.impl_names = {"fused", "separate", "naive"};
  info.reference = "naive";
  info.metrics = {"median"};
  info.date = "2026-11-29T10:00:00+00:00";
  info.jitbench_version = "0.1.0";
  info.command_line = "./bench_qknorm --ci --out run.json";
  info.device.ordinal = 0;
  info.device.name = "NVIDIA H200";
  info.device.uuid = "GPU-1f6b1c2e-9a3d-4c5e-8f70-2b4d6e8a0c13";
  info.device.cc_major = 9;
  info.device.cc_minor = 0;
  info.device.sm_count = 132;
  info.device.l2_bytes = 60 << 20;
  info.device.memory_bytes = 150754820096;
  info.device.sm_clock_khz = 1980000;
  info.device.memory_clock_khz = 3201000;
  info.device.driver_version = 13000;
  info.device.runtime_version = 12080;
  info.device.peak_copy_gbps = 4260;
  info.device.start_sm_clock_mhz = 1980;
  info.device.peak_copy_bytes = 1 << 30;
  info.build.cuda_architectures = "90";
  info.build.arch_list = {900};
  info.build.build_type = "Release";
  info.l2_mode = "cold";
  info.max_noise = 0.005;
  info.case_count = 5;
  return info;
}

// An impl measured at `median_us`, with seven samples spread by `spread` around it; `bytes` is
// what the cold tensors of a call touch.
inline ImplResult measured(const std::string& impl, double median_us, double bytes,
                           double spread = 0.01) {
  ImplResult r;
  r.impl = impl;
  const double m = median_us * 1e-6;
  for (double f : {0.0, -1.0, 1.0, -0.5, 0.5, -0.25, 2.0})
    r.samples_s.push_back(m * (1 + f * spread));
  r.summary = summarize(r.samples_s);
  r.rotation_plan = "rotate";
  r.rotation_copies = 64;
  r.cold_bytes_touched = bytes;
  r.cold_bytes_copy = bytes;
  r.calls_per_sample = 256;
  return r;
}

inline ImplResult failed(const std::string& impl, ImplStatus status, const std::string& reason) {
  ImplResult r;
  r.impl = impl;
  r.status = status;
  r.reason = reason;
  return r;
}

inline std::vector<CaseResult> fixture_cases() {
  std::vector<CaseResult> cases;
  {
    CaseResult c;
    c.param_values = {"128", "4", "bf16"};
    c.bytes_read = 2 * 655360;
    c.bytes_written = 655360;
    c.flops = 5242880;  // every measured impl of the case gets TFLOP/s from it
    c.impls = {measured("fused", 0.5123, 1966080), measured("separate", 0.9871, 1966080, 0.04),
               measured("naive", 1.734, 1966080)};
    c.impls[1].noisy = true;
    c.impls[2].timing_check = TimingCheck{1.6e-6, 1.084, 0.2e-6, 1.1e-6, true, false, 1.734e-6};
    c.wall_time_s = 0.21;
    cases.push_back(c);
  }
  {
    CaseResult c;
    c.param_values = {"128", "8", "bf16"};
    c.bytes_read = 2 * 1179648;
    c.bytes_written = 1179648;
    c.impls = {measured("fused", 0.9012, 3538944), measured("separate", 1.621, 3538944),
               measured("naive", 3.046, 3538944)};
    c.impls[0].memcpy_in_graph = true;
    c.impls[0].eager_median_s = 0.8123e-6;
    c.impls[1].mode = RunMode::eager;
    c.impls[1].mode_reason = "capture failed: operation not permitted when stream is capturing";
    c.impls[2].discarded_samples = 3;
    c.impls[2].check.checked = true;
    c.impls[2].check.tolerance = 0.02;
    c.wall_time_s = 0.25;
    cases.push_back(c);
  }
  {
    CaseResult c;
    c.param_values = {"64", "4", "fp16"};
    const std::string why = "head_dim == 64 && batch_size > 4096";
    c.impls = {failed("fused", ImplStatus::skipped, why),
               failed("separate", ImplStatus::skipped, why),
               failed("naive", ImplStatus::skipped, why)};
    cases.push_back(c);
  }
  {
    CaseResult c;
    c.param_values = {"256", "8", "fp16"};
    c.bytes_read = 2 * 4718592;
    c.bytes_written = 4718592;
    c.impls = {failed("fused", ImplStatus::mismatch, "max error 0.31 > 0.002 in q[1234]"),
               failed("separate", ImplStatus::error,
                      "cudaErrorIllegalAddress: an illegal memory access was encountered"),
               measured("naive", 2503.4, 14155776)};
    c.impls[0].check = CheckResult{true, false, 0.31, 0.002, "q", 1234, 17};
    c.impls[2].too_few_samples = true;  // 2.5 ms a call
    c.impls[2].calls_per_sample = 1;
    c.impls[2].flushed = true;
    c.wall_time_s = 1.5;
    cases.push_back(c);
  }
  {
    CaseResult c;
    c.param_values = {"512", "8", "fp16"};
    c.impls = {failed("fused", ImplStatus::oom, ""), failed("separate", ImplStatus::oom, ""),
               failed("naive", ImplStatus::oom, "")};
    cases.push_back(c);
  }
  return cases;
}

// The cases through a reporter, as a run hands them over.
inline void report_all(Reporter& reporter, const RunInfo& info,
                       const std::vector<CaseResult>& cases) {
  reporter.begin(info);
  for (const CaseResult& c : cases) reporter.report_case(make_entries(info, c));
  reporter.end();
}

}  // namespace jitbench::testing
