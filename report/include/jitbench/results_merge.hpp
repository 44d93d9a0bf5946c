#pragma once

#include <jitbench/results_reader.hpp>

#include <string>
#include <vector>

namespace jitbench {

// One run from its parts: the results files of a benchmark run as shards (--shard i/n), or by
// impl (--impl), on several GPUs or hosts. The entries of every part, in the order given; the
// context of the first, with no shard, the impls of every part, the case count summed over
// shards (the largest part's otherwise: parts by impl plan the same cases), and the devices of
// every part named (their names and UUIDs, distinct, joined by "; ") where they differ. Throws
// std::runtime_error when the parts are of different benchmarks, were measured differently
// (another L2 mode or other params: their figures would pass for the first part's), or when two
// parts hold the same case and impl (parts of one run hold each once).
ResultsFile merge_results(const std::vector<ResultsFile>& parts);

// The shards "i/n" of a sharded run that none of `parts` is, when every part is a shard of it:
// "3/4, 4/4". Empty when all are there or the parts are not shards.
std::string missing_shards(const std::vector<ResultsFile>& parts);

}  // namespace jitbench
