#include <jitbench/detail/build_check.hpp>
#include <jitbench/detail/figures.hpp>
#include <jitbench/detail/result_json.hpp>

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace jitbench::detail {

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

JsonValue strings(const std::vector<std::string>& values) {
  JsonValue array = JsonValue::array();
  for (const std::string& v : values) array.push(v);
  return array;
}

// Named statistics already have their own counters; other metrics (quantiles) get one each.
bool is_summary_metric(const std::string& metric) {
  return metric == "median" || metric == "mean" || metric == "min" || metric == "max" ||
         metric == "stddev" || metric == "cv";
}

JsonValue check_json(const CheckResult& check) {
  JsonValue j = JsonValue::object();
  j.set("passed", check.passed)
      .set("max_error", tidy(check.max_error))
      .set("tolerance", check.tolerance)
      .set("tensor", check.tensor)
      .set("index", static_cast<long long>(check.index))
      .set("mismatches", static_cast<long long>(check.mismatches));
  return j;
}

JsonValue timing_check_json(const TimingCheck& t) {
  JsonValue j = JsonValue::object();
  j.set("kernel_time_us", tidy(t.kernel_time_s * kUs))
      .set("ratio", tidy(t.ratio))
      .set("gap_us", tidy(t.gap_s * kUs))
      .set("warm_median_us", tidy(t.warm_median_s * kUs))
      .set("disagrees", t.disagrees)
      .set("cold_not_slower", t.cold_not_slower);
  return j;
}

JsonValue entry_json(const RunInfo& info, const CaseResult& result, const ImplResult& impl) {
  const std::string name =
      benchmark_name(info.benchmark, info.param_names, result.param_values, impl.impl);
  const bool ok = impl.status == ImplStatus::ok;
  const double median_us = ok ? tidy(impl.summary.median * kUs) : 0;
  JsonValue e = JsonValue::object();
  e.set("name", name)
      .set("run_name", name)
      .set("run_type", "iteration")
      .set("repetitions", 1)
      .set("repetition_index", 0)
      .set("threads", 1)
      .set("iterations", ok ? impl.summary.samples : 0)
      .set("real_time", median_us)
      .set("cpu_time", median_us)
      .set("time_unit", "us");
  if (ok) {
    const Summary& s = impl.summary;
    e.set("bytes_per_second", tidy(impl.bandwidth_gbps * 1e9))  // [B/s]
        .set("bandwidth_gbps", tidy(impl.bandwidth_gbps))       // [GB/s = 1e9 B/s]
        .set("peak_fraction", tidy(impl.peak_fraction));
    if (impl.tflops) e.set("tflops", tidy(*impl.tflops));
    e.set("noise", tidy(s.rse))
        .set("cv", tidy(s.cv))
        .set("samples", s.samples)
        .set("median", median_us)
        .set("mean", tidy(s.mean * kUs))
        .set("min", tidy(s.min * kUs))
        .set("max", tidy(s.max * kUs))
        .set("stddev", tidy(s.stddev * kUs));
    for (const std::string& metric : info.metrics) {
      if (!is_summary_metric(metric)) e.set(metric, tidy(impl_metric(impl, metric) * kUs));
    }
  } else {
    e.set("error_occurred", true).set("error_message", failure_text(impl));
  }
  JsonValue params = JsonValue::object();
  for (std::size_t i = 0; i < info.param_names.size() && i < result.param_values.size(); ++i) {
    params.set(info.param_names[i], result.param_values[i]);
  }
  e.set("params", std::move(params))
      .set("impl", impl.impl)
      .set("status", status_name(impl.status))
      .set("reason", impl.reason)
      .set("mode", impl.mode == RunMode::graph ? "graph" : "eager")
      .set("mode_reason", impl.mode_reason)
      .set("flags", impl_flags(impl))
      .set("noisy", impl.noisy)
      .set("too_few_samples", impl.too_few_samples)
      .set("discarded_samples", impl.discarded_samples)
      .set("sm_clock_mhz", tidy(impl.sm_clock_mhz))
      .set("memcpy_in_graph", impl.memcpy_in_graph);
  if (impl.eager_median_s) e.set("eager_median_us", tidy(*impl.eager_median_s * kUs));
  e.set("bytes_read", result.bytes_read)
      .set("bytes_written", result.bytes_written)
      .set("flops", result.flops)
      .set("rotation_plan", impl.rotation_plan)
      .set("rotation_copies", impl.rotation_copies)
      .set("cold_bytes_touched", impl.cold_bytes_touched)
      .set("cold_bytes_copy", impl.cold_bytes_copy)
      .set("calls_per_sample", impl.calls_per_sample)
      .set("flushed", impl.flushed)
      .set("case_wall_time_s", tidy(result.wall_time_s));
  if (impl.check.checked) e.set("check", check_json(impl.check));
  if (impl.timing_check) e.set("timing_check", timing_check_json(*impl.timing_check));
  if (impl.jit_compile_s) {
    e.set("jit_compile_s", tidy(*impl.jit_compile_s)).set("jit_cache_hit", impl.jit_cache_hit);
  }
  return e;
}

double unit_to_s(const std::string& unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1;
  throw std::runtime_error("unknown time_unit \"" + unit + "\"");
}

bool is_aggregate(const JsonValue& entry) {
  const JsonValue* run_type = entry.find("run_type");
  return run_type != nullptr && run_type->is_string() && run_type->string() == "aggregate";
}

[[noreturn]] void fail(const std::string& source, std::size_t line, std::size_t column,
                       const std::string& message) {
  throw std::runtime_error(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                           ": " + message);
}

void add_entries(StoredRun& run, const JsonValue& benchmarks, const std::string& where) {
  for (std::size_t i = 0; i < benchmarks.items().size(); ++i) {
    const JsonValue& entry = benchmarks.items()[i];
    if (is_aggregate(entry)) continue;
    try {
      run.results.push_back(stored_result(entry));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(where + ": benchmark " + std::to_string(i) + ": " + e.what());
    }
  }
}

// The JSON lines an unfinished --out leaves: a {"context": ...} line, then one entry a line.
StoredRun read_json_lines(std::string_view text, const std::string& source) {
  StoredRun run;
  run.complete = false;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const bool torn = end == std::string_view::npos;
    const std::string_view line = text.substr(start, torn ? text.size() - start : end - start);
    start = torn ? text.size() : end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    JsonValue value;
    try {
      value = parse_json(line);
    } catch (const JsonError& e) {
      if (torn && line_number > 1) break;  // the write a crash interrupted
      fail(source, line_number, e.column(), e.message());
    }
    if (line_number == 1) {
      const JsonValue* context = value.find("context");
      if (context == nullptr) fail(source, 1, 1, "expected a {\"context\": ...} line first");
      run.context = *context;
      continue;
    }
    if (is_aggregate(value)) continue;
    try {
      run.results.push_back(stored_result(value));
    } catch (const std::runtime_error& e) {
      fail(source, line_number, 1, e.what());
    }
  }
  return run;
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

JsonValue context_json(const RunInfo& info, const HostInfo& host) {
  const DeviceInfo& d = info.device;
  JsonValue c = JsonValue::object();
  c.set("date", info.date)
      .set("host_name", host.host_name)
      .set("executable", host.executable)
      .set("num_cpus", host.num_cpus)
      .set("mhz_per_cpu", host.mhz_per_cpu)
      .set("library_build_type", host.library_build_type)
      .set("json_schema_version", 1)
      .set("jitbench_version", info.jitbench_version)
      .set("benchmark", info.benchmark)
      .set("doc", info.doc)
      .set("command_line", info.command_line)
      .set("device_ordinal", d.ordinal)
      .set("device_name", d.name)
      .set("device_uuid", d.uuid)
      .set("compute_capability", std::to_string(d.cc_major) + "." + std::to_string(d.cc_minor))
      .set("sm_count", d.sm_count)
      .set("sm_clock_mhz", d.sm_clock_khz / 1000.0)
      .set("memory_clock_mhz", d.memory_clock_khz / 1000.0)
      .set("l2_bytes", static_cast<long long>(d.l2_bytes))
      .set("memory_bytes", static_cast<long long>(d.memory_bytes))
      .set("driver_version", cuda_version(d.driver_version))
      .set("runtime_version", cuda_version(d.runtime_version))
      .set("cuda_architectures", architectures_text(info.build))  // of the benchmark's code
      .set("build_type", info.build.build_type)
      .set("peak_copy_gbps", tidy(d.peak_copy_gbps))  // [GB/s = 1e9 B/s]
      .set("peak_copy_bytes", static_cast<long long>(d.peak_copy_bytes))
      .set("start_sm_clock_mhz", tidy(d.start_sm_clock_mhz))  // throttling is read against it
      .set("l2_mode", info.l2_mode)
      .set("shard", info.shard)
      .set("max_noise", info.max_noise)
      .set("metrics", strings(info.metrics))
      .set("param_names", strings(info.param_names))
      .set("impl_names", strings(info.impl_names))
      .set("reference", info.reference)
      .set("case_count", info.case_count);
  return c;
}

std::vector<JsonValue> benchmark_entries(const RunInfo& info, const CaseResult& result) {
  std::vector<JsonValue> entries;
  for (const ImplResult& impl : result.impls) entries.push_back(entry_json(info, result, impl));
  return entries;
}

StoredResult stored_result(const JsonValue& entry) {
  if (!entry.is_object()) throw std::runtime_error("a benchmark entry must be a JSON object");
  StoredResult r;
  try {
    r.name = entry.at("name").string();
    const JsonValue* error = entry.find("error_occurred");
    const bool failed = error != nullptr && error->is_bool() && error->boolean();
    const JsonValue* status = entry.find("status");
    r.status = status != nullptr && status->is_string() ? status->string() : "ok";
    if (failed) {
      const JsonValue* message = entry.find("error_message");
      r.status = message != nullptr && message->is_string() ? message->string() : "error";
      return r;
    }
    const JsonValue* unit = entry.find("time_unit");
    r.time_s = entry.at("real_time").number() * unit_to_s(unit ? unit->string() : "ns");
    const JsonValue* noise = entry.find("noise");
    if (noise != nullptr && noise->is_number()) r.noise = noise->number();
    r.measured = r.status == "ok" && r.time_s > 0;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error((r.name.empty() ? std::string() : "\"" + r.name + "\": ") + e.what());
  }
  return r;
}

StoredRun read_results(std::string_view text, const std::string& source) {
  JsonValue document;
  try {
    document = parse_json(text);
  } catch (const JsonError& whole) {
    // Not one document: the JSON lines of a run cut short, if its first line says so.
    const std::string_view first = text.substr(0, text.find('\n'));
    bool lines = false;
    try {
      lines = parse_json(first).find("context") != nullptr;
    } catch (const JsonError&) {
    }
    if (lines) return read_json_lines(text, source);
    throw std::runtime_error(source + ":" + whole.what());
  }
  StoredRun run;
  if (const JsonValue* context = document.find("context")) run.context = *context;
  const JsonValue* benchmarks = document.find("benchmarks");
  if (benchmarks == nullptr || !benchmarks->is_array()) {
    throw std::runtime_error(source + ": not a results file: no \"benchmarks\" array");
  }
  add_entries(run, *benchmarks, source);
  return run;
}

StoredRun load_results_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(path + ": cannot open for reading");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw std::runtime_error(path + ": read error");
  return read_results(text.str(), path);
}

}  // namespace jitbench::detail
