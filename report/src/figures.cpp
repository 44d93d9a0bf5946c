#include "figures.hpp"

#include <jitbench/statistics.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>

namespace jitbench::detail {

std::string_view status_name(ImplStatus status) {
  switch (status) {
    case ImplStatus::ok:
      return "ok";
    case ImplStatus::skipped:
      return "skipped";
    case ImplStatus::mismatch:
      return "mismatch";
    case ImplStatus::oom:
      return "oom";
    case ImplStatus::error:
      return "error";
    case ImplStatus::hang:
      return "hang";
  }
  return "error";
}

std::optional<ImplStatus> status_from_name(std::string_view name) {
  for (ImplStatus s : {ImplStatus::ok, ImplStatus::skipped, ImplStatus::mismatch, ImplStatus::oom,
                       ImplStatus::error, ImplStatus::hang}) {
    if (status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string failure_text(const ImplResult& impl) {
  std::string label;
  switch (impl.status) {
    case ImplStatus::ok:
      return "";
    case ImplStatus::skipped:
      label = "skip";
      break;
    case ImplStatus::mismatch:
      label = "mismatch";
      break;
    case ImplStatus::oom:
      label = "OOM";
      break;
    case ImplStatus::error:
      label = "error";
      break;
    case ImplStatus::hang:
      label = "hang";
      break;
  }
  std::string reason = impl.reason;
  if (reason.empty() && impl.status == ImplStatus::mismatch && impl.check.checked) {
    reason = "error " + format_sig3(impl.check.max_error) + " > " +
             format_sig3(impl.check.tolerance) + " in " + impl.check.tensor;
  }
  return reason.empty() ? label : label + ": " + reason;
}

std::string impl_flags(const ImplResult& impl) {
  if (impl.status != ImplStatus::ok) return "";
  std::string flags;
  if (impl.noisy) flags += 'N';
  if (impl.too_few_samples) flags += 'S';
  if (impl.mode == RunMode::eager) flags += 'E';
  if (impl.memcpy_in_graph) flags += 'M';
  if (impl.discarded_samples > 0) flags += 'T';
  if (impl.timing_check && impl.timing_check->disagrees) flags += 'V';
  if (impl.timing_check && impl.timing_check->cold_not_slower) flags += 'L';
  return flags;
}

std::string plan_text(const ImplResult& impl) {
  if (impl.rotation_plan.empty() || impl.rotation_plan == "warm") return "warm";
  const std::string touched = format_bytes(impl.cold_bytes_touched) + "/call";
  if (impl.rotation_plan == "flush_each_call") return "flush/call, " + touched;
  return std::to_string(impl.rotation_copies) + " copies" +
         (impl.rotation_plan == "flush_replay" ? "+flush" : "") + ", " + touched;
}

double impl_metric(const ImplResult& impl, std::string_view metric) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  if (impl.status != ImplStatus::ok) return none;
  const Summary& s = impl.summary;
  if (metric == "median") return s.median;
  if (metric == "mean") return s.mean;
  if (metric == "min") return s.min;
  if (metric == "max") return s.max;
  if (metric == "stddev") return s.stddev;
  if (metric == "cv") return s.cv;
  if (impl.samples_s.empty() || !is_metric_name(metric)) return none;
  return metric_value(impl.samples_s, metric);
}

std::string_view metric_unit(std::string_view metric) { return metric == "cv" ? "%" : "us"; }

double metric_in_unit(double value, std::string_view metric) {
  return metric == "cv" ? value * 100 : value * 1e6;
}

std::optional<double> speedup(const CaseResult& result, std::string_view reference,
                              const ImplResult& impl) {
  const auto ref = std::find_if(result.impls.begin(), result.impls.end(),
                                [&](const ImplResult& r) { return r.impl == reference; });
  if (ref == result.impls.end() || ref->status != ImplStatus::ok || impl.status != ImplStatus::ok ||
      !(impl.summary.median > 0)) {
    return std::nullopt;
  }
  return ref->summary.median / impl.summary.median;
}

std::string case_label(const std::vector<std::string>& param_names,
                       const std::vector<std::string>& param_values) {
  std::string label;
  for (std::size_t i = 0; i < param_names.size() && i < param_values.size(); ++i) {
    if (i > 0) label += ' ';
    label += param_names[i] + '=' + param_values[i];
  }
  return label;
}

std::string benchmark_name(std::string_view benchmark, const std::vector<std::string>& param_names,
                           const std::vector<std::string>& param_values, std::string_view impl) {
  std::string name(benchmark);
  for (std::size_t i = 0; i < param_names.size() && i < param_values.size(); ++i) {
    name += '/' + param_names[i] + '=' + param_values[i];
  }
  return name + '/' + std::string(impl);
}

}  // namespace jitbench::detail
