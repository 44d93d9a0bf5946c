// Verdicts of a comparison on hand-made pairs, and the table that shows them.
#include <jitbench/compare.hpp>
#include <jitbench/results.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace jitbench {
namespace {

ResultEntry measured(const std::string& name, double time_us, double noise) {
  ResultEntry e;
  e.name = name;
  e.real_time_us = time_us;
  e.noise = noise;
  return e;
}

ResultEntry not_measured(const std::string& name, const std::string& why) {
  ResultEntry e;
  e.name = name;
  e.status = ImplStatus::error;
  e.error_message = why;
  return e;
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
  const std::vector<ResultEntry> old = {
      measured("b/n=1/x", 10, 0.001), measured("b/n=2/x", 20, 0.001),
      measured("b/n=3/x", 30, 0.001), not_measured("b/n=4/x", "OOM")};
  const std::vector<ResultEntry> now = {
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

TEST(Compare, LostCasesAreTheOldRunsMeasuredCasesTheNewRunDidNotMeasure) {
  const auto c = compare_results(
      {measured("a", 10, 0), measured("b", 10, 0), not_measured("c", "OOM"), measured("d", 10, 0)},
      {measured("a", 10, 0), not_measured("b", "mismatch"), not_measured("c", "OOM")});
  // b failed in the new run; c failed in both (nothing lost); d is not in the new run.
  const auto failed = lost_cases(c, /*missing_counts=*/false);
  ASSERT_EQ(1u, failed.size());
  EXPECT_EQ("b", failed[0]->name);
  const auto all = lost_cases(c, /*missing_counts=*/true);
  ASSERT_EQ(2u, all.size());
  EXPECT_EQ("d", all[1]->name);
  EXPECT_EQ(
      "regression: 2 cases measured in the old run and not in the new one "
      "(--fail-on-regression)\n  b: new: mismatch\n  d: not in the new run\n",
      regression_report(c, 5, /*missing_counts=*/true));
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

}  // namespace
}  // namespace jitbench
