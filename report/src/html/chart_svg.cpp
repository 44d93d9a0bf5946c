#include "html/chart_svg.hpp"

#include "model/figures.hpp"
#include <jitbench/format.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace jitbench::detail {

namespace {

using G = ChartGeometry;
constexpr double kPlotWidth = G::width - G::left - G::right;
constexpr double kPlotHeight = G::height - G::top - G::bottom;
constexpr double kPlotBottom = G::top + kPlotHeight;
constexpr double kCharWidth = 6.2;  // of an 11 px sans-serif digit, to keep x labels apart

// Maps a value to a pixel along one axis, linear in the value or in its logarithm.
struct Scale {
  double lo, hi;        // value range
  double px_lo, px_hi;  // where lo and hi land
  bool log;

  double operator()(double value) const {
    const double a = log ? std::log(lo) : lo;
    const double b = log ? std::log(hi) : hi;
    const double v = log ? std::log(value) : value;
    if (b == a) return (px_lo + px_hi) / 2;
    return px_lo + (px_hi - px_lo) * (v - a) / (b - a);
  }
};

double metric_value(const ReportPoint& point, ChartMetric metric) {
  if (!point.measured()) return 0;
  return metric == ChartMetric::latency ? point.entry.real_time_us : point.entry.bandwidth_gbps;
}

Scale x_scale(const XAxis& x) {
  const auto [lo, hi] = std::minmax_element(x.positions.begin(), x.positions.end());
  const double pad = kPlotWidth * G::x_pad;
  return {*lo, *hi, G::left + pad, G::left + kPlotWidth - pad, false};
}

// The runs' copy peaks, for bandwidth charts. Runs on one device measure it within a percent or
// so of each other; one line stands for those, so that labels do not pile up.
std::vector<double> copy_peaks(const BenchmarkPlan& plan) {
  std::vector<double> peaks;
  for (const ReportRun* run : plan.runs) {
    const double peak = run->context.peak_copy_gbps;
    const bool close = std::any_of(peaks.begin(), peaks.end(),
                                   [&](double p) { return std::fabs(peak / p - 1) < 0.02; });
    if (peak > 0 && !close) peaks.push_back(peak);
  }
  return peaks;
}

Scale y_scale(const BenchmarkPlan& plan, const ChartData& chart, ChartMetric metric,
              std::vector<Tick>& ticks) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = 0;
  for (const auto& series : chart.points) {
    for (const ReportPoint* point : series) {
      const double v = point != nullptr ? metric_value(*point, metric) : 0;
      if (v > 0) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  if (metric == ChartMetric::bandwidth) {
    for (double peak : copy_peaks(plan)) hi = std::max(hi, peak);
    ticks = linear_ticks(hi > 0 ? hi * 1.05 : 1);
    return {0, ticks.back().value, kPlotBottom, G::top, false};
  }
  if (hi == 0) {  // nothing measured: an empty decade
    lo = 1;
    hi = 10;
  }
  // A margin of 8% of the decades spanned (at least 10%) keeps points off the plot's edges.
  const double margin = std::max(1.1, std::pow(hi / lo, 0.08));
  ticks = log_ticks(lo / margin, hi * margin);
  return {lo / margin, hi * margin, kPlotBottom, G::top, true};
}

void write_axes(XmlWriter& w, const XAxis& x, const Scale& xs, const Scale& ys,
                const std::vector<Tick>& y_ticks, ChartMetric metric) {
  w.open("g", {{"class", "axes"}});
  w.element("rect", {{"class", "plot"},
                     {"x", svg_number(G::left)},
                     {"y", svg_number(G::top)},
                     {"width", svg_number(kPlotWidth)},
                     {"height", svg_number(kPlotHeight)}});
  for (const Tick& tick : y_ticks) {
    const std::string y = svg_number(ys(tick.value));
    w.element("line", {{"class", "grid y"},
                       {"data-value", exact_number(tick.value)},
                       {"x1", svg_number(G::left)},
                       {"x2", svg_number(G::left + kPlotWidth)},
                       {"y1", y},
                       {"y2", y}});
    w.element("text",
              {{"class", "tick-label y"},
               {"x", svg_number(G::left - 4)},
               {"y", svg_number(ys(tick.value) + 3.5)}},
              tick.label);
  }
  // Every x value gets a tick; labels are thinned so that they do not overlap.
  std::size_t longest = 1;
  for (const std::string& value : x.values) longest = std::max(longest, value.size());
  const double spacing = x.values.size() > 1 ? (xs.px_hi - xs.px_lo) / (x.values.size() - 1) : 1e9;
  const std::size_t every =
      static_cast<std::size_t>(std::max(1.0, std::ceil((longest * kCharWidth + 6) / spacing)));
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    const std::string px = svg_number(xs(x.positions[i]));
    w.element("line", {{"class", "tick x"},
                       {"data-value", x.values[i]},
                       {"x1", px},
                       {"x2", px},
                       {"y1", svg_number(kPlotBottom)},
                       {"y2", svg_number(kPlotBottom + 4)}});
    if (i % every == 0) {
      w.element("text", {{"class", "tick-label x"}, {"x", px}, {"y", svg_number(kPlotBottom + 15)}},
                x.values[i]);
    }
  }
  const std::string x_title = x.param + (x.scale == XScale::log2 ? " (log2)" : "");
  w.element("text",
            {{"class", "axis-title x"},
             {"x", svg_number(G::left + kPlotWidth / 2)},
             {"y", svg_number(G::height - 6)}},
            x_title);
  const std::string y_title =
      metric == ChartMetric::latency ? "latency [us] (log)" : "bandwidth [GB/s]";
  const std::string y_middle = svg_number(G::top + kPlotHeight / 2);
  w.element("text",
            {{"class", "axis-title y"},
             {"x", "12"},
             {"y", y_middle},
             {"transform", "rotate(-90 12 " + y_middle + ")"}},
            y_title);
  w.close();
}

void write_peaks(XmlWriter& w, const BenchmarkPlan& plan, const Scale& ys) {
  for (double peak : copy_peaks(plan)) {
    const std::string y = svg_number(ys(peak));
    w.open("g", {{"class", "peak"}});
    w.element("line", {{"class", "peak-line"},
                       {"data-value", exact_number(peak)},
                       {"x1", svg_number(G::left)},
                       {"x2", svg_number(G::left + kPlotWidth)},
                       {"y1", y},
                       {"y2", y}});
    // At the left, where bandwidth is low and the plot is empty above the line.
    w.element(
        "text",
        {{"class", "peak-label"}, {"x", svg_number(G::left + 4)}, {"y", svg_number(ys(peak) - 4)}},
        "copy peak " + format_sig3(peak) + " GB/s");
    w.close();
  }
}

// A measured point: a circle, hollow when noisy. Not measured: a cross on the bottom edge.
void write_marker(XmlWriter& w, const BenchmarkPlan& plan, const Series& series,
                  const ReportPoint& point, double x, double y, bool measured) {
  const std::string tooltip = point_tooltip(plan, series, point);
  if (measured) {
    w.open("circle", {{"class", point.noisy() ? "point noisy" : "point ok"},
                      {"cx", svg_number(x)},
                      {"cy", svg_number(y)},
                      {"r", "3.2"}});
  } else {
    const std::string kind = point.status() == "skipped" ? "skipped" : "failed";
    const double s = 3.5;
    const std::string d = "M" + svg_number(x - s) + " " + svg_number(y - s) + "L" +
                          svg_number(x + s) + " " + svg_number(y + s) + "M" + svg_number(x - s) +
                          " " + svg_number(y + s) + "L" + svg_number(x + s) + " " +
                          svg_number(y - s);
    w.open("path", {{"class", "point " + kind},
                    {"data-x", svg_number(x)},
                    {"data-y", svg_number(y)},
                    {"d", d}});
  }
  w.element("title", {}, tooltip);
  w.close();
}

void write_series(XmlWriter& w, const BenchmarkPlan& plan, std::size_t s,
                  const std::vector<const ReportPoint*>& points, const Scale& xs, const Scale& ys,
                  ChartMetric metric) {
  const Series& series = plan.series[s];
  w.open("g", {{"class", "series"},
               {"data-series", series.label},
               {"stroke", series_color(series)},
               {"fill", series_color(series)}});
  // The line joins consecutive measured points; a missing or failed one breaks it.
  std::vector<std::string> segments(1);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double v = points[i] != nullptr ? metric_value(*points[i], metric) : 0;
    if (v > 0) {
      std::string& segment = segments.back();
      segment += (segment.empty() ? "" : " ") + svg_number(xs(plan.x.positions[i])) + "," +
                 svg_number(ys(v));
    } else if (!segments.back().empty()) {
      segments.emplace_back();
    }
  }
  for (const std::string& segment : segments) {
    if (segment.find(' ') == std::string::npos) continue;  // a lone point needs no line
    w.element("polyline", {{"class", "line"},
                           {"points", segment},
                           {"fill", "none"},
                           {"stroke-dasharray", series_dash(series)}});
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i] == nullptr) continue;
    const double v = metric_value(*points[i], metric);
    const double x = xs(plan.x.positions[i]);
    write_marker(w, plan, series, *points[i], x, v > 0 ? ys(v) : kPlotBottom - 5, v > 0);
  }
  w.close();
}

}  // namespace

