#pragma once

#include <jitbench/result.hpp>
#include <jitbench/results.hpp>

#include <iosfwd>
#include <memory>
#include <string_view>
#include <vector>

namespace jitbench {

// Receives results as a run produces them: the run's facts, then each case as the entries of
// the results schema (make_entries(), results.hpp), one an impl. The output stream is injected
// so that tests can capture it. A reporter may write each case as it comes or hold them for one
// table at the end.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& info) = 0;
  virtual void report_case(const std::vector<ResultEntry>& entries) = 0;
  virtual void end() = 0;
};

// Reporter for a format name (text, md, csv, json); throws std::invalid_argument listing the
// known formats when the name is none of them.
std::unique_ptr<Reporter> make_reporter(std::string_view format, std::ostream& out);
std::vector<std::string_view> reporter_formats();

}  // namespace jitbench
