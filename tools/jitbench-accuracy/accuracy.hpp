#pragma once

// The timing accuracy table of docs/timing.md: several runs of the same workloads with
// --verify-timing, each a results JSON file, reduced to one row a workload.

#include <jitbench/results_reader.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace jitbench::accuracy {

struct AccuracyRow {
  std::string name;  // benchmark/param=value/.../impl
  int runs = 0;
  double median_us = 0;        // mean over runs of each run's median
  double cv = 0;               // of the runs' medians (fraction)
  double kernel_us = 0;        // CUPTI kernel time a call, mean over runs
  double ratio = 0;            // median_us / kernel_us
  double wall_s = 0;           // median over runs of the case's wall time
  bool within_bounds = false;  // 3% of CUPTI from 5 us up, 0.5 us below; CV under 1%
};

// One row a benchmark entry name, in order of first appearance. Throws std::runtime_error
// naming the entry when it has no timing_check (the run lacked --verify-timing) or failed.
std::vector<AccuracyRow> accuracy_rows(const std::vector<ResultsFile>& runs);

void write_accuracy_table(std::ostream& out, const std::vector<AccuracyRow>& rows);

}  // namespace jitbench::accuracy
