#pragma once

#include <jitbench/html_report.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::detail {

// How the report arranges runs into charts: runs of the same benchmark are drawn together, one
// chart (a "small multiple") for each combination of the params other than the x axis, one
// series for each impl of each run.

enum class XScale { log2, linear, category };

struct XAxis {
  std::string param;  // empty when the benchmark has no params: every case is one x value
  std::size_t param_index = 0;
  XScale scale = XScale::category;
  std::vector<std::string> values;  // ascending for numbers, else in the order first seen
  std::vector<double> positions;    // log2(v), v or the index: where each value is drawn
};

struct Series {
  std::string impl;
  std::size_t run = 0;    // index into BenchmarkPlan::runs
  std::string label;      // "fused", or "fused (before)" when several runs are drawn
  std::size_t color = 0;  // the impl's index in the benchmark
};

struct ChartData {
  std::string label;  // the other params, "head_dim=128 gqa=4"; empty when x is the only one
  // points[s][i]: series s at x value i; nullptr where that case is not in its run.
  std::vector<std::vector<const ReportPoint*>> points;
};

struct BenchmarkPlan {
  std::string name;
  std::vector<const ReportRun*> runs;
  std::vector<std::string> param_names;
  XAxis x;
  std::vector<Series> series;
  std::vector<ChartData> charts;  // in grid order
};

// Throws std::runtime_error when runs of one benchmark have different params, or when
// options.x_param is not a param of a benchmark. `runs` must outlive the plans.
std::vector<BenchmarkPlan> plan_report(const std::vector<ReportRun>& runs,
                                       const ReportOptions& options);

// A param value as a number: "4096", "1.5", "4KiB" (binary units B, KiB, MiB, GiB, TiB).
std::optional<double> numeric_param(std::string_view text);

}  // namespace jitbench::detail
