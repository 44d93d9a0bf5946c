#include "model/figures.hpp"

#include <algorithm>
#include <cmath>

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

std::string impl_flags(const ImplResult& impl, std::string_view l2_mode, double peak_fraction) {
  if (impl.status != ImplStatus::ok) return "";
  std::string flags;
  if (impl.noisy) flags += 'N';
  if (impl.too_few_samples) flags += 'S';
  if (impl.mode == RunMode::eager) flags += 'E';
  if (impl.memcpy_in_graph) flags += 'M';
  if (impl.allocates_in_graph) flags += 'A';
  if (impl.discarded_samples > 0) flags += 'T';
  if (impl.timing_check && impl.timing_check->disagrees) flags += 'V';
  if (impl.timing_check && impl.timing_check->trace_perturbs) flags += 'P';
  if (impl.timing_check && impl.timing_check->cold_not_slower) flags += 'L';
  if (l2_mode != "warm" && peak_fraction > kAboveCopyPeak) flags += 'B';
  return flags;
}

std::string plan_text(const ResultEntry& entry) {
  if (entry.rotation_plan.empty() || entry.rotation_plan == "warm") return "warm";
  const std::string touched = format_bytes(entry.cold_bytes_touched) + "/call";
  if (entry.rotation_plan == "flush_each_call") return "flush/call, " + touched;
  return std::to_string(entry.rotation_copies) + " copies" +
         (entry.rotation_plan == "flush_replay" ? "+flush" : "") + ", " + touched;
}

std::optional<double> speedup(const std::vector<ResultEntry>& case_entries,
                              std::string_view reference, const ResultEntry& entry) {
  const auto ref = std::find_if(case_entries.begin(), case_entries.end(),
                                [&](const ResultEntry& e) { return e.impl == reference; });
  if (ref == case_entries.end() || !ref->measured() || !entry.measured()) return std::nullopt;
  return ref->real_time_us / entry.real_time_us;
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
