// --shard i/n: every case in exactly one shard, the same on every run, balanced by cost.

#include "shard.hpp"

#include <jitbench/cli.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace jitbench::detail {
namespace {

// A grid like qknorm's: costs 1 + GiB a call, from a few bytes to about 1 GiB, some skipped.
std::vector<double> grid_costs() {
  std::vector<double> costs;
  for (int i = 0; i < 1120; ++i) {
    const double gib = (i % 14 < 13) ? double(1 << (i % 14)) / (1 << 13) : 0;
    costs.push_back(i % 37 == 0 ? 0.0 : 1.0 + gib);
  }
  return costs;
}

TEST(Shard, EveryCaseInExactlyOneShardInItsOrder) {
  const std::vector<double> costs = grid_costs();
  for (int n : {1, 2, 3, 8}) {
    std::vector<int> seen(costs.size(), 0);
    for (int i = 1; i <= n; ++i) {
      const std::vector<std::size_t> mine = shard_positions(costs, {i, n});
      EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
      for (std::size_t p : mine) ++seen[p];
    }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int k) { return k == 1; })) << n;
  }
}

TEST(Shard, TheSameOnEveryRun) {
  const std::vector<double> costs = grid_costs();
  EXPECT_EQ(shard_positions(costs, {3, 8}), shard_positions(costs, {3, 8}));
}

TEST(Shard, NoShardExceedsTheMeanByMoreThanTheCostliestCase) {
  const std::vector<double> costs = grid_costs();
  const double total = std::accumulate(costs.begin(), costs.end(), 0.0);
  const double costliest = *std::max_element(costs.begin(), costs.end());
  for (int n : {2, 4, 8}) {
    for (int i = 1; i <= n; ++i) {
      double load = 0;
      for (std::size_t p : shard_positions(costs, {i, n})) load += costs[p];
      EXPECT_LE(load, total / n + costliest) << "shard " << i << "/" << n;
      EXPECT_GE(load, total / n - costliest) << "shard " << i << "/" << n;
    }
  }
}

TEST(Shard, MoreShardsThanCasesLeavesSomeEmpty) {
  const std::vector<double> costs = {1, 2, 3};
  EXPECT_EQ(shard_positions(costs, {1, 5}), (std::vector<std::size_t>{2}));
  EXPECT_TRUE(shard_positions(costs, {5, 5}).empty());
}

TEST(Shard, TheFlagSaysIOfN) {
  EXPECT_EQ(parse_shard("2/4").index, 2);
  EXPECT_EQ(parse_shard("2/4").count, 4);
  for (const char* bad : {"0/4", "5/4", "2", "2/", "/4", "a/b", "-1/2", "2/4/8"}) {
    EXPECT_THROW(parse_shard(bad), UsageError) << bad;
  }
}

}  // namespace
}  // namespace jitbench::detail
