#include "html/chart_svg.hpp"
#include "html/xml_writer.hpp"
#include "model/figures.hpp"
#include <jitbench/build_info.hpp>
#include <jitbench/format.hpp>
#include <jitbench/html_report.hpp>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <sstream>

namespace jitbench {

namespace {

using namespace detail;  // the page is drawn with the private parts of the report

// No '<' or '&' in here: XmlWriter::raw writes it as it is.
constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 24px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; }
.doc, .runs { color: #444; } .runs { font-size: 13px; padding-left: 18px; }
code { font-size: 12px; background: #f4f4f4; padding: 0 3px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; margin: 8px 0; }
.legend svg { vertical-align: middle; margin-right: 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.panel { margin: 0; padding: 6px; border: 1px solid #e4e4e4; border-radius: 4px; }
.panel-charts { display: flex; flex-wrap: wrap; gap: 6px; }
.notes { font-size: 12px; margin: 4px 0 0; padding-left: 18px; max-width: 760px; }
.notes .failed { color: #b00; } .notes .skipped { color: #777; } .notes .noisy { color: #8a6d00; }
svg text { font: 11px sans-serif; fill: #333; }
svg .chart-title { font-weight: bold; }
svg .tick-label.y { text-anchor: end; }
svg .tick-label.x, svg .axis-title { text-anchor: middle; }
svg .plot { fill: #fff; stroke: #bbb; }
svg .grid { stroke: #ececec; } svg .tick { stroke: #999; }
svg .peak-line { stroke: #555; stroke-dasharray: 5 3; } svg .peak-label { fill: #555; }
svg .line { stroke-width: 1.8; }
svg .point.noisy { fill: #fff; stroke-width: 1.5; }
svg .point.failed { stroke: #c00; stroke-width: 2; } svg .point.skipped { stroke: #999; stroke-width: 2; }
details { margin: 10px 0; } summary { cursor: pointer; color: #245; }
table { border-collapse: collapse; font-size: 12px; margin: 6px 0 18px; }
th, td { border: 1px solid #ddd; padding: 2px 7px; text-align: right; white-space: nowrap; }
th { background: #f3f3f3; } td.param { text-align: left; }
td.failed { color: #b00; text-align: left; } td.skipped { color: #777; text-align: left; }
pre { font-size: 12px; background: #f7f7f7; padding: 8px; overflow-x: auto; }
)";

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

std::string anchor(const std::string& name) {
  std::string id = "bench-";
  for (char c : name) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return id;
}

void write_runs(XmlWriter& w, const BenchmarkPlan& plan) {
  w.open("ul", {{"class", "runs"}});
  for (const ReportRun* run : plan.runs) {
    std::vector<std::string> facts;
    if (!run->context.device_name.empty()) facts.push_back(run->context.device_name);
    if (!run->context.date.empty()) facts.push_back(run->context.date);
    if (!run->context.l2_mode.empty()) facts.push_back("L2 " + run->context.l2_mode);
    if (run->context.peak_copy_gbps > 0) {
      facts.push_back("measured copy peak " + format_sig3(run->context.peak_copy_gbps) + " GB/s");
    }
    const std::string built =
        build_summary(run->context.cuda_architectures, run->context.build_type);
    if (!built.empty()) facts.push_back(built);
    if (!run->context.jitbench_version.empty())
      facts.push_back("jitbench " + run->context.jitbench_version);
    w.open("li").text(run->label + ": " + join(facts, ", "));
    if (!run->context.command_line.empty()) w.element("code", {}, run->context.command_line);
    w.close();
  }
  w.close();
}

// A legend sample: the series' line and marker, or a marker kind alone.
void write_key(XmlWriter& w, const std::string& label, const std::string& color,
               const std::string& dash, const std::string& marker_class) {
  w.open("span", {{"class", "key"}});
  w.open("svg", {{"width", "30"}, {"height", "12"}, {"viewBox", "0 0 30 12"}});
  w.open("g", {{"stroke", color}, {"fill", color}});
  if (marker_class.empty()) {
    w.element("line", {{"class", "line"},
                       {"x1", "1"},
                       {"x2", "29"},
                       {"y1", "6"},
                       {"y2", "6"},
                       {"stroke-dasharray", dash}});
    w.element("circle", {{"class", "point ok"}, {"cx", "15"}, {"cy", "6"}, {"r", "3.2"}});
  } else if (marker_class == "noisy") {
    w.element("circle", {{"class", "point noisy"}, {"cx", "15"}, {"cy", "6"}, {"r", "3.2"}});
  } else {
    w.element("path",
              {{"class", "point " + marker_class}, {"d", "M11.5 2.5L18.5 9.5M11.5 9.5L18.5 2.5"}});
  }
  w.close().close();
  w.text(label);
  w.close();
}

void write_legend(XmlWriter& w, const BenchmarkPlan& plan) {
  w.open("div", {{"class", "legend"}});
  for (const Series& series : plan.series) {
    write_key(w, series.label, series_color(series), series_dash(series), "");
  }
  write_key(w, "noisy", "#555", "", "noisy");
  write_key(w, "failed", "#555", "", "failed");
  write_key(w, "skipped", "#555", "", "skipped");
  w.close();
}

// What the markers cannot say: each failed, skipped or noisy point of the chart, in words.
void write_notes(XmlWriter& w, const BenchmarkPlan& plan, const ChartData& chart) {
  std::vector<std::pair<std::string, std::string>> notes;  // class, text
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    for (std::size_t i = 0; i < chart.points[s].size(); ++i) {
      const ReportPoint* point = chart.points[s][i];
      if (point == nullptr || (point->measured() && !point->noisy())) continue;
      const std::string where =
          plan.series[s].label +
          (plan.x.param.empty() ? "" : " at " + plan.x.param + "=" + plan.x.values[i]);
      if (!point->measured()) {
        notes.emplace_back(
            point->status() == "skipped" ? "skipped" : "failed",
            where + ": " + (point->reason().empty() ? point->status() : point->reason()));
      } else {
        notes.emplace_back(
            "noisy", where + ": noisy, " + format_percent(point->entry.noise) + " noise after " +
                         count_of(static_cast<long long>(point->entry.samples), "sample"));
      }
    }
  }
  if (notes.empty()) return;
  w.open("ul", {{"class", "notes"}});
  for (const auto& [kind, text] : notes) w.element("li", {{"class", kind}}, text);
  w.close();
}

// A benchmark that declares no memory traffic has no bandwidth: `both` then draws latency only.
bool has_bandwidth(const BenchmarkPlan& plan) {
  for (const ReportRun* run : plan.runs) {
    for (const ReportPoint& point : run->points) {
      if (point.measured() && point.entry.bandwidth_gbps > 0) return true;
    }
  }
  return false;
}

void write_panel(XmlWriter& w, const BenchmarkPlan& plan, const ChartData& chart, YAxis y) {
  w.open("figure", {{"class", "panel"}});
  w.open("div", {{"class", "panel-charts"}});
  if (y != YAxis::bandwidth) write_chart(w, plan, chart, ChartMetric::latency);
  if (y == YAxis::bandwidth || (y == YAxis::both && has_bandwidth(plan))) {
    write_chart(w, plan, chart, ChartMetric::bandwidth);
  }
  w.close();
  write_notes(w, plan, chart);
  w.close();
}

// One run's results as a table: params, then each impl's latency and bandwidth, then each impl's
// speedup against the reference, then the flags; a row a case.
void write_table(XmlWriter& w, const ReportRun& run) {
  std::vector<std::vector<std::string>> cases;
  std::vector<std::vector<const ReportPoint*>> cells;  // [case][impl]
  for (const ReportPoint& point : run.points) {
    auto it = std::find(cases.begin(), cases.end(), point.params);
    if (it == cases.end()) {
      cases.push_back(point.params);
      cells.emplace_back(run.impl_names.size());
      it = cases.end() - 1;
    }
    const auto impl = std::find(run.impl_names.begin(), run.impl_names.end(), point.entry.impl);
    cells[static_cast<std::size_t>(it - cases.begin())]
         [static_cast<std::size_t>(impl - run.impl_names.begin())] = &point;
  }
  const auto ref = std::find(run.impl_names.begin(), run.impl_names.end(), run.context.reference);
  const bool has_ref = ref != run.impl_names.end() && run.impl_names.size() > 1;
  const std::size_t ref_index = static_cast<std::size_t>(ref - run.impl_names.begin());

  w.open("details",
         cases.size() <= 40 ? XmlWriter::Attributes{{"open", "open"}} : XmlWriter::Attributes{});
  w.element("summary", {},
            "Table: " + run.label + ", " + std::to_string(cases.size()) +
                (cases.size() == 1 ? " case" : " cases"));
  w.open("table").open("tr");
  for (const std::string& name : run.param_names) w.element("th", {}, name);
  for (const std::string& impl : run.impl_names) w.element("th", {}, impl + " [us]");
  for (const std::string& impl : run.impl_names) w.element("th", {}, impl + " [GB/s]");
  for (std::size_t i = 0; has_ref && i < run.impl_names.size(); ++i) {
    if (i != ref_index) w.element("th", {}, run.impl_names[i] + " vs " + run.context.reference);
  }
  w.element("th", {}, "flags");
  w.close();
  for (std::size_t c = 0; c < cases.size(); ++c) {
    w.open("tr");
    for (const std::string& value : cases[c]) w.element("td", {{"class", "param"}}, value);
    for (const ReportPoint* point : cells[c]) {
      if (point == nullptr) {
        w.element("td", {}, "-");
      } else if (!point->measured()) {
        w.element("td", {{"class", point->status() == "skipped" ? "skipped" : "failed"}},
                  point->reason().empty() ? point->status() : point->reason());
      } else {
        w.element("td", {}, format_sig3(point->entry.real_time_us));
      }
    }
    for (const ReportPoint* point : cells[c]) {
      const bool shown = point != nullptr && point->measured() && point->entry.bandwidth_gbps > 0;
      w.element("td", {}, shown ? format_sig3(point->entry.bandwidth_gbps) : "-");
    }
    const ReportPoint* reference = has_ref ? cells[c][ref_index] : nullptr;
    for (std::size_t i = 0; has_ref && i < cells[c].size(); ++i) {
      if (i == ref_index) continue;
      const ReportPoint* point = cells[c][i];
      const bool both =
          point != nullptr && reference != nullptr && point->measured() && reference->measured();
      w.element("td", {},
                both ? format_sig3(reference->entry.real_time_us / point->entry.real_time_us) + "x"
                     : "-");
    }
    std::vector<std::string> flags;
    for (const ReportPoint* point : cells[c]) {
      if (point != nullptr && !point->entry.flags.empty())
        flags.push_back(point->entry.impl + ":" + point->entry.flags);
    }
    w.element("td", {{"class", "param"}}, join(flags, " "));
    w.close();
  }
  w.close().close();
}

void write_benchmark(XmlWriter& w, const BenchmarkPlan& plan, const ReportOptions& options) {
  w.open("section", {{"class", "benchmark"}, {"id", anchor(plan.name)}});
  w.element("h2", {}, plan.name);
  const std::string& doc = plan.runs.front()->context.doc;
  if (!doc.empty()) w.element("p", {{"class", "doc"}}, doc);
  write_runs(w, plan);
  write_legend(w, plan);
  const std::size_t shown =
      std::min(plan.charts.size(), std::max<std::size_t>(options.max_charts, 1));
  w.open("div", {{"class", "charts"}});
  for (std::size_t c = 0; c < shown; ++c) write_panel(w, plan, plan.charts[c], options.y);
  w.close();
  if (shown < plan.charts.size()) {
    const std::size_t rest = plan.charts.size() - shown;
    w.open("details", {{"class", "folded"}});
    w.element("summary", {},
              std::to_string(rest) + " more " + (rest == 1 ? "combination" : "combinations"));
    w.open("ul", {{"class", "folded-list"}});
    for (std::size_t c = shown; c < plan.charts.size(); ++c) {
      w.open("li").open("details");
      w.element("summary", {}, plan.charts[c].label);
      write_panel(w, plan, plan.charts[c], options.y);
      w.close().close();
    }
    w.close().close();
  }
  for (const ReportRun* run : plan.runs) write_table(w, *run);
  w.close();
}

}  // namespace

void write_report_page(std::ostream& out, const std::vector<ReportRun>& runs,
                       const ReportOptions& options, const std::vector<Comparison>& comparisons) {
  const std::vector<BenchmarkPlan> plans = plan_report(runs, options);
  std::vector<std::string> names;
  for (const BenchmarkPlan& plan : plans) names.push_back(plan.name);
  const std::string title =
      "jitbench: " + (options.title.empty() ? join(names, ", ") : options.title);
  out << "<!DOCTYPE html>\n";
  XmlWriter w(out);
  w.open("html", {{"lang", "en"}}).open("head");
  w.element("meta", {{"charset", "utf-8"}});
  w.element("title", {}, title);
  w.open("style").raw(kStyle).close();
  w.close().open("body");
  w.element("h1", {}, title);
  if (plans.empty()) w.element("p", {}, "No results: no case was run.");
  if (plans.size() > 1) {
    w.open("ul", {{"class", "contents"}});
    for (const BenchmarkPlan& plan : plans) {
      w.open("li").element("a", {{"href", "#" + anchor(plan.name)}}, plan.name).close();
    }
    w.close();
  }
  for (const BenchmarkPlan& plan : plans) write_benchmark(w, plan, options);
  if (!comparisons.empty()) {
    std::ostringstream text;
    write_comparison(text, comparisons, "the earlier run");
    w.open("section", {{"class", "compare"}});
    w.element("h2", {}, "Compared with the earlier run (--compare)");
    w.element("pre", {}, text.str());
    w.close();
  }
  w.close().close();
}

}  // namespace jitbench
