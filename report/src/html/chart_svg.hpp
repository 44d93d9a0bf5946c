#pragma once

#include "html/report_layout.hpp"
#include "html/xml_writer.hpp"

#include <string>
#include <vector>

namespace jitbench::detail {

// One chart of the HTML report as inline SVG: a latency chart (log y, [us]) or a bandwidth chart
// (linear y from 0, [GB/s], the device's measured copy peak as a dashed line), x along the
// plan's x axis, one polyline and one marker a point for each series. Measured points are
// filled circles, noisy ones hollow; failed and skipped points are crosses on the bottom edge.
// Every marker carries an SVG <title> tooltip. Class names and data-* attributes say what each
// element is, so that tests (and style sheets) can find them.

enum class ChartMetric { latency, bandwidth };

// Where things are, in px. Tests use it to check where points land.
struct ChartGeometry {
  static constexpr double width = 360;
  static constexpr double height = 250;
  static constexpr double left = 60;  // room for the y tick labels and the axis title
  static constexpr double right = 16;
  static constexpr double top = 28;  // room for the chart's title
  static constexpr double bottom = 44;
  static constexpr double x_pad = 0.04;  // of the plot width, kept free at each end
};

struct Tick {
  double value;
  std::string label;
};
// Ticks of a log axis over [lo, hi]: each power of ten, with 2 and 5 between them when the
// range spans less than two decades. lo > 0.
std::vector<Tick> log_ticks(double lo, double hi);
// Ticks of a linear axis from 0: 1, 2 or 5 times a power of ten apart, about five of them, the
// last one at or above `hi`.
std::vector<Tick> linear_ticks(double hi);

// The tooltip of a point: case, impl and run, then time, noise, samples, bandwidth and flags, or
// why it was not measured.
std::string point_tooltip(const BenchmarkPlan& plan, const Series& series,
                          const ReportPoint& point);

// 0.0123 -> "1.23%"
std::string format_percent(double fraction);

// The series' colour, by impl: the same impl has the same colour in every chart.
std::string series_color(const Series& series);
// The series' stroke-dasharray, by run: "" for the first run, dashes and dots for the next.
std::string series_dash(const Series& series);

void write_chart(XmlWriter& w, const BenchmarkPlan& plan, const ChartData& chart,
                 ChartMetric metric);

}  // namespace jitbench::detail