std::vector<Tick> log_ticks(double lo, double hi) {
  std::vector<Tick> ticks;
  const int first = static_cast<int>(std::floor(std::log10(lo)));
  const int last = static_cast<int>(std::ceil(std::log10(hi)));
  const bool fine = std::log10(hi / lo) < 2;
  for (int e = first; e <= last; ++e) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1 && !fine) continue;
      const double value = round_significant(m * std::pow(10.0, e), 6);
      if (value >= lo && value <= hi) ticks.push_back({value, exact_number(value)});
    }
  }
  return ticks;
}

std::vector<Tick> linear_ticks(double hi) {
  const double raw = hi / 5;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  double step = decade * 10;
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * decade >= raw) {
      step = m * decade;
      break;
    }
  }
  std::vector<Tick> ticks;
  for (int i = 0;; ++i) {
    const double value = round_significant(i * step, 6);
    ticks.push_back({value, exact_number(value)});
    if (value >= hi) break;
  }
  return ticks;
}

std::string point_tooltip(const BenchmarkPlan& plan, const Series& series,
                          const ReportPoint& point) {
  std::string text = plan.name;
  const std::string label = case_label(plan.param_names, point.params);
  if (!label.empty()) text += " " + label;
  text += "\n" + series.label;
  if (!point.measured())
    return text + "\n" + (point.reason().empty() ? point.status() : point.reason());
  text += "\n" + format_sig3(point.entry.real_time_us) + " us, noise " +
          format_percent(point.entry.noise) + ", " +
          count_of(static_cast<long long>(point.entry.samples), "sample");
  if (point.entry.bandwidth_gbps > 0) {
    text += "\n" + format_sig3(point.entry.bandwidth_gbps) + " GB/s";
    const double peak = plan.runs[series.run]->context.peak_copy_gbps;
    if (peak > 0)
      text += " (" + format_percent(point.entry.bandwidth_gbps / peak) + " of copy peak)";
  }
  if (!point.entry.flags.empty()) text += "\nflags " + point.entry.flags;
  if (point.noisy()) text += " (noisy: stopped by the timeout above the noise target)";
  return text;
}

