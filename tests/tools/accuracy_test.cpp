#include "accuracy.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace jitbench::accuracy {
namespace {

detail::JsonValue run(double median_us, double kernel_us, double wall_s) {
  detail::JsonValue check = detail::JsonValue::object();
  check.set("kernel_time_us", kernel_us);
  detail::JsonValue entry = detail::JsonValue::object();
  entry.set("name", "copy/size=1GiB/kernel")
      .set("status", "ok")
      .set("median", median_us)
      .set("case_wall_time_s", wall_s)
      .set("timing_check", check);
  detail::JsonValue doc = detail::JsonValue::object();
  doc.set("benchmarks", detail::JsonValue::array().push(entry));
  return doc;
}

TEST(Accuracy, FiveRunsReduceToOneRow) {
  const auto rows = accuracy_rows({run(500, 495, 0.2), run(502, 495, 0.3), run(498, 495, 0.2),
                                   run(500, 495, 0.25), run(500, 495, 0.2)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].runs, 5);
  EXPECT_DOUBLE_EQ(rows[0].median_us, 500);
  EXPECT_NEAR(rows[0].ratio, 500.0 / 495, 1e-12);
  EXPECT_DOUBLE_EQ(rows[0].wall_s, 0.2);
  EXPECT_NEAR(rows[0].cv, 1.4142135623730951 / 500, 1e-9);  // stddev sqrt(2) over 5 runs
  EXPECT_TRUE(rows[0].within_bounds);
}

TEST(Accuracy, BoundsAreRelativeAboveFiveMicrosecondsAbsoluteBelow) {
  EXPECT_FALSE(accuracy_rows({run(520, 495, 0.2)})[0].within_bounds);  // 5% off
  EXPECT_TRUE(accuracy_rows({run(1.4, 1.0, 0.2)})[0].within_bounds);   // 0.4 us off
  EXPECT_FALSE(accuracy_rows({run(1.6, 1.0, 0.2)})[0].within_bounds);  // 0.6 us off
  EXPECT_FALSE(accuracy_rows({run(1.0, 1.0, 0.2), run(1.1, 1.0, 0.2)})[0].within_bounds);  // CV
}

TEST(Accuracy, RunsWithoutVerifyTimingAreAnError) {
  detail::JsonValue doc = run(1, 1, 1);
  detail::JsonValue entry = doc.at("benchmarks").at(0);
  entry.set("timing_check", nullptr);
  detail::JsonValue bare = detail::JsonValue::object();
  bare.set("benchmarks", detail::JsonValue::array().push(entry));
  EXPECT_THROW(accuracy_rows({bare}), std::runtime_error);
}

TEST(Accuracy, TableHasOneLineARow) {
  std::ostringstream out;
  write_accuracy_table(out, accuracy_rows({run(500, 495, 0.2)}));
  EXPECT_EQ(out.str(),
            "| workload | runs | jitbench median [us] | CUPTI kernel [us] | ratio | CV over runs "
            "| wall a case [s] | within bounds |\n"
            "|---|---:|---:|---:|---:|---:|---:|---|\n"
            "| copy/size=1GiB/kernel | 1 | 500.000 | 495.000 | 1.010 | 0.00% | 0.20 | yes |\n");
}

}  // namespace
}  // namespace jitbench::accuracy
