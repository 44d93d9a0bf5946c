#pragma once

#include <jitbench/detail/compare.hpp>
#include <jitbench/result.hpp>

#include <iosfwd>
#include <vector>

namespace jitbench::detail {

// --report FILE: the run as one HTML page. RunOutput calls this once at the end with every case
// (samples included) and the --compare verdicts (empty without --compare), and writes the page
// to FILE through a temporary file and rename.
void write_html_report(std::ostream& out, const RunInfo& info, const std::vector<CaseResult>& cases,
                       const std::vector<Comparison>& comparisons);

}  // namespace jitbench::detail
