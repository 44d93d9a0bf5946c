#pragma once

#include "spec.hpp"

#include <string>
#include <vector>

namespace jitbench::gen {

// The points of a spec's grid, in the order the generated benchmark runs them: type axes, then
// params, each in declaration order, the last one varying fastest.
struct GridRow {
  std::vector<std::string> values;  // one per Grid::axes
  bool skipped = false;             // by skip_if
};
struct Grid {
  std::vector<std::string> axes;
  std::vector<GridRow> rows;
};

// `spec` must come from load_spec (it is valid: every expression evaluates).
Grid expand_grid(const Spec& spec, bool ci);

// What `jitbench-gen --list` prints: an aligned table, then a summary line.
std::string format_grid(const Spec& spec, const Grid& grid, bool ci);

}  // namespace jitbench::gen
