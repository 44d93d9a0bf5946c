// A run's results as the schema holds them (results.hpp): the context from the run's facts, and
// one entry an impl, where the figures of the results layer are computed.
#include "model/figures.hpp"
#include "model/throughput.hpp"
#include <jitbench/build_info.hpp>
#include <jitbench/format.hpp>
#include <jitbench/metrics.hpp>
#include <jitbench/results.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace jitbench {

namespace {

constexpr double kUs = 1e6;  // [us / s]

double tidy(double value) { return round_significant(value); }

// "13.0" from 13000, as cudaDriverGetVersion reports versions.
std::string cuda_version(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

double cpu_mhz() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("cpu MHz", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) return std::round(std::atof(line.c_str() + colon + 1));
    }
  }
  return 0;
}

// The named metrics, then the quantiles the run asked for, as the file holds them.
std::vector<MetricValue> metric_values(const RunInfo& info, const ImplResult& impl) {
  std::vector<double> sorted = impl.samples_s;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Metric> metrics = named_metrics();
  for (const std::string& name : info.metrics) {
    const auto metric = find_metric(name);
    if (metric && !metric->statistic && !sorted.empty()) metrics.push_back(*metric);
  }
  std::vector<MetricValue> values;
  for (const Metric& m : metrics) {
    values.push_back({m.name, tidy(metric_in_file_unit(m, metric_value(m, impl.summary, sorted)))});
  }
  return values;
}

ResultEntry entry_of(const RunInfo& info, const CaseResult& result, const ImplResult& impl) {
  ResultEntry e;
  e.name = detail::benchmark_name(info.benchmark, info.param_names, result.param_values, impl.impl);
  for (std::size_t i = 0; i < info.param_names.size() && i < result.param_values.size(); ++i) {
    e.params.emplace_back(info.param_names[i], result.param_values[i]);
  }
  e.impl = impl.impl;
  e.status = impl.status;
  e.reason = impl.reason;
  e.error_message = detail::failure_text(impl);
  if (impl.status == ImplStatus::ok) {
    const Summary& s = impl.summary;
    e.real_time_us = tidy(s.median * kUs);
    e.samples = s.samples;
    e.noise = tidy(s.rse);
    e.metrics = metric_values(info, impl);
    const double bandwidth = bandwidth_gbps(result.bytes_read + result.bytes_written, s.median);
    const double peak = info.device.peak_copy_gbps;
    e.bandwidth_gbps = tidy(bandwidth);
    e.peak_fraction = tidy(peak > 0 ? bandwidth / peak : 0);
    if (result.flops > 0) e.tflops = tidy(tflops(result.flops, s.median));
  }
  e.mode = impl.mode;
  e.mode_reason = impl.mode_reason;
  e.flags = detail::impl_flags(impl, info.l2_mode, e.peak_fraction);
  e.noisy = impl.noisy;
  e.too_few_samples = impl.too_few_samples;
  e.discarded_samples = impl.discarded_samples;
  e.sm_clock_mhz = tidy(impl.sm_clock_mhz);
  e.memcpy_in_graph = impl.memcpy_in_graph;
  if (impl.eager_median_s) e.eager_median_us = tidy(*impl.eager_median_s * kUs);
  e.bytes_read = result.bytes_read;
  e.bytes_written = result.bytes_written;
  e.flops = result.flops;
  e.rotation_plan = impl.rotation_plan;
  e.rotation_copies = impl.rotation_copies;
  e.cold_bytes_touched = impl.cold_bytes_touched;
  e.cold_bytes_copy = impl.cold_bytes_copy;
  e.calls_per_sample = impl.calls_per_sample;
  e.flushed = impl.flushed;
  e.case_wall_time_s = tidy(result.wall_time_s);
  if (impl.check.checked) {
    e.check = impl.check;
    e.check->max_error = tidy(impl.check.max_error);
  }
  if (const auto& t = impl.timing_check) {
    e.timing_check =
        TimingCheckEntry{tidy(t->kernel_time_s * kUs), tidy(t->ratio),   tidy(t->gap_s * kUs),
                         tidy(t->warm_median_s * kUs), t->disagrees,     t->cold_not_slower,
                         tidy(t->traced_time_s * kUs), t->trace_perturbs};
  }
  if (impl.jit_compile_s) {
    e.jit_compile_s = tidy(*impl.jit_compile_s);
    e.jit_cache_hit = impl.jit_cache_hit;
  }
  return e;
}

}  // namespace

HostInfo current_host(const std::string& command_line) {
  HostInfo host;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) host.host_name = name;
  host.executable = command_line.substr(0, command_line.find(' '));
  host.num_cpus = static_cast<int>(std::thread::hardware_concurrency());
  host.mhz_per_cpu = cpu_mhz();
#ifdef NDEBUG
  host.library_build_type = "release";
#else
  host.library_build_type = "debug";
#endif
  return host;
}

ResultsContext make_context(const RunInfo& info, const HostInfo& host) {
  const DeviceInfo& d = info.device;
  ResultsContext c;
  c.host = host;
  c.date = info.date;
  c.jitbench_version = info.jitbench_version;
  c.benchmark = info.benchmark;
  c.doc = info.doc;
  c.command_line = info.command_line;
  c.device_ordinal = d.ordinal;
  c.device_name = d.name;
  c.device_uuid = d.uuid;
  c.compute_capability = std::to_string(d.cc_major) + "." + std::to_string(d.cc_minor);
  c.sm_count = d.sm_count;
  c.sm_clock_mhz = d.sm_clock_khz / 1000.0;
  c.memory_clock_mhz = d.memory_clock_khz / 1000.0;
  c.l2_bytes = d.l2_bytes;
  c.memory_bytes = d.memory_bytes;
  c.driver_version = cuda_version(d.driver_version);
  c.runtime_version = cuda_version(d.runtime_version);
  c.cuda_architectures = architectures_text(info.build);
  c.build_type = info.build.build_type;
  c.peak_copy_gbps = tidy(d.peak_copy_gbps);
  c.peak_copy_bytes = d.peak_copy_bytes;
  c.start_sm_clock_mhz = tidy(d.start_sm_clock_mhz);
  c.l2_mode = info.l2_mode;
  c.shard = info.shard;
  c.max_noise = info.max_noise;
  c.metrics = info.metrics;
  c.param_names = info.param_names;
  c.impl_names = info.impl_names;
  c.reference = info.reference;
  c.case_count = info.case_count;
  return c;
}

std::vector<ResultEntry> make_entries(const RunInfo& info, const CaseResult& result) {
  std::vector<ResultEntry> entries;
  for (const ImplResult& impl : result.impls) entries.push_back(entry_of(info, result, impl));
  return entries;
}

std::optional<double> ResultEntry::metric(std::string_view metric_name) const {
  for (const MetricValue& m : metrics) {
    if (m.name == metric_name) return m.value;
  }
  return std::nullopt;
}

}  // namespace jitbench
