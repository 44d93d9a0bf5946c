#include <jitbench/html_report.hpp>
#include <jitbench/results.hpp>

namespace jitbench::detail {

void write_html_report(std::ostream& out, const RunInfo& info, const std::vector<CaseResult>& cases,
                       const std::vector<Comparison>& comparisons) {
  JsonValue entries = JsonValue::array();
  for (const CaseResult& result : cases) {
    for (JsonValue& entry : benchmark_entries(info, result)) entries.push(std::move(entry));
  }
  JsonValue document = JsonValue::object();
  document.set("context", context_json(info, current_host(info.command_line)))
      .set("benchmarks", std::move(entries));
  std::vector<ReportRun> runs;
  if (!cases.empty()) runs.push_back(report_run_from_json(document, info.benchmark));
  ReportOptions options;
  options.title = info.benchmark;
  write_report_page(out, runs, options, comparisons);
}

}  // namespace jitbench::detail
