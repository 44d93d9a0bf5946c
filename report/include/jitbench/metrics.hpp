#pragma once

#include <jitbench/statistics.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench {

// The latency metrics that a spec's `metrics:`, the --metrics flag and every output name alike:
// the named statistics of the samples, and pNN, a quantile (p20, p99.9). The generator checks a
// spec's names here, the command line its flag's, and the table, CSV and JSON take their columns
// from this list; a new statistic is one entry in metrics.cpp.
//
//   const std::optional<Metric> m = find_metric("p99.9");  // quantile 0.999, a time
//   double us = metric_in_file_unit(*m, metric_value(*m, summary, sorted_samples));

enum class MetricUnit {
  time,      // [s] in memory, [us] in files and tables
  fraction,  // a fraction in memory and files, [%] in tables
};

struct Metric {
  std::string name;
  MetricUnit unit = MetricUnit::time;
  double (*statistic)(const Summary&) = nullptr;  // a named statistic: from the summary
  double quantile = 0;                            // pNN: NN / 100
};

// The named statistics, in the order outputs list them: median, mean, min, max, stddev, cv.
const std::vector<Metric>& named_metrics();

// The metric called `name`: a named statistic, or pNN with NN from 0 to 100 written as a
// number is (p5, p50, p99.9; not p050, p50.0 or p1e1). nullopt for anything else.
std::optional<Metric> find_metric(std::string_view name);

// What find_metric accepts, for messages: "median, mean, min, max, stddev, cv and pNN (p0 to
// p100, such as p20 or p99.9)".
std::string metric_names_text();

// The value of `metric` for samples that `summary` summarises and `sorted` holds in ascending
// order (quantiles need them): [s] for a time, else a fraction.
double metric_value(const Metric& metric, const Summary& summary,
                    const std::vector<double>& sorted);

// A value as files hold it (a time in us) and as tables show it (a time in us, a fraction in %),
// and the unit's name there: "us", "%".
double metric_in_file_unit(const Metric& metric, double value);
double metric_in_table_unit(const Metric& metric, double file_value);
std::string_view metric_table_unit(const Metric& metric);
// The CSV column of a metric: "median_us", "p99.9_us", "cv".
std::string metric_csv_column(const Metric& metric);

}  // namespace jitbench
