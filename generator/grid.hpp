#pragma once

#include "spec.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
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

// One axis of the grid: a type axis, a param, or the params of a zip, which advance together.
struct GridAxis {
  std::optional<std::size_t> type;  // set: a type axis, by index into Spec::types
  std::vector<std::size_t> params;  // otherwise: params by index into Spec::params
  const Zip* zip = nullptr;         // the zip when there are several
  std::size_t size = 0;             // its number of positions
  std::vector<bool> ci;             // which positions the CI grid has
};

// The axes in the order the grid nests them, the last one fastest: the type axes, then the params
// in declaration order, a zip at the place of its first param.
std::vector<GridAxis> grid_axes(const Spec& spec);

// Whether a named case gives an axis its value: the other axes take each of theirs.
bool case_gives(const NamedCase& named, const GridAxis& axis);

// One point: a value for every type axis and param.
struct Point {
  std::vector<std::size_t> types;         // position in each type axis' values; empty: left out
  std::vector<std::int64_t> params;       // each param's value: the integer, or its name's position
  const NamedCase* named_case = nullptr;  // the case it comes from; null: the grid's
  bool ci = false;                        // in the CI grid too
};

// Calls `visit` with every point of a spec, in the order the generated benchmark runs them: the
// grid's (when every param has values), then each case's, in the order written, with each value
// of the axes the case does not give. Unless `with_types`, type axes are left out (integers do not
// depend on them), and so are the points that differ only in them.
void for_each_point(const Spec& spec, bool with_types,
                    const std::function<void(const Point&)>& visit);

// How many points for_each_point visits, or `limit` + 1 when that is more.
std::int64_t count_points(const Spec& spec, bool with_types, std::int64_t limit);

// A point's params as messages show them, `head_dim=128, act=silu`, then `more` ("sm_count=4"),
// then the case it comes from: `n=0 in case 'llama3-8b'`.
std::string point_text(const Spec& spec, const Point& point, const std::string& more = "");

// The points of a spec, in the order the generated benchmark runs them (for_each_point), as
// text: what `jitbench-gen --list` prints.
struct GridRow {
  std::vector<std::string> values;  // one per Grid::columns
  bool skipped = false;             // by skip_if
  bool named = false;               // from a named case
};
struct Grid {
  std::vector<std::string> columns;  // `case` when the spec has cases, the type axes, the params
  std::vector<GridRow> rows;
};

// `spec` must come from load_spec (it is valid: every expression evaluates).
Grid expand_grid(const Spec& spec, bool ci);

// What `jitbench-gen --list` prints: an aligned table, then a summary line.
std::string format_grid(const Spec& spec, const Grid& grid, bool ci);

}  // namespace jitbench::gen
