// The page as a whole: which charts, series, points, notes and tables it has, for fixed inputs.
#include "test_support.hpp"
#include <jitbench/html_report.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace jitbench::detail {
namespace {

using test::XmlNode;

std::vector<const XmlNode*> open_panels(const XmlNode& page) {
  std::vector<const XmlNode*> open;
  for (const XmlNode* p : page.find("figure", {"panel"})) {
    if (!p->inside("details", "folded")) open.push_back(p);
  }
  return open;
}

// Elements of the charts only (the legend draws markers too).
std::vector<const XmlNode*> in_charts(const XmlNode& page, const std::string& tag,
                                      const std::vector<std::string>& classes) {
  std::vector<const XmlNode*> found;
  for (const XmlNode* chart : page.find("svg", {"chart"})) {
    for (const XmlNode* node : chart->find(tag, classes)) found.push_back(node);
  }
  return found;
}

std::vector<std::string> texts(const std::vector<const XmlNode*>& nodes) {
  std::vector<std::string> all;
  for (const XmlNode* n : nodes) all.push_back(n->all_text());
  return all;
}

TEST(HtmlPage, CopyRunHasOnePanelOfTwoChartsWithTwoSeriesOfTenPoints) {
  const auto page = test::page({"copy_cold.json"});
  EXPECT_EQ(page->find("section", {"benchmark"}).size(), 1u);
  EXPECT_EQ(open_panels(*page).size(), 1u);
  const auto charts = page->find("svg", {"chart"});
  ASSERT_EQ(charts.size(), 2u);
  for (const XmlNode* chart : charts) {
    const auto series = chart->find("g", {"series"});
    ASSERT_EQ(series.size(), 2u);
    EXPECT_EQ(series[0]->attr("data-series"), "kernel");
    EXPECT_EQ(series[1]->attr("data-series"), "memcpy");
    for (const XmlNode* s : series) {
      EXPECT_EQ(s->find("circle", {"point"}).size(), 10u);
      EXPECT_EQ(s->find("title").size(), 10u);
    }
    EXPECT_EQ(chart->find("circle", {"noisy"}).size(), 4u);  // 4 and 16 KiB of both impls
  }
  EXPECT_EQ(
      texts(page->find("li", {"noisy"})),
      (std::vector<std::string>{"kernel at size=4KiB: noisy, 0.0462% noise after 5 samples",
                                "kernel at size=16KiB: noisy, 0.0862% noise after 10 samples",
                                "memcpy at size=4KiB: noisy, 0.0571% noise after 5 samples",
                                "memcpy at size=16KiB: noisy, 0.0917% noise after 10 samples"}));
  const auto tables = page->find("table");
  ASSERT_EQ(tables.size(), 1u);
  const auto rows = tables[0]->find("tr");
  ASSERT_EQ(rows.size(), 11u);
  EXPECT_EQ(texts(rows[0]->find("th")),
            (std::vector<std::string>{"size", "kernel [us]", "memcpy [us]", "kernel [GB/s]",
                                      "memcpy [GB/s]", "kernel vs memcpy", "flags"}));
  EXPECT_EQ(texts(rows[10]->find("td")),
            (std::vector<std::string>{"1GiB", "527", "778", "4078", "2761", "1.48x", "memcpy:M"}));
}

TEST(HtmlPage, TooltipsSayCaseTimeNoiseAndSamples) {
  const auto page = test::page({"grid.json"});
  const XmlNode* chart = page->find("svg", {"chart", "latency"}).at(1);  // dtype=bf16 heads=3
  const XmlNode* fast = chart->find("g", {"series"}).at(0);
  EXPECT_EQ(fast->find("title").at(2)->text,
            "toy batch=4 dtype=bf16 heads=3\nfast\n12.0 us, noise 0.200%, 20 samples\n"
            "40.0 GB/s (4.00% of copy peak)");
  const XmlNode* noisy = in_charts(*page, "circle", {"noisy"}).at(0);
  EXPECT_EQ(noisy->find("title").at(0)->text,
            "toy batch=2 dtype=bf16 heads=1\nfast\n2.00 us, noise 2.00%, 20 samples\n"
            "20.0 GB/s (2.00% of copy peak)\nflags N (noisy: stopped by the timeout above the "
            "noise target)");
  const XmlNode* failed = in_charts(*page, "path", {"failed"}).at(0);
  EXPECT_EQ(failed->find("title").at(0)->text,
            "toy batch=64 dtype=bf16 heads=1\nslow\nmismatch: error 0.5 > 0.02 in out");
}

TEST(HtmlPage, GridFoldsChartsBeyondTwelveAndListsFailures) {
  const auto page = test::page({"grid.json"});
  const auto open = open_panels(*page);
  ASSERT_EQ(open.size(), 12u);
  const auto folded = page->find("details", {"folded"});
  ASSERT_EQ(folded.size(), 1u);
  EXPECT_EQ(folded[0]->find("summary").at(0)->text, "2 more combinations");
  EXPECT_EQ(folded[0]->find("figure", {"panel"}).size(), 2u);
  EXPECT_EQ(page->find("svg", {"chart", "latency"}).size(), 14u);
  EXPECT_EQ(page->find("svg", {"chart", "bandwidth"}).size(), 14u);
  // 7 OOMs (fast, batch 128, fp16) and 1 mismatch; 2 skipped; 1 noisy; each in both charts.
  EXPECT_EQ(in_charts(*page, "path", {"point", "failed"}).size(), 16u);
  EXPECT_EQ(in_charts(*page, "path", {"point", "skipped"}).size(), 4u);
  EXPECT_EQ(in_charts(*page, "circle", {"point", "noisy"}).size(), 2u);
  EXPECT_EQ(in_charts(*page, "circle", {"point"}).size(), 2u * (14 * 16 - 10));
  // Listed under the chart of their combination, once for both charts.
  const auto first_notes = open[0]->find("li");
  EXPECT_EQ(texts(first_notes),
            (std::vector<std::string>{"fast at batch=2: noisy, 2.00% noise after 20 samples",
                                      "slow at batch=64: mismatch: error 0.5 > 0.02 in out"}));
  EXPECT_EQ(texts(open[6]->find("li", {"skipped"})),
            (std::vector<std::string>{"fast at batch=1: skip: heads > batch * 8",
                                      "slow at batch=1: skip: heads > batch * 8"}));
  EXPECT_EQ(texts(open[7]->find("li", {"failed"})),
            std::vector<std::string>{"fast at batch=128: OOM"});
  // The table: a row a case, failures in words.
  const auto rows = page->find("table").at(0)->find("tr");
  EXPECT_EQ(rows.size(), 1u + 112u);
}

TEST(HtmlPage, YAndMaxChartsOptions) {
  ReportOptions options;
  options.y = YAxis::latency;
  options.max_charts = 5;
  const auto page = test::page({"grid.json"}, options);
  EXPECT_EQ(open_panels(*page).size(), 5u);
  EXPECT_EQ(page->find("svg", {"chart", "latency"}).size(), 14u);
  EXPECT_EQ(page->find("svg", {"chart", "bandwidth"}).size(), 0u);
  options.y = YAxis::bandwidth;
  EXPECT_EQ(test::page({"grid.json"}, options)->find("svg", {"chart", "latency"}).size(), 0u);
}

TEST(HtmlPage, TwoFilesAreSeparateSeriesWithTheirLabels) {
  const auto page = test::page({"copy_cold.json", "copy_warm.json"});
  const auto charts = page->find("svg", {"chart"});
  ASSERT_EQ(charts.size(), 2u);
  const auto series = charts[0]->find("g", {"series"});
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series[2]->attr("data-series"), "kernel (copy_warm)");
  EXPECT_EQ(series[0]->attr("stroke"), series[2]->attr("stroke"));  // same impl, same colour
  EXPECT_EQ(series[0]->find("polyline").at(0)->attr("stroke-dasharray"), "");
  EXPECT_EQ(series[2]->find("polyline").at(0)->attr("stroke-dasharray"), "7 4");
  // The two runs' peaks (4270 and 4266 GB/s) are one line.
  EXPECT_EQ(charts[1]->find("line", {"peak-line"}).size(), 1u);
  EXPECT_EQ(page->find("table").size(), 2u);
  const auto runs = page->find("ul", {"runs"}).at(0)->find("li");
  ASSERT_EQ(runs.size(), 2u);
  // copy_cold.json records its build; copy_warm.json predates that and says nothing of it.
  EXPECT_NE(runs[0]->all_text().find(", built for sm_90 (Release), jitbench 0.1.0"),
            std::string::npos)
      << runs[0]->all_text();
  EXPECT_EQ(runs[1]->all_text().find("built for"), std::string::npos) << runs[1]->all_text();
}

