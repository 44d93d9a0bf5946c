#include "shard.hpp"

#include <algorithm>
#include <numeric>

namespace jitbench::detail {

std::vector<std::size_t> shard_positions(const std::vector<double>& costs, const Shard& shard) {
  std::vector<std::size_t> order(costs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return costs[a] > costs[b]; });
  std::vector<double> load(static_cast<std::size_t>(shard.count), 0.0);
  std::vector<std::size_t> mine;
  for (std::size_t position : order) {
    const auto lightest =
        static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[lightest] += costs[position];
    if (static_cast<int>(lightest) + 1 == shard.index) mine.push_back(position);
  }
  std::sort(mine.begin(), mine.end());
  return mine;
}

double case_cost(const CaseSpec& spec) {
  if (!spec.skip_reason.empty()) return 0;
  constexpr double setup = 1.0;  // about what a case of 1 GiB a call adds in sampling
  return setup + (bytes_read(spec) + bytes_written(spec)) / double(1ull << 30);
}

}  // namespace jitbench::detail
