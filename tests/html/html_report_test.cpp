// --report: the run in memory makes the same page as jitbench-report makes from its JSON.
#include "test_support.hpp"
#include <jitbench/html_report.hpp>
#include <jitbench/results.hpp>

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
  r.bandwidth_gbps = 8e3 * 1e-6 / median_s;
  r.samples_s.assign(30, median_s);
  return r;
}

std::vector<CaseResult> toy_cases() {
  std::vector<CaseResult> cases;
  for (const char* n : {"256", "512", "1024"}) {
    CaseResult c;
    c.param_values = {n, "bf16"};
    c.impls = {measured("fast", std::stod(n) * 1e-9), measured("naive", std::stod(n) * 4e-9)};
    cases.push_back(c);
  }
  cases[2].impls[0].status = ImplStatus::oom;
  return cases;
}

TEST(HtmlReport, RunInMemoryDrawsLikeItsJson) {
  const RunInfo info = toy_info();
  const std::vector<CaseResult> cases = toy_cases();
  std::ostringstream from_run;
  write_html_report(from_run, info, cases, {});
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

  // The same page from the JSON document the run's --out file holds.
  JsonValue entries = JsonValue::array();
  for (const CaseResult& c : cases) {
    for (JsonValue& e : benchmark_entries(info, c)) entries.push(std::move(e));
  }
  JsonValue document = JsonValue::object();
  document.set("context", context_json(info, current_host(info.command_line)))
      .set("benchmarks", std::move(entries));
  ReportOptions options;
  options.title = "toy";
  std::ostringstream from_json;
  write_report_page(from_json, {report_run_from_json(document, "toy")}, options);
  EXPECT_EQ(from_run.str(), from_json.str());
}

TEST(HtmlReport, NoBandwidthNoBandwidthCharts) {
  std::vector<CaseResult> cases = toy_cases();
  for (CaseResult& c : cases) {
    for (ImplResult& impl : c.impls) impl.bandwidth_gbps = 0;
  }
  std::ostringstream out;
  write_html_report(out, toy_info(), cases, {});
  const auto page = test::parse_xml(out.str());
  EXPECT_EQ(page->find("svg", {"chart", "latency"}).size(), 1u);
  EXPECT_EQ(page->find("svg", {"chart", "bandwidth"}).size(), 0u);
}

TEST(HtmlReport, NoCasesStillWritesAPage) {
  std::ostringstream out;
  write_html_report(out, toy_info(), {}, {});
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
  write_html_report(out, toy_info(), toy_cases(), {c});
  const auto page = test::parse_xml(out.str());
  const auto compare = page->find("section", {"compare"});
  ASSERT_EQ(compare.size(), 1u);
  EXPECT_NE(compare[0]->find("pre").at(0)->text.find("toy/n=256/T=bf16/fast"), std::string::npos);
}

}  // namespace
}  // namespace jitbench::detail
