// The results schema as JSON: to_json/from_json of the context and of an entry, in Google
// Benchmark's layout (results.hpp). Each struct's members are listed once, in the order its JSON
// object has them; to_json walks the list with a Writer and from_json with a Reader, so that
// what is written and what is read cannot drift apart.
#include "model/figures.hpp"
#include "schema/json_fields.hpp"
#include <jitbench/format.hpp>
#include <jitbench/metrics.hpp>
#include <jitbench/results.hpp>

#include <stdexcept>

namespace jitbench {

namespace {

using Json = nlohmann::ordered_json;
using Params = std::vector<std::pair<std::string, std::string>>;

template <class Context, class Visit>
void context_fields(Context& c, Visit&& visit) {
  visit("date", c.date);
  visit("host_name", c.host.host_name);
  visit("executable", c.host.executable);
  visit("num_cpus", c.host.num_cpus);
  visit("mhz_per_cpu", c.host.mhz_per_cpu);
  visit("library_build_type", c.host.library_build_type);
  visit("json_schema_version", c.json_schema_version);
  visit("jitbench_version", c.jitbench_version);
  visit("benchmark", c.benchmark);
  visit("doc", c.doc);
  visit("command_line", c.command_line);
  visit("device_ordinal", c.device_ordinal);
  visit("device_name", c.device_name);
  visit("device_uuid", c.device_uuid);
  visit("compute_capability", c.compute_capability);
  visit("sm_count", c.sm_count);
  visit("sm_clock_mhz", c.sm_clock_mhz);
  visit("memory_clock_mhz", c.memory_clock_mhz);
  visit("l2_bytes", c.l2_bytes);
  visit("memory_bytes", c.memory_bytes);
  visit("driver_version", c.driver_version);
  visit("runtime_version", c.runtime_version);
  visit("cuda_architectures", c.cuda_architectures);
  visit("build_type", c.build_type);
  visit("peak_copy_gbps", c.peak_copy_gbps);
  visit("peak_copy_bytes", c.peak_copy_bytes);
  visit("start_sm_clock_mhz", c.start_sm_clock_mhz);
  visit("l2_mode", c.l2_mode);
  visit("shard", c.shard);
  visit("max_noise", c.max_noise);
  visit("metrics", c.metrics);
  visit("param_names", c.param_names);
  visit("impl_names", c.impl_names);
  visit("reference", c.reference);
  visit("case_count", c.case_count);
}

template <class Check, class Visit>
void check_fields(Check& c, Visit&& visit) {
  visit("passed", c.passed);
  visit("max_error", c.max_error);
  visit("tolerance", c.tolerance);
  visit("tensor", c.tensor);
  visit("index", c.index);
  visit("mismatches", c.mismatches);
}

template <class TimingCheck, class Visit>
void timing_check_fields(TimingCheck& t, Visit&& visit) {
  visit("kernel_time_us", t.kernel_time_us);
  visit("ratio", t.ratio);
  visit("gap_us", t.gap_us);
  visit("warm_median_us", t.warm_median_us);
  visit("disagrees", t.disagrees);
  visit("cold_not_slower", t.cold_not_slower);
  visit("traced_time_us", t.traced_time_us);
  visit("trace_perturbs", t.trace_perturbs);
}

// An entry's members after its measurement or its error, which every entry has.
template <class Entry, class Visit>
void entry_fields(Entry& e, Visit&& visit) {
  visit("params", e.params);
  visit("impl", e.impl);
  visit("status", e.status);
  visit("reason", e.reason);
  visit("mode", e.mode);
  visit("mode_reason", e.mode_reason);
  visit("flags", e.flags);
  visit("noisy", e.noisy);
  visit("too_few_samples", e.too_few_samples);
  visit("discarded_samples", e.discarded_samples);
  visit("sm_clock_mhz", e.sm_clock_mhz);
  visit("memcpy_in_graph", e.memcpy_in_graph);
  visit("eager_median_us", e.eager_median_us);
  visit("bytes_read", e.bytes_read);
  visit("bytes_written", e.bytes_written);
  visit("flops", e.flops);
  visit("rotation_plan", e.rotation_plan);
  visit("rotation_copies", e.rotation_copies);
  visit("cold_bytes_touched", e.cold_bytes_touched);
  visit("cold_bytes_copy", e.cold_bytes_copy);
  visit("calls_per_sample", e.calls_per_sample);
  visit("flushed", e.flushed);
  visit("case_wall_time_s", e.case_wall_time_s);
  visit("check", e.check);
  visit("timing_check", e.timing_check);
  visit("jit_compile_s", e.jit_compile_s);
  visit("jit_cache_hit", e.jit_cache_hit);
}

std::string_view mode_name(RunMode mode) { return mode == RunMode::graph ? "graph" : "eager"; }

// Adds each member it is shown to `json`: numbers as results files write them, optional ones
// only when set.
struct Writer {
  Json& json;

  template <class T>
  void operator()(const char* key, const T& value) {
    json[key] = value;
  }
  template <class T>
  void operator()(const char* key, const std::optional<T>& value) {
    if (value) (*this)(key, *value);
  }
  void operator()(const char* key, double value) { json[key] = detail::number(value); }
  void operator()(const char* key, ImplStatus status) {
    json[key] = std::string(detail::status_name(status));
  }
  void operator()(const char* key, RunMode mode) { json[key] = std::string(mode_name(mode)); }
  void operator()(const char* key, const Params& params) {
    Json object = Json::object();
    for (const auto& [name, value] : params) object[name] = value;
    json[key] = std::move(object);
  }
  void operator()(const char* key, const CheckResult& check) {
    Json object;
    check_fields(check, Writer{object});
    json[key] = std::move(object);
  }
  void operator()(const char* key, const TimingCheckEntry& timing) {
    Json object;
    timing_check_fields(timing, Writer{object});
    json[key] = std::move(object);
  }
};

// Reads each member it is shown from `json` when there (detail::read); throws
// std::runtime_error naming the member when it holds something else.
struct Reader {
  const Json& json;

