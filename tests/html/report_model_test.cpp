#include "test_support.hpp"
#include <jitbench/html_report.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

namespace jitbench::detail {
namespace {

std::string write_temp(const std::string& name, const std::string& contents) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

std::string load_error(const std::string& path) {
  try {
    load_report_run(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReportModel, ReadsTheCopyResults) {
  const ReportRun run = load_report_run(test::data_path("copy_cold.json"));
  EXPECT_EQ(run.label, "copy_cold");
  EXPECT_EQ(run.benchmark, "copy_example");
  EXPECT_EQ(run.context.device_name, "NVIDIA H200");
  EXPECT_DOUBLE_EQ(run.context.peak_copy_gbps, 4269.555003773162);
  EXPECT_EQ(run.context.cuda_architectures, "sm_90");
  EXPECT_EQ(run.context.build_type, "Release");
  EXPECT_EQ(run.param_names, std::vector<std::string>{"size"});
  EXPECT_EQ(run.impl_names, (std::vector<std::string>{"kernel", "memcpy"}));
  EXPECT_EQ(run.context.reference, "memcpy");
  ASSERT_EQ(run.points.size(), 20u);
  const ReportPoint& first = run.points.front();
  EXPECT_EQ(first.params, std::vector<std::string>{"4KiB"});
  EXPECT_EQ(first.entry.impl, "kernel");
  EXPECT_TRUE(first.measured());
  EXPECT_TRUE(first.noisy());
  EXPECT_DOUBLE_EQ(first.entry.real_time_us, 1.933906227350235);
  EXPECT_EQ(first.entry.samples, 5u);
  EXPECT_EQ(first.entry.flags, "NE");
}

TEST(ReportModel, FailedAndSkippedPointsKeepTheirReason) {
  const ReportRun run = load_report_run(test::data_path("grid.json"));
  std::size_t oom = 0, skipped = 0, mismatch = 0;
  for (const ReportPoint& p : run.points) {
    if (p.status() == "oom") {
      ++oom;
      EXPECT_EQ(p.reason(), "OOM");
    }
    if (p.status() == "skipped") {
      ++skipped;
      EXPECT_EQ(p.reason(), "skip: heads > batch * 8");
    }
    if (p.status() == "mismatch") ++mismatch;
    EXPECT_EQ(p.measured(), p.status() == "ok") << p.status();
  }
  EXPECT_EQ(oom, 7u);
  EXPECT_EQ(skipped, 2u);
  EXPECT_EQ(mismatch, 1u);
}

TEST(ReportModel, TimeUnitsAreConverted) {
  const ResultsFile file = read_results(
      R"({"benchmarks": [{"name": "b/n=1/x", "params": {"n": 1}, "impl": "x",
                          "real_time": 2500, "time_unit": "ns"}]})",
      "ns.json");
  const ReportRun run = report_run(file, "label");
  EXPECT_EQ(run.benchmark, "b");
  EXPECT_EQ(run.param_names, std::vector<std::string>{"n"});
  EXPECT_EQ(run.points.at(0).params, std::vector<std::string>{"1"});
  EXPECT_DOUBLE_EQ(run.points.at(0).entry.real_time_us, 2.5);
}

TEST(ReportModelErrors, EmptyFile) {
  const std::string path = write_temp("empty.json", " \n");
  EXPECT_EQ(load_error(path), path + ": empty file, expected a jitbench results JSON document");
}

TEST(ReportModelErrors, MalformedJsonNamesLineAndColumn) {
  const std::string path = write_temp("torn.json", "{\"benchmarks\": [\n  {\"name\": \"x\",\n");
  EXPECT_EQ(load_error(path).rfind(path + ":3:1: ", 0), 0u) << load_error(path);
}

TEST(ReportModelErrors, NoBenchmarksArray) {
  const std::string path = write_temp("nobench.json", R"({"results": []})");
  EXPECT_EQ(load_error(path), path + ": not a results file: no \"benchmarks\" array");
}

TEST(ReportModelErrors, ARunThatEndedBeforeItsFirstCase) {
  // What --out holds when the run stops before its first case: the context line alone.
  const std::string path = write_temp("context_only.json", "{\"context\":{\"benchmark\":\"b\"}}\n");
  EXPECT_EQ(load_error(path), path + ": no results: the run ended before its first case");
}

TEST(ReportModelErrors, EmptyBenchmarksArray) {
  const std::string path = write_temp("nocase.json", R"({"context": {}, "benchmarks": []})");
  EXPECT_EQ(load_error(path), path + ": no results: the \"benchmarks\" array is empty");
}

TEST(ReportModelErrors, EntryWithoutParams) {
  const std::string path = write_temp(
      "gbench.json", R"({"benchmarks": [{"name": "BM_x/8", "real_time": 1, "time_unit": "ns"}]})");
  EXPECT_EQ(load_error(path), path +
                                  ": benchmark 0: \"BM_x/8\": no \"impl\" (not a jitbench "
                                  "results file?)");
}

TEST(ReportModelErrors, MissingFile) {
  EXPECT_EQ(load_error("/nonexistent/x.json"), "/nonexistent/x.json: no such file");
}

}  // namespace
}  // namespace jitbench::detail