std::string format_percent(double fraction) { return format_sig3(fraction * 100) + "%"; }

std::string series_color(const Series& series) {
  // Tableau 10: distinct for the common kinds of colour blindness, and readable on white.
  static const char* const palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2",
                                        "#edc948", "#ff9da7", "#9c755f", "#e15759", "#bab0ac"};
  return palette[series.color % std::size(palette)];
}

std::string series_dash(const Series& series) {
  static const char* const dashes[] = {"", "7 4", "2 3", "9 3 2 3"};
  return dashes[series.run % std::size(dashes)];
}

void write_chart(XmlWriter& w, const BenchmarkPlan& plan, const ChartData& chart,
                 ChartMetric metric) {
  const bool latency = metric == ChartMetric::latency;
  std::vector<Tick> y_ticks;
  const Scale ys = y_scale(plan, chart, metric, y_ticks);
  const Scale xs = x_scale(plan.x);
  w.open("svg", {{"class", latency ? "chart latency" : "chart bandwidth"},
                 {"xmlns", "http://www.w3.org/2000/svg"},
                 {"width", svg_number(G::width)},
                 {"height", svg_number(G::height)},
                 {"viewBox", "0 0 " + svg_number(G::width) + " " + svg_number(G::height)},
                 {"role", "img"}});
  w.element("text", {{"class", "chart-title"}, {"x", svg_number(G::left)}, {"y", "16"}},
            chart.label.empty() ? plan.name : chart.label);
  write_axes(w, plan.x, xs, ys, y_ticks, metric);
  if (!latency) write_peaks(w, plan, ys);
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    write_series(w, plan, s, chart.points[s], xs, ys, metric);
  }
  w.close();
}

}  // namespace jitbench::detail
