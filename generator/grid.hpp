#pragma once

#include "spec.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace jitbench::gen {

// Every combination of one index into each axis, the last axis fastest: the order the generated
// benchmark runs its grid in. No axes make one combination, the empty one.
//
//   for (Odometer o({2, 3}); !o.done(); o.next()) use(o.index());  // {0,0} {0,1} ... {1,2}
class Odometer {
 public:
  explicit Odometer(std::vector<std::size_t> sizes);
  const std::vector<std::size_t>& index() const { return index_; }
  bool done() const { return done_; }
  void next();

 private:
  std::vector<std::size_t> sizes_;
  std::vector<std::size_t> index_;
  bool done_;
};

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
