#include <jitbench/html_report.hpp>

namespace jitbench {

std::optional<YAxis> y_axis_from_name(std::string_view name) {
  if (name == "latency") return YAxis::latency;
  if (name == "bandwidth") return YAxis::bandwidth;
  if (name == "both") return YAxis::both;
  return std::nullopt;
}

void write_html_report(std::ostream& out, const ResultsFile& run,
                       const std::vector<Comparison>& comparisons) {
  std::vector<ReportRun> runs;
  if (!run.entries.empty()) runs.push_back(report_run(run, run.context.benchmark));
  ReportOptions options;
  options.title = run.context.benchmark;
  write_report_page(out, runs, options, comparisons);
}

}  // namespace jitbench