TEST(HtmlPage, SelfContainedAndDeterministic) {
  const std::string text = test::page_text({"grid.json", "copy_cold.json"});
  EXPECT_EQ(text, test::page_text({"grid.json", "copy_cold.json"}));
  EXPECT_EQ(text.find("<script"), std::string::npos);
  EXPECT_EQ(text.find(" src="), std::string::npos);
  EXPECT_EQ(text.find("url("), std::string::npos);
  EXPECT_EQ(text.find("@import"), std::string::npos);
  std::size_t links = 0;
  for (std::size_t at = text.find("http"); at != std::string::npos;
       at = text.find("http", at + 1)) {
    EXPECT_EQ(text.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << text.substr(at, 60);
    ++links;
  }
  EXPECT_GT(links, 0u);
  const auto page = test::parse_xml(text);
  EXPECT_EQ(page->find("section", {"benchmark"}).size(), 2u);
  EXPECT_EQ(page->find("ul", {"contents"}).at(0)->find("a").size(), 2u);
}

// A browser drops a rule whose selector does not parse: a noisy point would then be drawn filled
// like a good one, not hollow as the legend says.
TEST(HtmlPage, EveryStyleRuleHasAPlainSelector) {
  const std::string text = test::page_text({"grid.json"});
  const std::size_t begin = text.find("<style>");
  const std::size_t end = text.find("</style>");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string style = text.substr(begin, end - begin);
  for (std::size_t close = 0, open = style.find('{'); open != std::string::npos;
       close = style.find('}', open), open = style.find('{', close)) {
    const std::string selector = style.substr(close, open - close);
    EXPECT_EQ(selector.find_first_of("()"), std::string::npos) << selector;
  }
  EXPECT_NE(style.find("svg .point.noisy { fill: #fff;"), std::string::npos) << style;
}

TEST(HtmlPage, RunsOfOneBenchmarkWithDifferentParamsAreAnError) {
  std::vector<ReportRun> runs = {load_report_run(test::data_path("grid.json")),
                                 load_report_run(test::data_path("grid.json"))};
  runs[1].label = "other";
  runs[1].param_names = {"batch", "dtype", "groups"};
  std::ostringstream out;
  try {
    write_report_page(out, runs, {});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "runs 'grid' and 'other' of benchmark 'toy' have different params: "
                 "they cannot share charts");
  }
}

}  // namespace
}  // namespace jitbench::detail
