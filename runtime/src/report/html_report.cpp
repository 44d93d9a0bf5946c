// Stand-in for the HTML report (its own issue): the text table in a page, so that --report
// already writes a readable file. The HTML writer replaces this file; the interface stays.
#include <jitbench/detail/html_report.hpp>
#include <jitbench/detail/reporters.hpp>

#include <ostream>
#include <sstream>

namespace jitbench::detail {

void write_html_report(std::ostream& out, const RunInfo& info, const std::vector<CaseResult>& cases,
                       const std::vector<Comparison>& comparisons) {
  std::ostringstream text;
  auto table = make_text_reporter(text, 160);
  table->begin(info);
  for (const CaseResult& c : cases) table->report_case(c);
  table->end();
  if (!comparisons.empty()) write_comparison(text, comparisons, "--compare");
  std::string escaped;
  for (char ch : text.str()) {
    escaped += ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : ch == '&' ? "&amp;" : std::string(1, ch);
  }
  out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" << info.benchmark
      << "</title></head>\n<body><pre>\n"
      << escaped << "</pre></body></html>\n";
}

}  // namespace jitbench::detail
