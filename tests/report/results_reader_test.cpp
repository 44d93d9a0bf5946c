// The one reader of results files: whole documents (ours, Google Benchmark's), the JSON lines of
// a run cut short, and the errors it reports.
#include <jitbench/results_reader.hpp>

#include <gtest/gtest.h>

#include <string>

namespace jitbench {
namespace {

TEST(ReadResults, GoogleBenchmarkFile) {
  const std::string text = R"({
    "context": {"date": "2026-01-01", "num_cpus": 8},
    "benchmarks": [
      {"name": "BM_x/8", "run_type": "iteration", "real_time": 1500, "cpu_time": 1400,
       "time_unit": "ns", "iterations": 1000},
      {"name": "BM_x/8_mean", "run_type": "aggregate", "real_time": 1500, "time_unit": "ns"},
      {"name": "BM_y", "error_occurred": true, "error_message": "bad", "real_time": 0,
       "time_unit": "ms"}
    ]})";
  const ResultsFile run = read_results(text, "gb.json");
  ASSERT_EQ(2u, run.entries.size());
  EXPECT_EQ("BM_x/8", run.entries[0].name);
  EXPECT_DOUBLE_EQ(1.5, run.entries[0].real_time_us);
  EXPECT_EQ(0, run.entries[0].noise);
  EXPECT_EQ(1000u, run.entries[0].samples);
  EXPECT_TRUE(run.entries[0].measured());
  EXPECT_FALSE(run.entries[1].measured());
  EXPECT_EQ(ImplStatus::error, run.entries[1].status);
  EXPECT_EQ("bad", run.entries[1].error_message);
  EXPECT_EQ(8, run.context.host.num_cpus);
}

TEST(ReadResults, JsonLinesOfAnUnfinishedRunWithATornLastLine) {
  const std::string text =
      "{\"context\":{\"date\":\"d\"}}\n"
      "{\"name\":\"b/n=1/x\",\"real_time\":2,\"time_unit\":\"us\",\"noise\":0.01}\n"
      "\n"
      "{\"name\":\"b/n=2/x\",\"real_time\":3,\"time_unit\":\"us\"}\n"
      "{\"name\":\"b/n=3/x\",\"real_ti";
  const ResultsFile run = read_results(text, "run.json");
  EXPECT_FALSE(run.complete);
  EXPECT_EQ("d", run.context.date);
  ASSERT_EQ(2u, run.entries.size());
  EXPECT_DOUBLE_EQ(2, run.entries[0].real_time_us);
  EXPECT_EQ(0.01, run.entries[0].noise);
  EXPECT_EQ("b/n=2/x", run.entries[1].name);
}

std::string read_error(const std::string& text) {
  try {
    read_results(text, "old.json");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadResults, ErrorsNameTheFileAndPosition) {
  EXPECT_EQ(
      "old.json:3:1: syntax error while parsing object - unexpected end of input; expected '}'",
      read_error("{\"benchmarks\": [],\n \"context\": {}\n"));
  EXPECT_EQ("old.json: not a results file: not a JSON object", read_error("[1, 2]"));
  EXPECT_EQ("old.json: not a results file: no \"benchmarks\" array", read_error("{\"x\": 1}"));
  EXPECT_EQ(
      "old.json:3:25: syntax error while parsing object separator - invalid literal; last read: "
      "'\"real_time\" x'; expected ':'",
      read_error("{\"context\":{}}\n{\"name\":\"a\",\"real_time\":1}\n"
                 "{\"name\":\"b\",\"real_time\" x}\n{\"name\":\"c\",\"real_time\":1}\n"));
  EXPECT_EQ("old.json: benchmark 0: no \"name\"",
            read_error(R"({"benchmarks": [{"real_time": 1}]})"));
  EXPECT_EQ("old.json: benchmark 0: \"a\": \"real_time\": not a number",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": "1"}]})"));
  EXPECT_EQ("old.json: benchmark 0: \"a\": unknown time_unit \"h\"",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": 1, "time_unit": "h"}]})"));
  EXPECT_EQ("old.json: benchmark 1: \"b\": \"noise\": type must be number, but is string",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": 1},
                                          {"name": "b", "real_time": 1, "noise": "x"}]})"));
  EXPECT_EQ("old.json: benchmark 0: \"a\": unknown status \"fine\"",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": 1, "status": "fine"}]})"));
  EXPECT_EQ("old.json: line 2: \"a\": \"real_time\": not a number",
            read_error("{\"context\":{}}\n{\"name\":\"a\",\"real_time\":null}\n"));
  EXPECT_EQ("old.json: context: \"param_names\": type must be array, but is string",
            read_error(R"({"context": {"param_names": "n"}, "benchmarks": []})"));
  EXPECT_EQ("old.json: empty file, expected a jitbench results JSON document", read_error(" \n"));
  EXPECT_EQ(
      "old.json: benchmark 0: \"a\": \"real_time\": not a positive time in an entry of "
      "status ok",
      read_error(R"({"benchmarks": [{"name": "a", "real_time": 0}]})"));
  EXPECT_EQ("old.json: benchmark 0: \"a\": \"noise\": negative",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": 1, "noise": -0.5}]})"));
  EXPECT_EQ(
      "old.json: not JSON, expected a jitbench results JSON document (--out FILE or --format json "
      "writes one)",
      read_error("benchmark,size,impl,status\ncopy,4096,kernel,ok\n"));
}

TEST(ReadResults, AFolderIsNotAFile) {
  const std::string folder = ::testing::TempDir();
  try {
    load_results(folder);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(folder + ": a folder, expected a jitbench results JSON file", e.what());
  }
}

TEST(ReadResults, TheContextLineAloneIsARunThatEndedBeforeItsFirstCase) {
  const ResultsFile run = read_results("{\"context\":{\"benchmark\":\"b\"}}\n", "run.json");
  EXPECT_FALSE(run.complete);
  EXPECT_EQ("b", run.context.benchmark);
  EXPECT_TRUE(run.entries.empty());
}

TEST(ReadResults, MissingFile) {
  try {
    load_results("/nonexistent/old.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ("/nonexistent/old.json: no such file", e.what());
  }
}

}  // namespace
}  // namespace jitbench
