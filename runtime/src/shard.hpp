#pragma once

#include <jitbench/benchmark.hpp>
#include <jitbench/settings.hpp>

#include <cstddef>
#include <vector>

namespace jitbench::detail {

// The positions of `costs` that shard `shard` runs, in their order. Shards 1..n together hold
// every position exactly once, the same on every run: positions are dealt, most costly first
// (ties by position), each to the shard with the least cost so far (ties to the lowest), so no
// shard's cost exceeds the mean by more than the costliest position.
std::vector<std::size_t> shard_positions(const std::vector<double>& costs, const Shard& shard);

// What a case is expected to cost, for the balance of shards: a fixed part for its setup and
// sampling, and its bytes a call (reads plus writes) in GiB; a skipped case costs nothing.
double case_cost(const CaseSpec& spec);

}  // namespace jitbench::detail
