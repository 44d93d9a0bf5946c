#pragma once

#include <jitbench/results_reader.hpp>

#include <vector>

namespace jitbench {

// One run from its parts: the results files of a benchmark run as shards (--shard i/n), on
// several GPUs or hosts. The entries of every part, in the order given; the context of the
// first, with the case count summed, no shard, and the devices of every part named (their
// names and UUIDs, distinct, joined by "; ") where they differ. Throws std::runtime_error when
// the parts are of different benchmarks, or when two parts hold the same case and impl (parts
// of one run hold each once).
ResultsFile merge_results(const std::vector<ResultsFile>& parts);

}  // namespace jitbench
