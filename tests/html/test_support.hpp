#pragma once

// Shared by the report tests: the fixtures in data/ and the page they make, parsed back.

#include "xml_tree.hpp"
#include <jitbench/html_report.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace jitbench::test {

// copy_cold.json, copy_warm.json: the copy example on the H200 (10 sizes x 2 impls, cold and
// warm L2). grid.json: a hand-made 8 x 2 x 7 grid of "toy" with failed, skipped and noisy points
// and times = batch * heads (fast) or twice that (slow).
inline std::string data_path(const std::string& name) {
  return std::string(JITBENCH_HTML_TEST_DATA) + "/" + name;
}

inline std::string page_text(const std::vector<std::string>& files,
                             const ReportOptions& options = {}) {
  std::vector<ReportRun> runs;
  for (const std::string& file : files) runs.push_back(load_report_run(data_path(file)));
  std::ostringstream page;
  write_report_page(page, runs, options);
  return page.str();
}

inline std::unique_ptr<XmlNode> page(const std::vector<std::string>& files,
                                     const ReportOptions& options = {}) {
  return parse_xml(page_text(files, options));
}

inline double number(const std::string& text) { return std::stod(text); }

}  // namespace jitbench::test
