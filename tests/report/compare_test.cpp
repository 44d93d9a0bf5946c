// --compare verdicts on hand-made pairs, and reading results files of every shape.
#include <jitbench/compare.hpp>
#include <jitbench/results.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace jitbench::detail {
namespace {

StoredResult measured(const std::string& name, double time_us, double noise) {
  return {name, true, "ok", time_us * 1e-6, noise};
}

StoredResult not_measured(const std::string& name, const std::string& why) {
  return {name, false, why, 0, 0};
}

TEST(Compare, ChangeInsideTheNoiseIsSame) {
  // 1% noise on both sides: bound 3 * sqrt(2) * 1% = 4.24%.
  double bound = 0;
  EXPECT_EQ(Verdict::same, judge(10e-6, 0.01, 10.4e-6, 0.01, {}, &bound));
  EXPECT_NEAR(0.0424264, bound, 1e-6);
  EXPECT_EQ(Verdict::same, judge(10e-6, 0.01, 9.6e-6, 0.01, {}));
}

TEST(Compare, ChangeBeyondTheNoiseIsFasterOrSlower) {
  EXPECT_EQ(Verdict::slower, judge(10e-6, 0.01, 10.5e-6, 0.01, {}));
  EXPECT_EQ(Verdict::faster, judge(10e-6, 0.01, 9.5e-6, 0.01, {}));
}

TEST(Compare, QuietRunsUseTheFloor) {
  double bound = 0;
  EXPECT_EQ(Verdict::same, judge(100e-6, 0.0001, 100.6e-6, 0.0001, {}, &bound));
  EXPECT_EQ(0.01, bound);
  EXPECT_EQ(Verdict::slower, judge(100e-6, 0.0001, 101.1e-6, 0.0001, {}));
  EXPECT_EQ(Verdict::faster, judge(100e-6, 0, 98.9e-6, 0, {}));  // Google Benchmark: no noise
}

TEST(Compare, NoisyOldRunWidensTheBound) {
  EXPECT_EQ(Verdict::same, judge(10e-6, 0.05, 11e-6, 0.001, {}));
  EXPECT_EQ(Verdict::slower, judge(10e-6, 0.05, 20e-6, 0.001, {}));
}

TEST(Compare, MatchesByNameAndListsMissingOnEitherSide) {
  const std::vector<StoredResult> old = {
      measured("b/n=1/x", 10, 0.001), measured("b/n=2/x", 20, 0.001),
      measured("b/n=3/x", 30, 0.001), not_measured("b/n=4/x", "OOM")};
  const std::vector<StoredResult> now = {
      measured("b/n=5/x", 50, 0.001), measured("b/n=2/x", 10, 0.001),
      measured("b/n=1/x", 10.01, 0.001), measured("b/n=4/x", 40, 0.001)};
  const auto c = compare_results(old, now);
  ASSERT_EQ(5u, c.size());
  EXPECT_EQ("b/n=5/x", c[0].name);
  EXPECT_EQ(Verdict::only_new, c[0].verdict);
  EXPECT_EQ(Verdict::faster, c[1].verdict);
  EXPECT_DOUBLE_EQ(0.5, c[1].ratio);
  EXPECT_EQ(Verdict::same, c[2].verdict);
  EXPECT_EQ(Verdict::not_measured, c[3].verdict);
  EXPECT_EQ("old: OOM", c[3].note);
  EXPECT_EQ("b/n=3/x", c[4].name);
  EXPECT_EQ(Verdict::only_old, c[4].verdict);

  const CompareSummary s = summarize(c);
  EXPECT_EQ(1u, s.same);
  EXPECT_EQ(1u, s.faster);
  EXPECT_EQ(0u, s.slower);
  EXPECT_EQ(1u, s.only_new);
  EXPECT_EQ(1u, s.only_old);
  EXPECT_EQ(1u, s.not_measured);
  EXPECT_EQ(2u, s.ratio_count);
  EXPECT_NEAR(std::sqrt(0.5 * 1.001), s.geomean_ratio, 1e-12);
}

TEST(Compare, RegressionsCountSlowerBeyondThePercent) {
  const auto c =
      compare_results({measured("a", 10, 0), measured("b", 10, 0), measured("c", 10, 0)},
                      {measured("a", 10.3, 0), measured("b", 11, 0), measured("c", 8, 0)});
  EXPECT_EQ(Verdict::slower, c[0].verdict);
  EXPECT_EQ(2u, regressions(c, 2).size());
  ASSERT_EQ(1u, regressions(c, 5).size());
  EXPECT_EQ("b", regressions(c, 5)[0]->name);
  EXPECT_TRUE(regressions(c, 10).empty());
}

TEST(Compare, WritesTableAndSummary) {
  const auto c = compare_results(
      {measured("copy/bytes=4096/copy", 1.12, 0.003),
       measured("copy/bytes=1073741824/copy", 501, 0.0005), measured("copy/bytes=8/copy", 1, 0)},
      {measured("copy/bytes=4096/copy", 1.125, 0.003),
       measured("copy/bytes=1073741824/copy", 530, 0.0005),
       not_measured("copy/bytes=8/copy", "error: boom")});
  std::ostringstream out;
  write_comparison(out, c, "old.json");
  EXPECT_EQ(
      "\ncompare with old.json: new/old of the median; a change counts beyond the bound set by "
      "both runs' noise\n"
      "name                        old [us]  new [us]  new/old  bound  verdict\n"
      "copy/bytes=4096/copy            1.12      1.12    1.004  1.27%  same\n"
      "copy/bytes=1073741824/copy       501       530    1.058  1.00%  slower\n"
      "copy/bytes=8/copy               1.00         -        -      -  not measured (new: "
      "error: boom)\n"
      "summary: 1 same, 0 faster, 1 slower, 0 only in new, 0 only in old, 1 not measured; "
      "geomean new/old 1.031 over 2 cases\n",
      out.str());
}

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
  const StoredRun run = read_results(text, "gb.json");
  ASSERT_EQ(2u, run.results.size());
  EXPECT_EQ("BM_x/8", run.results[0].name);
  EXPECT_DOUBLE_EQ(1.5e-6, run.results[0].time_s);
  EXPECT_EQ(0, run.results[0].noise);
  EXPECT_TRUE(run.results[0].measured);
  EXPECT_FALSE(run.results[1].measured);
  EXPECT_EQ("bad", run.results[1].status);
}

