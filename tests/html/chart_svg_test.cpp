// Where points land: coordinates read back from the page and checked against the axes' own
// grid lines (log for latency, linear for bandwidth) and the x positions of the values.
#include "html/chart_svg.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace jitbench::detail {
namespace {

using test::number;
using test::XmlNode;
using G = ChartGeometry;

// The y of a grid line by its value.
double grid_y(const XmlNode& chart, double value) {
  for (const XmlNode* line : chart.find("line", {"grid"})) {
    if (number(line->attr("data-value")) == value) return number(line->attr("y1"));
  }
  ADD_FAILURE() << "no grid line at " << value;
  return 0;
}

std::vector<const XmlNode*> markers(const XmlNode& series) { return series.find("", {"point"}); }

double marker_x(const XmlNode& m) {
  return number(m.tag == "circle" ? m.attr("cx") : m.attr("data-x"));
}
double marker_y(const XmlNode& m) {
  return number(m.tag == "circle" ? m.attr("cy") : m.attr("data-y"));
}

TEST(Ticks, LogTicksAreDecadesOrOneTwoFive) {
  const auto wide = log_ticks(0.8, 900);
  ASSERT_EQ(wide.size(), 3u);
  EXPECT_EQ(wide[0].label, "1");
  EXPECT_EQ(wide[2].label, "100");
  const auto narrow = log_ticks(1.5, 30);
  std::vector<std::string> labels;
  for (const Tick& t : narrow) labels.push_back(t.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"2", "5", "10", "20"}));
}

TEST(Ticks, LinearTicksCoverTheTop) {
  const auto ticks = linear_ticks(4483);
  std::vector<std::string> labels;
  for (const Tick& t : ticks) labels.push_back(t.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"0", "1000", "2000", "3000", "4000", "5000"}));
}

TEST(ChartCoordinates, CopyLatencyLogTwoXLogY) {
  const auto page = test::page({"copy_cold.json"});
  const auto charts = page->find("svg", {"chart", "latency"});
  ASSERT_EQ(charts.size(), 1u);
  const XmlNode& chart = *charts[0];
  const auto series = chart.find("g", {"series"});
  ASSERT_EQ(series.size(), 2u);
  const auto kernel = markers(*series[0]);
  ASSERT_EQ(kernel.size(), 10u);
  // Sizes 4 KiB .. 1 GiB, each 4x the last: evenly spaced on a log-2 axis, padded at the ends.
  const double plot_width = G::width - G::left - G::right;
  const double first = G::left + plot_width * G::x_pad;
  const double last = G::left + plot_width * (1 - G::x_pad);
  for (std::size_t i = 0; i < kernel.size(); ++i) {
    EXPECT_NEAR(marker_x(*kernel[i]), first + (last - first) * i / 9.0, 0.06) << i;
  }
  // y on a log scale, checked against the grid lines at 1 and 100 us.
  const double y1 = grid_y(chart, 1), y100 = grid_y(chart, 100);
  const double times[] = {1.933906227350235, 9.786819276355562, 526.5920162200928};
  const std::size_t at[] = {0, 6, 9};
  for (int k = 0; k < 3; ++k) {
    const double expected = y1 + (y100 - y1) * std::log10(times[k]) / 2;
    EXPECT_NEAR(marker_y(*kernel[at[k]]), expected, 0.2) << times[k];
  }
  EXPECT_LT(marker_y(*kernel[9]), marker_y(*kernel[0]));  // slower is higher
}

TEST(ChartCoordinates, CopyBandwidthLinearYWithPeakLine) {
  const auto page = test::page({"copy_cold.json"});
  const auto charts = page->find("svg", {"chart", "bandwidth"});
  ASSERT_EQ(charts.size(), 1u);
  const XmlNode& chart = *charts[0];
  const double y0 = grid_y(chart, 0), y4000 = grid_y(chart, 4000);
  const auto peaks = chart.find("line", {"peak-line"});
  ASSERT_EQ(peaks.size(), 1u);
  EXPECT_EQ(number(peaks[0]->attr("data-value")), 4269.555003773162);
  EXPECT_NEAR(number(peaks[0]->attr("y1")), y0 + (y4000 - y0) * 4269.555 / 4000, 0.2);
  const auto labels = chart.find("text", {"peak-label"});
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0]->text, "copy peak 4270 GB/s");
  const auto memcpy = markers(*chart.find("g", {"series"}).at(1));
  ASSERT_EQ(memcpy.size(), 10u);
  EXPECT_NEAR(marker_y(*memcpy[8]), y0 + (y4000 - y0) * 4221.479720691574 / 4000, 0.2);
}

TEST(ChartCoordinates, GridFailedPointsSitOnTheBottomEdgeAndBreakTheLine) {
  const auto page = test::page({"grid.json"}, {});
  const XmlNode* chart = nullptr;
  for (const XmlNode* c : page->find("svg", {"chart", "latency"})) {
    if (c->find("text", {"chart-title"}).at(0)->text == "dtype=bf16 heads=1") chart = c;
  }
  ASSERT_NE(chart, nullptr);
  const auto series = chart->find("g", {"series"});
  ASSERT_EQ(series.size(), 2u);
  // fast: t = batch us; batch 2 is noisy (hollow), the line is whole.
  const auto fast = markers(*series[0]);
  ASSERT_EQ(fast.size(), 8u);
  EXPECT_TRUE(fast[1]->has_class("noisy"));
  EXPECT_EQ(series[0]->find("polyline").size(), 1u);
  const double y1 = grid_y(*chart, 1), y100 = grid_y(*chart, 100);
  for (std::size_t i = 0; i < 8; ++i) {
    const double t = std::pow(2.0, static_cast<double>(i));
    EXPECT_NEAR(marker_y(*fast[i]), y1 + (y100 - y1) * std::log10(t) / 2, 0.2) << t;
  }
  // slow: batch 64 failed the check: a cross on the bottom edge; the line stops before it and
  // batch 128 alone needs no line.
  const auto slow = markers(*series[1]);
  ASSERT_EQ(slow.size(), 8u);
  EXPECT_EQ(slow[6]->tag, "path");
  EXPECT_TRUE(slow[6]->has_class("failed"));
  EXPECT_NEAR(marker_y(*slow[6]), G::height - G::bottom - 5, 0.06);
  EXPECT_NEAR(marker_x(*slow[6]), marker_x(*fast[6]), 0.06);
  const auto lines = series[1]->find("polyline");
  ASSERT_EQ(lines.size(), 1u);
  const std::string points = lines[0]->attr("points");
  EXPECT_EQ(std::count(points.begin(), points.end(), ','), 6);
}

}  // namespace
}  // namespace jitbench::detail
