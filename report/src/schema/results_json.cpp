// The results schema as JSON: to_json/from_json of the context and of an entry, in Google
// Benchmark's layout (results.hpp).
#include "model/figures.hpp"
#include "schema/json_fields.hpp"
#include <jitbench/metrics.hpp>
#include <jitbench/results.hpp>

#include <stdexcept>

namespace jitbench {

namespace {

using Json = nlohmann::ordered_json;
using detail::number;
using detail::read;

double microseconds_per(const std::string& unit) {
  if (unit == "ns") return 1e-3;
  if (unit == "us") return 1;
  if (unit == "ms") return 1e3;
  if (unit == "s") return 1e6;
  throw std::runtime_error("unknown time_unit \"" + unit + "\"");
}

Json check_json(const CheckResult& check) {
  return {{"passed", check.passed},
          {"max_error", number(check.max_error)},
          {"tolerance", number(check.tolerance)},
          {"tensor", check.tensor},
          {"index", check.index},
          {"mismatches", check.mismatches}};
}

CheckResult check_from(const Json& json) {
  CheckResult check;
  check.checked = true;
  read(json, "passed", check.passed);
  read(json, "max_error", check.max_error);
  read(json, "tolerance", check.tolerance);
  read(json, "tensor", check.tensor);
  read(json, "index", check.index);
  read(json, "mismatches", check.mismatches);
  return check;
}

Json timing_check_json(const TimingCheckEntry& t) {
  return {{"kernel_time_us", number(t.kernel_time_us)},
          {"ratio", number(t.ratio)},
          {"gap_us", number(t.gap_us)},
          {"warm_median_us", number(t.warm_median_us)},
          {"disagrees", t.disagrees},
          {"cold_not_slower", t.cold_not_slower}};
}

TimingCheckEntry timing_check_from(const Json& json) {
  TimingCheckEntry t;
  read(json, "kernel_time_us", t.kernel_time_us);
  read(json, "ratio", t.ratio);
  read(json, "gap_us", t.gap_us);
  read(json, "warm_median_us", t.warm_median_us);
  read(json, "disagrees", t.disagrees);
  read(json, "cold_not_slower", t.cold_not_slower);
  return t;
}

// Param values are strings in our files; a number is taken as written.
std::string param_text(const std::string& name, const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  throw std::runtime_error("param \"" + name + "\": values must be strings or numbers");
}

void read_measurement(const Json& json, ResultEntry& e) {
  std::string unit = "ns";  // Google Benchmark's default
  read(json, "time_unit", unit);
  const auto real_time = json.find("real_time");
  if (real_time == json.end()) throw std::runtime_error("no \"real_time\"");
  if (!real_time->is_number()) throw std::runtime_error("\"real_time\": not a number");
  e.real_time_us = real_time->get<double>() * microseconds_per(unit);
  read(json, "iterations", e.samples);
  read(json, "samples", e.samples);
  read(json, "noise", e.noise);
  for (const auto& [key, value] : json.items()) {
    if (const auto metric = find_metric(key); metric && value.is_number()) {
      e.metrics.push_back({key, value.get<double>()});
    }
  }
  read(json, "bandwidth_gbps", e.bandwidth_gbps);
  read(json, "peak_fraction", e.peak_fraction);
  read(json, "tflops", e.tflops);
}

void read_entry(const Json& json, ResultEntry& e) {
  bool failed = false;
  read(json, "error_occurred", failed);
  read(json, "error_message", e.error_message);
  std::string status = failed ? "error" : "ok";
  read(json, "status", status);
  const auto parsed = detail::status_from_name(status);
  if (!parsed) throw std::runtime_error("unknown status \"" + status + "\"");
  e.status = failed && *parsed == ImplStatus::ok ? ImplStatus::error : *parsed;
  read(json, "reason", e.reason);
  if (e.status == ImplStatus::ok) read_measurement(json, e);
  if (const auto params = json.find("params"); params != json.end()) {
    if (!params->is_object()) throw std::runtime_error("\"params\": not an object");
    for (const auto& [key, value] : params->items()) {
      e.params.emplace_back(key, param_text(key, value));
    }
  }
  read(json, "impl", e.impl);
  std::string mode = "graph";
  read(json, "mode", mode);
  if (mode != "graph" && mode != "eager") throw std::runtime_error("unknown mode \"" + mode + "\"");
  e.mode = mode == "graph" ? RunMode::graph : RunMode::eager;
  read(json, "mode_reason", e.mode_reason);
  read(json, "flags", e.flags);
  read(json, "noisy", e.noisy);
  read(json, "too_few_samples", e.too_few_samples);
  read(json, "discarded_samples", e.discarded_samples);
  read(json, "sm_clock_mhz", e.sm_clock_mhz);
  read(json, "memcpy_in_graph", e.memcpy_in_graph);
  read(json, "eager_median_us", e.eager_median_us);
  read(json, "bytes_read", e.bytes_read);
  read(json, "bytes_written", e.bytes_written);
  read(json, "flops", e.flops);
  read(json, "rotation_plan", e.rotation_plan);
  read(json, "rotation_copies", e.rotation_copies);
  read(json, "cold_bytes_touched", e.cold_bytes_touched);
  read(json, "cold_bytes_copy", e.cold_bytes_copy);
  read(json, "calls_per_sample", e.calls_per_sample);
  read(json, "flushed", e.flushed);
  read(json, "case_wall_time_s", e.case_wall_time_s);
  if (const auto check = json.find("check"); check != json.end() && check->is_object()) {
    e.check = check_from(*check);
  }
  if (const auto t = json.find("timing_check"); t != json.end() && t->is_object()) {
    e.timing_check = timing_check_from(*t);
  }
}

}  // namespace

void to_json(Json& json, const ResultsContext& c) {
  json = {{"date", c.date},
          {"host_name", c.host.host_name},
          {"executable", c.host.executable},
          {"num_cpus", c.host.num_cpus},
          {"mhz_per_cpu", number(c.host.mhz_per_cpu)},
          {"library_build_type", c.host.library_build_type},
          {"json_schema_version", c.json_schema_version},
          {"jitbench_version", c.jitbench_version},
          {"benchmark", c.benchmark},
          {"doc", c.doc},
          {"command_line", c.command_line},
          {"device_ordinal", c.device_ordinal},
          {"device_name", c.device_name},
          {"device_uuid", c.device_uuid},
          {"compute_capability", c.compute_capability},
          {"sm_count", c.sm_count},
          {"sm_clock_mhz", number(c.sm_clock_mhz)},
          {"memory_clock_mhz", number(c.memory_clock_mhz)},
          {"l2_bytes", c.l2_bytes},
          {"memory_bytes", c.memory_bytes},
          {"driver_version", c.driver_version},
          {"runtime_version", c.runtime_version},
          {"cuda_architectures", c.cuda_architectures},
          {"build_type", c.build_type},
          {"peak_copy_gbps", number(c.peak_copy_gbps)},
          {"peak_copy_bytes", c.peak_copy_bytes},
          {"start_sm_clock_mhz", number(c.start_sm_clock_mhz)},
          {"l2_mode", c.l2_mode},
          {"shard", c.shard},
          {"max_noise", number(c.max_noise)},
          {"metrics", c.metrics},
          {"param_names", c.param_names},
          {"impl_names", c.impl_names},
          {"reference", c.reference},
          {"case_count", c.case_count}};
}

void from_json(const Json& json, ResultsContext& c) {
  if (!json.is_object()) throw std::runtime_error("\"context\": not an object");
  read(json, "date", c.date);
  read(json, "host_name", c.host.host_name);
  read(json, "executable", c.host.executable);
  read(json, "num_cpus", c.host.num_cpus);
  read(json, "mhz_per_cpu", c.host.mhz_per_cpu);
  read(json, "library_build_type", c.host.library_build_type);
  read(json, "json_schema_version", c.json_schema_version);
  read(json, "jitbench_version", c.jitbench_version);
  read(json, "benchmark", c.benchmark);
  read(json, "doc", c.doc);
  read(json, "command_line", c.command_line);
  read(json, "device_ordinal", c.device_ordinal);
  read(json, "device_name", c.device_name);
  read(json, "device_uuid", c.device_uuid);
  read(json, "compute_capability", c.compute_capability);
  read(json, "sm_count", c.sm_count);
  read(json, "sm_clock_mhz", c.sm_clock_mhz);
  read(json, "memory_clock_mhz", c.memory_clock_mhz);
  read(json, "l2_bytes", c.l2_bytes);
  read(json, "memory_bytes", c.memory_bytes);
  read(json, "driver_version", c.driver_version);
  read(json, "runtime_version", c.runtime_version);
  read(json, "cuda_architectures", c.cuda_architectures);
  read(json, "build_type", c.build_type);
  read(json, "peak_copy_gbps", c.peak_copy_gbps);
  read(json, "peak_copy_bytes", c.peak_copy_bytes);
  read(json, "start_sm_clock_mhz", c.start_sm_clock_mhz);
  read(json, "l2_mode", c.l2_mode);
  read(json, "shard", c.shard);
  read(json, "max_noise", c.max_noise);
  read(json, "metrics", c.metrics);
  read(json, "param_names", c.param_names);
  read(json, "impl_names", c.impl_names);
  read(json, "reference", c.reference);
  read(json, "case_count", c.case_count);
}

void to_json(Json& json, const ResultEntry& e) {
  const bool ok = e.status == ImplStatus::ok;
  json = {{"name", e.name},
          {"run_name", e.name},
          {"run_type", "iteration"},
          {"repetitions", 1},
          {"repetition_index", 0},
          {"threads", 1},
          {"iterations", ok ? e.samples : 0},
          {"real_time", number(ok ? e.real_time_us : 0)},
          {"cpu_time", number(ok ? e.real_time_us : 0)},
          {"time_unit", "us"}};
  if (ok) {
    json["bytes_per_second"] = number(round_significant(e.bandwidth_gbps * 1e9));  // [B/s]
    json["bandwidth_gbps"] = number(e.bandwidth_gbps);
    json["peak_fraction"] = number(e.peak_fraction);
    if (e.tflops) json["tflops"] = number(*e.tflops);
    json["noise"] = number(e.noise);
    json["samples"] = e.samples;
    for (const MetricValue& m : e.metrics) json[m.name] = number(m.value);
  } else {
    json["error_occurred"] = true;
    json["error_message"] = e.error_message;
  }
  Json params = Json::object();
  for (const auto& [name, value] : e.params) params[name] = value;
  json["params"] = std::move(params);
  json["impl"] = e.impl;
  json["status"] = std::string(detail::status_name(e.status));
  json["reason"] = e.reason;
  json["mode"] = e.mode == RunMode::graph ? "graph" : "eager";
  json["mode_reason"] = e.mode_reason;
  json["flags"] = e.flags;
  json["noisy"] = e.noisy;
  json["too_few_samples"] = e.too_few_samples;
  json["discarded_samples"] = e.discarded_samples;
  json["sm_clock_mhz"] = number(e.sm_clock_mhz);
  json["memcpy_in_graph"] = e.memcpy_in_graph;
  if (e.eager_median_us) json["eager_median_us"] = number(*e.eager_median_us);
  json["bytes_read"] = number(e.bytes_read);
  json["bytes_written"] = number(e.bytes_written);
  json["flops"] = number(e.flops);
  json["rotation_plan"] = e.rotation_plan;
  json["rotation_copies"] = e.rotation_copies;
  json["cold_bytes_touched"] = number(e.cold_bytes_touched);
  json["cold_bytes_copy"] = number(e.cold_bytes_copy);
  json["calls_per_sample"] = e.calls_per_sample;
  json["flushed"] = e.flushed;
  json["case_wall_time_s"] = number(e.case_wall_time_s);
  if (e.check) json["check"] = check_json(*e.check);
  if (e.timing_check) json["timing_check"] = timing_check_json(*e.timing_check);
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