TEST(ReadResults, JsonLinesOfAnUnfinishedRunWithATornLastLine) {
  const std::string text =
      "{\"context\":{\"date\":\"d\"}}\n"
      "{\"name\":\"b/n=1/x\",\"real_time\":2,\"time_unit\":\"us\",\"noise\":0.01}\n"
      "\n"
      "{\"name\":\"b/n=2/x\",\"real_time\":3,\"time_unit\":\"us\"}\n"
      "{\"name\":\"b/n=3/x\",\"real_ti";
  const StoredRun run = read_results(text, "run.json");
  EXPECT_FALSE(run.complete);
  EXPECT_EQ("d", run.context.at("date").string());
  ASSERT_EQ(2u, run.results.size());
  EXPECT_DOUBLE_EQ(2e-6, run.results[0].time_s);
  EXPECT_EQ(0.01, run.results[0].noise);
  EXPECT_EQ("b/n=2/x", run.results[1].name);
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
  EXPECT_EQ("old.json:3:1: unexpected end of input: expected ',' or '}'",
            read_error("{\"benchmarks\": [],\n \"context\": {}\n"));
  EXPECT_EQ("old.json: not a results file: no \"benchmarks\" array", read_error("[1, 2]"));
  EXPECT_EQ("old.json:3:25: expected ':' after member name \"real_time\"",
            read_error("{\"context\":{}}\n{\"name\":\"a\",\"real_time\":1}\n"
                       "{\"name\":\"b\",\"real_time\" x}\n{\"name\":\"c\",\"real_time\":1}\n"));
  EXPECT_EQ("old.json: benchmark 0: missing member \"name\"",
            read_error(R"({"benchmarks": [{"real_time": 1}]})"));
  EXPECT_EQ("old.json: benchmark 0: \"a\": expected a JSON number, found a string",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": "1"}]})"));
  EXPECT_EQ("old.json: benchmark 0: \"a\": unknown time_unit \"h\"",
            read_error(R"({"benchmarks": [{"name": "a", "real_time": 1, "time_unit": "h"}]})"));
}

TEST(ReadResults, MissingFile) {
  try {
    load_results_file("/nonexistent/old.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ("/nonexistent/old.json: cannot open for reading", e.what());
  }
}

}  // namespace
}  // namespace jitbench::detail