  template <class T>
  void operator()(const char* key, T& value) {
    detail::read(json, key, value);
  }
  void operator()(const char* key, ImplStatus& status) {
    std::string name(detail::status_name(status));
    detail::read(json, key, name);
    const auto parsed = detail::status_from_name(name);
    if (!parsed) throw std::runtime_error("unknown status \"" + name + "\"");
    status = *parsed;
  }
  void operator()(const char* key, RunMode& mode) {
    std::string name(mode_name(mode));
    detail::read(json, key, name);
    if (name != "graph" && name != "eager") {
      throw std::runtime_error("unknown mode \"" + name + "\"");
    }
    mode = name == "graph" ? RunMode::graph : RunMode::eager;
  }
  // Param values are strings in our files; a number is taken as written.
  void operator()(const char* key, Params& params) {
    const auto object = json.find(key);
    if (object == json.end()) return;
    if (!object->is_object()) throw std::runtime_error("\"params\": not an object");
    for (const auto& [name, value] : object->items()) {
      if (!value.is_string() && !value.is_number()) {
        throw std::runtime_error("param \"" + name + "\": values must be strings or numbers");
      }
      params.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  void operator()(const char* key, std::optional<CheckResult>& check) {
    const auto object = json.find(key);
    if (object == json.end() || !object->is_object()) return;
    check.emplace();
    check->checked = true;
    check_fields(*check, Reader{*object});
  }
  void operator()(const char* key, std::optional<TimingCheckEntry>& timing) {
    const auto object = json.find(key);
    if (object == json.end() || !object->is_object()) return;
    timing.emplace();
    timing_check_fields(*timing, Reader{*object});
  }
};

double microseconds_per(const std::string& unit) {
  if (unit == "ns") return 1e-3;
  if (unit == "us") return 1;
  if (unit == "ms") return 1e3;
  if (unit == "s") return 1e6;
  throw std::runtime_error("unknown time_unit \"" + unit + "\"");
}

// The counters of a measured entry, of ours or of Google Benchmark (real_time in its
// time_unit, nanoseconds by default, and iterations).
void read_measurement(const Json& json, ResultEntry& e) {
  std::string unit = "ns";
  detail::read(json, "time_unit", unit);
  const auto real_time = json.find("real_time");
  if (real_time == json.end()) throw std::runtime_error("no \"real_time\"");
  if (!real_time->is_number()) throw std::runtime_error("\"real_time\": not a number");
  e.real_time_us = real_time->get<double>() * microseconds_per(unit);
  detail::read(json, "iterations", e.samples);
  Reader read{json};
  read("samples", e.samples);
  read("noise", e.noise);
  for (const auto& [key, value] : json.items()) {
    if (find_metric(key) && value.is_number()) e.metrics.push_back({key, value.get<double>()});
  }
  read("bandwidth_gbps", e.bandwidth_gbps);
  read("peak_fraction", e.peak_fraction);
  read("tflops", e.tflops);
}

void read_entry(const Json& json, ResultEntry& e) {
  bool failed = false;
  detail::read(json, "error_occurred", failed);
  detail::read(json, "error_message", e.error_message);
  e.status = failed ? ImplStatus::error : ImplStatus::ok;
  entry_fields(e, Reader{json});
  if (failed && e.status == ImplStatus::ok) e.status = ImplStatus::error;
  if (e.status == ImplStatus::ok) read_measurement(json, e);
}

}  // namespace

void to_json(Json& json, const ResultsContext& context) {
  json = Json::object();
  context_fields(context, Writer{json});
}

void from_json(const Json& json, ResultsContext& context) {
  if (!json.is_object()) throw std::runtime_error("\"context\": not an object");
  context_fields(context, Reader{json});
}

void to_json(Json& json, const ResultEntry& e) {
  const bool ok = e.status == ImplStatus::ok;
  Writer write{json};
  json = Json::object();
  write("name", e.name);
  write("run_name", e.name);
  write("run_type", "iteration");
  write("repetitions", 1);
  write("repetition_index", 0);
  write("threads", 1);
  write("iterations", ok ? e.samples : 0);
  write("real_time", ok ? e.real_time_us : 0);
  write("cpu_time", ok ? e.real_time_us : 0);
  write("time_unit", "us");
  if (ok) {
    write("bytes_per_second", round_significant(e.bandwidth_gbps * 1e9));  // [B/s]
    write("bandwidth_gbps", e.bandwidth_gbps);
    write("peak_fraction", e.peak_fraction);
    write("tflops", e.tflops);
    write("noise", e.noise);
    write("samples", e.samples);
    for (const MetricValue& m : e.metrics) write(m.name.c_str(), m.value);
  } else {
    write("error_occurred", true);
    write("error_message", e.error_message);
  }
  entry_fields(e, write);
}

void from_json(const Json& json, ResultEntry& e) {
  if (!json.is_object()) throw std::runtime_error("not a JSON object");
  const auto name = json.find("name");
  if (name == json.end() || !name->is_string()) throw std::runtime_error("no \"name\"");
  e = ResultEntry{};
  e.name = name->get<std::string>();
  try {
    read_entry(json, e);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error("\"" + e.name + "\": " + error.what());
  }
}

std::string results_document(const ResultsContext& context,
                             const std::vector<ResultEntry>& entries) {
  const Json document = {{"context", context}, {"benchmarks", entries}};
  return detail::dump(document, 2) + "\n";
}

}  // namespace jitbench
