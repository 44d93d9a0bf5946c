// --report: the run in memory makes the same page as jitbench-report makes from its file.
#include "test_support.hpp"
#include <jitbench/html_report.hpp>
#include <jitbench/results.hpp>
#include <jitbench/results_reader.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace jitbench::detail {
namespace {

RunInfo toy_info() {
  RunInfo info;
  info.benchmark = "toy";
  info.doc = "A run in memory.";
  info.param_names = {"n", "T"};
  info.impl_names = {"fast", "naive"};
  info.reference = "naive";
  info.metrics = {"median"};
  info.device.name = "Test GPU";
  info.device.peak_copy_gbps = 1000;
  info.l2_mode = "cold";
  return info;
}

ImplResult measured(const std::string& impl, double median_s) {
  ImplResult r;
  r.impl = impl;
  r.summary.samples = 30;
  r.summary.median = r.summary.mean = r.summary.min = r.summary.max = median_s;
  r.summary.rse = 0.001;
  r.samples_s.assign(30, median_s);
  return r;
}

std::vector<CaseResult> toy_cases() {
  std::vector<CaseResult> cases;
  for (const char* n : {"256", "512", "1024"}) {
    CaseResult c;
    c.param_values = {n, "bf16"};
    c.bytes_read = 8e3;
    c.impls = {measured("fast", std::stod(n) * 1e-9), measured("naive", std::stod(n) * 4e-9)};
    cases.push_back(c);
  }
  cases[2].impls[0].status = ImplStatus::oom;
  return cases;
}

// The run as RunOutput hands it to --report.
ResultsFile toy_run(const std::vector<CaseResult>& cases = toy_cases()) {
  ResultsFile run;
  run.context = make_context(toy_info(), {});
  for (const CaseResult& c : cases) {
    for (ResultEntry& e : make_entries(toy_info(), c)) run.entries.push_back(std::move(e));
  }
  return run;
}

TEST(HtmlReport, RunInMemoryDrawsLikeItsFile) {
  const ResultsFile run = toy_run();
  std::ostringstream from_run;
  write_html_report(from_run, run, {});
  const auto page = test::parse_xml(from_run.str());
  EXPECT_EQ(page->find("title").at(0)->text, "jitbench: toy");
  const auto charts = page->find("svg", {"chart"});
  ASSERT_EQ(charts.size(), 2u);
  const auto series = charts[0]->find("g", {"series"});
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0]->find("circle", {"point"}).size(), 2u);
  EXPECT_EQ(series[0]->find("path", {"failed"}).size(), 1u);
  EXPECT_EQ(series[1]->find("circle", {"point"}).size(), 3u);
  EXPECT_EQ(page->find("li", {"failed"}).at(0)->text, "fast at n=1024: OOM");

  // The same page from the document the run's --out file holds.
  const ResultsFile file = read_results(results_document(run.context, run.entries), "toy.json");
  ReportOptions options;
  options.title = "toy";
  std::ostringstream from_file;
  write_report_page(from_file, {report_run(file, "toy")}, options);
  EXPECT_EQ(from_run.str(), from_file.str());
}

TEST(HtmlReport, NoBandwidthNoBandwidthCharts) {
  std::vector<CaseResult> cases = toy_cases();
  for (CaseResult& c : cases) c.bytes_read = 0;
  std::ostringstream out;
  write_html_report(out, toy_run(cases), {});
  const auto page = test::parse_xml(out.str());
  EXPECT_EQ(page->find("svg", {"chart", "latency"}).size(), 1u);
  EXPECT_EQ(page->find("svg", {"chart", "bandwidth"}).size(), 0u);
}

TEST(HtmlReport, NoCasesStillWritesAPage) {
  std::ostringstream out;
  write_html_report(out, toy_run({}), {});
  const auto page = test::parse_xml(out.str());
  EXPECT_EQ(page->find("svg").size(), 0u);
  EXPECT_EQ(page->find("p").at(0)->text, "No results: no case was run.");
}

TEST(HtmlReport, ComparisonsAreOnThePage) {
  Comparison c;
  c.name = "toy/n=256/T=bf16/fast";
  c.verdict = Verdict::faster;
  c.old_s = 2e-6;
  c.new_s = 1e-6;
  c.ratio = 0.5;
  c.threshold = 0.01;
  std::ostringstream out;
  write_html_report(out, toy_run(), {c});
  const auto page = test::parse_xml(out.str());
  const auto compare = page->find("section", {"compare"});
  ASSERT_EQ(compare.size(), 1u);
  EXPECT_NE(compare[0]->find("pre").at(0)->text.find("toy/n=256/T=bf16/fast"), std::string::npos);
}

}  // namespace
}  // namespace jitbench::detail
