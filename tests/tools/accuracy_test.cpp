#include "accuracy.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace jitbench::accuracy {
namespace {

// A run of one workload, as its results file reads back.
ResultsFile run(double median_us, double kernel_us, double wall_s) {
  ResultEntry entry;
  entry.name = "copy/size=1GiB/kernel";
  entry.real_time_us = median_us;
  entry.case_wall_time_s = wall_s;
  entry.timing_check = TimingCheckEntry{};
  entry.timing_check->kernel_time_us = kernel_us;
  ResultsFile file;
  file.source = "run.json";
  file.entries = {entry};
  return file;
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
  ResultsFile bare = run(1, 1, 1);
  bare.entries[0].timing_check.reset();
  try {
    accuracy_rows({bare});
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "run.json: copy/size=1GiB/kernel: not measured with --verify-timing");
  }
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
