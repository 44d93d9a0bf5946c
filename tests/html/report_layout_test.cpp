#include "html/report_layout.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace jitbench::detail {
namespace {

TEST(NumericParam, NumbersAndBinaryUnits) {
  EXPECT_EQ(numeric_param("4096"), 4096);
  EXPECT_EQ(numeric_param("1.5"), 1.5);
  EXPECT_EQ(numeric_param("4KiB"), 4096);
  EXPECT_EQ(numeric_param("1 GiB"), 1073741824.0);
  EXPECT_EQ(numeric_param("bf16"), std::nullopt);
  EXPECT_EQ(numeric_param("4 apples"), std::nullopt);
  EXPECT_EQ(numeric_param(""), std::nullopt);
}

TEST(PlanReport, DefaultXIsTheParamWithTheMostValues) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("grid.json"))};
  const auto plans = plan_report(runs, {});
  ASSERT_EQ(plans.size(), 1u);
  const BenchmarkPlan& plan = plans[0];
  EXPECT_EQ(plan.x.param, "batch");
  EXPECT_EQ(plan.x.scale, XScale::log2);
  EXPECT_EQ(plan.x.values.size(), 8u);
  EXPECT_EQ(plan.x.positions.front(), 0);
  EXPECT_EQ(plan.x.positions.back(), 7);
  ASSERT_EQ(plan.charts.size(), 14u);  // 2 dtypes x 7 head counts
  EXPECT_EQ(plan.charts[0].label, "dtype=bf16 heads=1");
  ASSERT_EQ(plan.series.size(), 2u);
  EXPECT_EQ(plan.series[0].label, "fast");
}

TEST(PlanReport, XFromOptionsNonPowersOfTwoAreLinear) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("grid.json"))};
  ReportOptions options;
  options.x_param = "heads";
  const BenchmarkPlan plan = plan_report(runs, options).at(0);
  EXPECT_EQ(plan.x.scale, XScale::linear);
  EXPECT_EQ(plan.x.values, (std::vector<std::string>{"1", "3", "5", "7", "9", "11", "13"}));
  EXPECT_EQ(plan.charts.size(), 16u);  // 8 batch sizes x 2 dtypes
}

TEST(PlanReport, CategoricalXKeepsTheGridOrder) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("grid.json"))};
  ReportOptions options;
  options.x_param = "dtype";
  const BenchmarkPlan plan = plan_report(runs, options).at(0);
  EXPECT_EQ(plan.x.scale, XScale::category);
  EXPECT_EQ(plan.x.values, (std::vector<std::string>{"bf16", "fp16"}));
}

TEST(PlanReport, UnknownXIsAnError) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("copy_cold.json"))};
  ReportOptions options;
  options.x_param = "batch";
  try {
    plan_report(runs, options);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "--x batch: benchmark 'copy_example' has no such param (its params: size)");
  }
}

// A report of several benchmarks: --x applies to those that have the param, the others keep
// their own x axis; a param that none has is still an error.
TEST(PlanReport, XAppliesToTheBenchmarksThatHaveIt) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("grid.json")),
                                       load_report_run(test::data_path("copy_cold.json"))};
  ReportOptions options;
  options.x_param = "dtype";
  const auto plans = plan_report(runs, options);
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].x.values, (std::vector<std::string>{"bf16", "fp16"}));
  EXPECT_EQ(plans[1].x.param, "size");
  options.x_param = "nope";
  try {
    plan_report(runs, options);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "--x nope: no benchmark of the report has that param");
  }
}

TEST(PlanReport, SeveralRunsOfABenchmarkShareCharts) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("copy_cold.json")),
                                       load_report_run(test::data_path("copy_warm.json"))};
  const auto plans = plan_report(runs, {});
  ASSERT_EQ(plans.size(), 1u);
  ASSERT_EQ(plans[0].series.size(), 4u);
  EXPECT_EQ(plans[0].series[0].label, "kernel (copy_cold)");
  EXPECT_EQ(plans[0].series[3].label, "memcpy (copy_warm)");
  EXPECT_EQ(plans[0].series[3].color, 1u);  // the impl's colour in every run
  EXPECT_EQ(plans[0].series[3].run, 1u);
  ASSERT_EQ(plans[0].charts.size(), 1u);
  EXPECT_EQ(plans[0].charts[0].label, "");
}

TEST(PlanReport, DifferentBenchmarksGetTheirOwnPlans) {
  const std::vector<ReportRun> runs = {load_report_run(test::data_path("copy_cold.json")),
                                       load_report_run(test::data_path("grid.json"))};
  const auto plans = plan_report(runs, {});
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].name, "copy_example");
  EXPECT_EQ(plans[1].name, "toy");
}

}  // namespace
}  // namespace jitbench::detail
