// The report model (html_report.hpp) from a results file.
#include "model/figures.hpp"
#include <jitbench/html_report.hpp>

#include <algorithm>
#include <stdexcept>

namespace jitbench {

namespace {

void add_name(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

ReportPoint point_of(ReportRun& run, const ResultEntry& entry) {
  if (entry.impl.empty()) throw std::runtime_error("no \"impl\" (not a jitbench results file?)");
  ReportPoint point;
  point.entry = entry;
  // Params in the run's order; a name the context did not list is appended to it.
  point.params.resize(run.param_names.size());
  for (const auto& [name, value] : entry.params) {
    auto it = std::find(run.param_names.begin(), run.param_names.end(), name);
    if (it == run.param_names.end()) {
      if (!run.points.empty()) throw std::runtime_error("unexpected param \"" + name + "\"");
      run.param_names.push_back(name);
      point.params.emplace_back();
      it = run.param_names.end() - 1;
    }
    point.params[static_cast<std::size_t>(it - run.param_names.begin())] = value;
  }
  add_name(run.impl_names, entry.impl);
  return point;
}

}  // namespace

bool ReportPoint::noisy() const {
  return entry.noisy || entry.flags.find('N') != std::string::npos;
}

std::string ReportPoint::status() const { return std::string(detail::status_name(entry.status)); }

std::string ReportPoint::reason() const {
  return entry.error_message.empty() ? entry.reason : entry.error_message;
}

ReportRun report_run(const ResultsFile& file, const std::string& label) {
  if (file.entries.empty()) {
    throw std::runtime_error(file.complete ? "no results: the \"benchmarks\" array is empty"
                                           : "no results: the run ended before its first case");
  }
  ReportRun run;
  run.label = label;
  run.context = file.context;
  run.param_names = file.context.param_names;
  run.impl_names = file.context.impl_names;
  for (std::size_t i = 0; i < file.entries.size(); ++i) {
    try {
      run.points.push_back(point_of(run, file.entries[i]));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("benchmark " + std::to_string(i) + ": \"" + file.entries[i].name +
                               "\": " + e.what());
    }
  }
  run.benchmark = benchmark_of(file);
  return run;
}

ReportRun load_report_run(const std::string& path) {
  const ResultsFile file = load_results(path);
  std::string label = path.substr(path.find_last_of('/') + 1);
  if (label.size() > 5 && label.compare(label.size() - 5, 5, ".json") == 0) {
    label.resize(label.size() - 5);
  }
  try {
    return report_run(file, label);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace jitbench
