#pragma once

#include <jitbench/result.hpp>
#include <jitbench/results.hpp>

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jitbench {

// What the command line says about outputs: where results go and in which form.
struct OutputSettings {
  std::string format = "text";       // of the table on stdout: text, md, csv, json
  std::string out_path;              // --out: results as JSON, case by case
  std::vector<std::string> metrics;  // latency columns; empty: the benchmark's, else median
  std::string compare_path;          // --compare: an earlier results file
  std::optional<double> fail_on_regression_pct;
  std::string report_path;  // --report: the HTML page
  // The run's benchmark and --l2 mode, which a --compare file must share; empty: not checked.
  std::string benchmark;
  std::string l2_mode;
};

// Everything that happens to results once they exist: the table on stdout in --format, the
// incremental --out file, the progress line on stderr, --compare against an earlier run and
// --report. run_main talks to this one object; each concern behind it is its own file.
class RunOutput {
 public:
  // Checks every output before the run: throws std::invalid_argument, its message starting with
  // the flag, for an unknown format, a --compare file that cannot be read or parsed, holds no case
  // of the benchmark or was measured with another --l2, and an --out or --report file that cannot
  // be written. Writes nothing until begin().
  RunOutput(const OutputSettings& settings, std::ostream& out, std::ostream& err);
  ~RunOutput();
  RunOutput(const RunOutput&) = delete;
  RunOutput& operator=(const RunOutput&) = delete;

  void begin(const RunInfo& info);
  void case_started(std::size_t index, const std::vector<std::string>& param_values);
  void impl_started(const std::string& impl);
  // Turns the case into the entries of the results schema (make_entries) once, for every
  // output.
  void case_done(const CaseResult& result);
  // A case already made entries: in a worker process of the run (the runtime's
  // worker_process.hpp).
  void case_done(const std::vector<ResultEntry>& entries);
  // Closes every output: the table, the final --out document, the --compare verdicts and
  // --report. Returns 3 when --fail-on-regression found a regression, 1 when --out or --report
  // could not be written (said on stderr), else 0. Without end() (a crash), --out keeps the
  // JSON lines of every finished case.
  int end();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace jitbench
