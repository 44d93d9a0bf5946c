#pragma once

#include <jitbench/compare.hpp>
#include <jitbench/results.hpp>
#include <jitbench/results_reader.hpp>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench {

// The HTML report: one self-contained page (no scripts, fonts or network) with, for each
// benchmark, its runs' context, a legend, small multiples of inline SVG charts, the failed,
// skipped and noisy points listed under each chart, the charts beyond options.max_charts folded
// in a list, and the results table. The same input gives the same bytes. jitbench-report draws
// results files; --report draws the run in memory, through the same results schema.
//
//   std::vector<ReportRun> runs = {load_report_run("before.json"), load_report_run("after.json")};
//   ReportOptions options;
//   options.y = YAxis::latency;
//   write_report_page(std::cout, runs, options);

// One impl at one case of one run.
struct ReportPoint {
  std::vector<std::string> params;  // in the run's param_names order
  ResultEntry entry;

  bool measured() const { return entry.measured(); }
  bool noisy() const;          // stopped by the timeout above the noise target
  std::string status() const;  // ok, skipped, mismatch, oom, error, hang
  std::string reason() const;  // why it was not measured: the entry's error message
};

// One results file: one run of one benchmark.
struct ReportRun {
  std::string label;      // names the run's series when several runs of a benchmark are drawn
  std::string benchmark;  // the context's, else the first part of the entries' names
  ResultsContext context;
  std::vector<std::string> param_names;  // the context's, completed from the entries
  std::vector<std::string> impl_names;   // the context's, completed from the entries
  std::vector<ReportPoint> points;       // in the file's order
};

// Throws std::runtime_error "what is wrong" when the file holds no entries, or entries that are
// not a jitbench run's (no impl, a param the others lack).
ReportRun report_run(const ResultsFile& file, const std::string& label);
// load_results() and report_run(), labelled by the file name without directory and ".json".
// Throws std::runtime_error "PATH: what is wrong" (with LINE:COLUMN for malformed JSON).
ReportRun load_report_run(const std::string& path);

enum class YAxis { latency, bandwidth, both };
// "latency", "bandwidth", "both"; nullopt for anything else.
std::optional<YAxis> y_axis_from_name(std::string_view name);

struct ReportOptions {
  std::string x_param;  // empty: each benchmark's param with the most values
  YAxis y = YAxis::both;
  std::size_t max_charts = 12;  // combinations drawn a benchmark; the rest are folded in a list
  std::string title;            // the page's; empty: the benchmark names
};

// Throws std::runtime_error when the runs cannot be laid out: runs of one benchmark with
// different params, or options.x_param not a param of a benchmark.
void write_report_page(std::ostream& out, const std::vector<ReportRun>& runs,
                       const ReportOptions& options,
                       const std::vector<Comparison>& comparisons = {});

// --report FILE: the run as the same page, titled by its benchmark, with the --compare verdicts
// (empty without --compare) at the end.
void write_html_report(std::ostream& out, const ResultsFile& run,
                       const std::vector<Comparison>& comparisons);

}  // namespace jitbench
