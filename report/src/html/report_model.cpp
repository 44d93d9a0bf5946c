#include "html/report_model.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace jitbench::detail {

namespace {

std::string string_or(const JsonValue& object, std::string_view key, std::string fallback = {}) {
  const JsonValue* value = object.find(key);
  return value != nullptr && value->is_string() ? value->string() : fallback;
}

double number_or(const JsonValue& object, std::string_view key, double fallback = 0) {
  const JsonValue* value = object.find(key);
  return value != nullptr && value->is_number() ? value->number() : fallback;
}

std::vector<std::string> strings_of(const JsonValue& object, std::string_view key) {
  std::vector<std::string> strings;
  const JsonValue* value = object.find(key);
  if (value == nullptr || !value->is_array()) return strings;
  for (const JsonValue& item : value->items()) {
    if (item.is_string()) strings.push_back(item.string());
  }
  return strings;
}

double microseconds_per(const std::string& unit) {
  if (unit == "ns") return 1e-3;
  if (unit == "us") return 1;
  if (unit == "ms") return 1e3;
  if (unit == "s") return 1e6;
  throw std::runtime_error("unknown time_unit \"" + unit + "\"");
}

// Param values are strings in our files; a number is taken as written.
std::string param_text(const JsonValue& value) {
  if (value.is_string()) return value.string();
  if (value.is_number()) return json_number(value.number());
  throw std::runtime_error("param values must be strings or numbers");
}

void add_point(ReportRun& run, const JsonValue& entry) {
  if (!entry.is_object()) throw std::runtime_error("not a JSON object");
  const std::string name = entry.at("name").string();
  try {
    const JsonValue* params = entry.find("params");
    if (params == nullptr || !params->is_object()) {
      throw std::runtime_error("no \"params\" object (not a jitbench results file?)");
    }
    ReportPoint point;
    // Params in the run's order; a name the context did not list is appended to it.
    point.params.resize(run.param_names.size());
    for (const auto& [key, value] : params->members()) {
      auto it = std::find(run.param_names.begin(), run.param_names.end(), key);
      if (it == run.param_names.end()) {
        if (!run.points.empty()) throw std::runtime_error("unexpected param \"" + key + "\"");
        run.param_names.push_back(key);
        point.params.emplace_back();
        it = run.param_names.end() - 1;
      }
      point.params[static_cast<std::size_t>(it - run.param_names.begin())] = param_text(value);
    }
    point.impl = entry.at("impl").string();
    if (std::find(run.impl_names.begin(), run.impl_names.end(), point.impl) ==
        run.impl_names.end()) {
      run.impl_names.push_back(point.impl);
    }
    const JsonValue* error = entry.find("error_occurred");
    const bool failed = error != nullptr && error->is_bool() && error->boolean();
    point.status = string_or(entry, "status", failed ? "error" : "ok");
    point.reason = string_or(entry, "error_message", string_or(entry, "reason"));
    if (!failed && point.status == "ok") {
      point.time_us =
          entry.at("real_time").number() * microseconds_per(string_or(entry, "time_unit", "ns"));
      point.noise = number_or(entry, "noise");
      point.samples = number_or(entry, "samples", number_or(entry, "iterations"));
      point.bandwidth_gbps = number_or(entry, "bandwidth_gbps");
      point.flags = string_or(entry, "flags");
      const JsonValue* noisy = entry.find("noisy");
      point.noisy = (noisy != nullptr && noisy->is_bool() && noisy->boolean()) ||
                    point.flags.find('N') != std::string::npos;
    } else if (point.status == "ok") {
      point.status = "error";
    }
    run.points.push_back(std::move(point));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("\"" + name + "\": " + e.what());
  }
}

}  // namespace

ReportRun report_run_from_json(const JsonValue& document, const std::string& label) {
  if (!document.is_object()) throw std::runtime_error("not a results file: not a JSON object");
  const JsonValue* benchmarks = document.find("benchmarks");
  if (benchmarks == nullptr || !benchmarks->is_array()) {
    throw std::runtime_error("not a results file: no \"benchmarks\" array");
  }
  ReportRun run;
  run.label = label;
  const JsonValue* found = document.find("context");
  const JsonValue context = found != nullptr && found->is_object() ? *found : JsonValue::object();
  run.doc = string_or(context, "doc");
  run.device_name = string_or(context, "device_name");
  run.date = string_or(context, "date");
  run.l2_mode = string_or(context, "l2_mode");
  run.command_line = string_or(context, "command_line");
  run.jitbench_version = string_or(context, "jitbench_version");
  run.cuda_architectures = string_or(context, "cuda_architectures");
  run.build_type = string_or(context, "build_type");
  run.peak_copy_gbps = number_or(context, "peak_copy_gbps");
  run.param_names = strings_of(context, "param_names");
  run.impl_names = strings_of(context, "impl_names");
  run.reference = string_or(context, "reference");
  std::size_t index = 0;
  for (const JsonValue& entry : benchmarks->items()) {
    if (string_or(entry, "run_type") == "aggregate") continue;  // Google Benchmark's mean etc.
    try {
      add_point(run, entry);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("benchmark " + std::to_string(index) + ": " + e.what());
    }
    ++index;
  }
  if (run.points.empty()) throw std::runtime_error("no results: the \"benchmarks\" array is empty");
  // Google Benchmark names the benchmark only in each entry: "bench/k=v/.../impl".
  const std::string first = string_or(benchmarks->items().front(), "name");
  run.benchmark = string_or(context, "benchmark", first.substr(0, first.find('/')));
  return run;
}

ReportRun load_report_run(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(path + ": cannot open for reading");
  std::ostringstream text;
  text << file.rdbuf();
  const std::string contents = text.str();
  if (contents.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw std::runtime_error(path + ": empty file, expected a jitbench results JSON document");
  }
  std::string label = path.substr(path.find_last_of('/') + 1);
  if (label.size() > 5 && label.compare(label.size() - 5, 5, ".json") == 0)
    label.resize(label.size() - 5);
  try {
    return report_run_from_json(parse_json(contents), label);
  } catch (const JsonError& e) {
    throw std::runtime_error(path + ":" + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace jitbench::detail
