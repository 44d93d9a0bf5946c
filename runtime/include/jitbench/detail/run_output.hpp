#pragma once

#include <jitbench/result.hpp>
#include <jitbench/settings.hpp>

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace jitbench::detail {

// Everything that happens to results once they exist: the table on stdout in --format, the
// incremental --out file, the progress line on stderr, --compare against an earlier run and
// --report. run_main talks to this one object; each concern behind it is its own file.
class RunOutput {
 public:
  // Checks every output before the run: throws UsageError for an unknown format, a --compare
  // file that cannot be read or parsed, and an --out or --report file that cannot be written.
  // Writes nothing until begin().
  RunOutput(const Settings& settings, std::ostream& out, std::ostream& err);
  ~RunOutput();
  RunOutput(const RunOutput&) = delete;
  RunOutput& operator=(const RunOutput&) = delete;

  void begin(const RunInfo& info);
  void case_started(std::size_t index, const std::vector<std::string>& param_values);
  void impl_started(const std::string& impl);
  void case_done(const CaseResult& result);
  // Closes every output: the table, the final --out document, the --compare verdicts and
  // --report. Returns 3 when --fail-on-regression found a regression, 1 when --out or --report
  // could not be written (said on stderr), else 0. Without end() (a crash), --out keeps the
  // JSON lines of every finished case.
  int end();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace jitbench::detail
