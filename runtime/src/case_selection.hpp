#pragma once

#include <jitbench/benchmark.hpp>
#include <jitbench/settings.hpp>

#include <cstddef>
#include <iosfwd>
#include <vector>

namespace jitbench::detail {

// The cases and impls a run measures, as indices into the grid and desc.impl_names.
struct Selection {
  std::vector<std::size_t> cases;
  std::vector<std::size_t> impls;
};

// Applies --filter, --impl and --shard to the grid. Throws UsageError naming an unknown param,
// impl or value, with the known ones.
Selection select_cases(const BenchmarkDesc& desc, const std::vector<CaseSpec>& cases,
                       const SelectionSettings& settings);

// --list: one selected case a line, "param=value ...".
void print_case_list(const BenchmarkDesc& desc, const std::vector<CaseSpec>& cases,
                     const Selection& selection, std::ostream& out);

}  // namespace jitbench::detail
