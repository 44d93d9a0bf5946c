// The metric registry: the names a spec, --metrics and every output accept, their units and
// values.
#include <jitbench/metrics.hpp>
#include <jitbench/statistics.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace jitbench {
namespace {

double value_of(const std::string& name, std::vector<double> samples) {
  const std::optional<Metric> metric = find_metric(name);
  EXPECT_TRUE(metric.has_value()) << name;
  const Summary summary = summarize(samples);
  std::sort(samples.begin(), samples.end());
  return metric ? metric_value(*metric, summary, samples) : 0;
}

TEST(Metrics, NamedStatisticsAndQuantilesHaveTheirValues) {
  const std::vector<double> v = {1, 2, 3, 4, 100};
  EXPECT_DOUBLE_EQ(value_of("median", v), 3.0);
  EXPECT_DOUBLE_EQ(value_of("min", v), 1.0);
  EXPECT_DOUBLE_EQ(value_of("max", v), 100.0);
  EXPECT_DOUBLE_EQ(value_of("mean", v), 22.0);
  EXPECT_DOUBLE_EQ(value_of("cv", v), summarize(v).cv);
  EXPECT_DOUBLE_EQ(value_of("p25", v), 2.0);
  EXPECT_DOUBLE_EQ(value_of("p87.5", v), 52.0);
  EXPECT_DOUBLE_EQ(value_of("p0", v), 1.0);
  EXPECT_DOUBLE_EQ(value_of("p100", v), 100.0);
}

TEST(Metrics, QuantilesHaveOneNameEach) {
  for (const char* name : {"p0", "p5", "p50", "p99.9", "p99.99", "p100", "p0.5"}) {
    EXPECT_TRUE(find_metric(name)) << name;
  }
  for (const char* name : {"p", "p101", "p100.5", "p050", "p50.0", "p50.", "p.5", "p1e1", "p-1",
                           "p0x10", "p 5", "P50", "average", "", "median "}) {
    EXPECT_FALSE(find_metric(name)) << name;
  }
  EXPECT_DOUBLE_EQ(find_metric("p99.9")->quantile, 0.999);
}

TEST(Metrics, UnitsInFilesTablesAndCsv) {
  const Metric median = *find_metric("median");
  const Metric cv = *find_metric("cv");
  const Metric p99 = *find_metric("p99.9");
  EXPECT_DOUBLE_EQ(metric_in_file_unit(median, 2.5e-6), 2.5);  // [us]
  EXPECT_DOUBLE_EQ(metric_in_file_unit(cv, 0.01), 0.01);
  EXPECT_DOUBLE_EQ(metric_in_table_unit(cv, 0.01), 1.0);  // [%]
  EXPECT_EQ(metric_table_unit(median), "us");
  EXPECT_EQ(metric_table_unit(cv), "%");
  EXPECT_EQ(metric_csv_column(median), "median_us");
  EXPECT_EQ(metric_csv_column(p99), "p99.9_us");
  EXPECT_EQ(metric_csv_column(cv), "cv");
}

TEST(Metrics, TheListOutputsIterate) {
  std::vector<std::string> names;
  for (const Metric& m : named_metrics()) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"median", "mean", "min", "max", "stddev", "cv"}));
  EXPECT_EQ(metric_names_text(),
            "median, mean, min, max, stddev, cv and pNN (p0 to p100, such as p20 or p99.9)");
}

}  // namespace
}  // namespace jitbench
