#pragma once

#include "html/report_layout.hpp"
#include "html/report_model.hpp"
#include <jitbench/compare.hpp>
#include <jitbench/result.hpp>

#include <iosfwd>
#include <vector>

namespace jitbench::detail {

// The HTML report: one self-contained page (no scripts, fonts or network) with, for each
// benchmark, its runs' context, a legend, small multiples of inline SVG charts (chart_svg.hpp),
// the failed, skipped and noisy points listed under each chart, the charts beyond
// options.max_charts folded in a list, and the results table. The same input gives the same
// bytes.
//
//   std::vector<ReportRun> runs = {load_report_run("before.json"), load_report_run("after.json")};
//   ReportOptions options;
//   options.y = YAxis::latency;
//   write_report_page(std::cout, runs, options);
//
// Throws std::runtime_error when the runs cannot be laid out (plan_report).
void write_report_page(std::ostream& out, const std::vector<ReportRun>& runs,
                       const ReportOptions& options,
                       const std::vector<Comparison>& comparisons = {});

// --report FILE: the run as the same page. RunOutput calls this once at the end with every case
// and the --compare verdicts (empty without --compare), and writes the page to FILE through a
// temporary file and rename. The cases go through the results JSON (result_json.hpp) and
// report_run_from_json, so the page is the one jitbench-report draws from the --out file.
void write_html_report(std::ostream& out, const RunInfo& info, const std::vector<CaseResult>& cases,
                       const std::vector<Comparison>& comparisons);

}  // namespace jitbench::detail
