#include <jitbench/statistics.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace jitbench {
namespace {

TEST(Statistics, SummaryOfHandComputedVector) {
  // mean 5, deviations -3 -1 -1 1 1 1 3 ... as in the classic {2,4,4,4,5,5,7,9}.
  const Summary s = summarize({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(s.samples, 8u);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.median, 4.5);
  EXPECT_DOUBLE_EQ(s.min, 2.0);
  EXPECT_DOUBLE_EQ(s.max, 9.0);
  // Sum of squared deviations 32, n - 1 = 7.
  EXPECT_NEAR(s.stddev, std::sqrt(32.0 / 7.0), 1e-12);
  EXPECT_NEAR(s.cv, std::sqrt(32.0 / 7.0) / 5.0, 1e-12);
  EXPECT_NEAR(s.rse, std::sqrt(32.0 / 7.0) / 5.0 / std::sqrt(8.0), 1e-12);
}

TEST(Statistics, OrderOfSamplesDoesNotMatter) {
  const Summary a = summarize({3, 1, 2});
  const Summary b = summarize({1, 2, 3});
  EXPECT_DOUBLE_EQ(a.median, b.median);
  EXPECT_DOUBLE_EQ(a.stddev, b.stddev);
  EXPECT_DOUBLE_EQ(a.median, 2.0);
}

TEST(Statistics, SingleAndEmptySamples) {
  const Summary one = summarize({7});
  EXPECT_DOUBLE_EQ(one.median, 7.0);
  EXPECT_DOUBLE_EQ(one.stddev, 0.0);
  EXPECT_DOUBLE_EQ(one.rse, 0.0);
  const Summary none = summarize({});
  EXPECT_EQ(none.samples, 0u);
  EXPECT_DOUBLE_EQ(none.mean, 0.0);
}

TEST(Statistics, QuantileInterpolatesLinearlyBetweenRanks) {
  const std::vector<double> v = {10, 20, 30, 40, 50};
  EXPECT_DOUBLE_EQ(quantile(v, 0.0), 10.0);
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 50.0);
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 30.0);
  EXPECT_DOUBLE_EQ(quantile(v, 0.2), 18.0);  // position 0.8 between 10 and 20
  EXPECT_DOUBLE_EQ(quantile(v, 0.8), 42.0);  // position 3.2 between 40 and 50
  EXPECT_DOUBLE_EQ(quantile({40, 10, 30, 20}, 0.5), 25.0);
}

}  // namespace
}  // namespace jitbench
