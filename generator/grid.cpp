#include "grid.hpp"

#include <algorithm>
#include <cstdint>

namespace jitbench::gen {

Odometer::Odometer(std::vector<std::size_t> sizes)
    : sizes_(std::move(sizes)),
      index_(sizes_.size(), 0),
      done_(std::find(sizes_.begin(), sizes_.end(), 0) != sizes_.end()) {}

void Odometer::next() {
  std::size_t a = sizes_.size();
  while (a > 0 && ++index_[a - 1] == sizes_[a - 1]) index_[--a] = 0;
  done_ = a == 0;
}

std::vector<GridAxis> grid_axes(const Spec& spec) {
  std::vector<GridAxis> axes;
  for (std::size_t t = 0; t < spec.types.size(); ++t) {
    const TypeAxis& type = spec.types[t];
    GridAxis axis;
    axis.type = t;
    axis.size = type.values.size();
    for (const std::string& value : type.values) {
      axis.ci.push_back(std::find(type.ci.begin(), type.ci.end(), value) != type.ci.end());
    }
    axes.push_back(std::move(axis));
  }
  std::vector<bool> placed(spec.params.size(), false);
  for (std::size_t p = 0; p < spec.params.size(); ++p) {
    if (placed[p]) continue;
    GridAxis axis;
    axis.params = {p};
    for (const Zip& zip : spec.zips) {
      if (std::find(zip.params.begin(), zip.params.end(), p) != zip.params.end()) {
        axis.params = zip.params;
        axis.zip = &zip;
      }
    }
    for (std::size_t q : axis.params) placed[q] = true;
    const Param& param = spec.params[p];  // a zip's params share their size and CI positions
    axis.size = param.size();
    axis.ci.assign(axis.size, false);
    for (std::size_t position : param.ci) axis.ci[position] = true;
    axes.push_back(std::move(axis));
  }
  return axes;
}

bool case_gives(const NamedCase& named, const GridAxis& axis) {
  return axis.type ? named.types[*axis.type].has_value()
                   : named.params[axis.params.front()].has_value();
}

namespace {

// The axes that a case leaves to the grid; all of them for the grid's own points.
std::vector<const GridAxis*> free_axes(const std::vector<GridAxis>& axes, const NamedCase* c) {
  std::vector<const GridAxis*> out;
  for (const GridAxis& axis : axes) {
    if (c == nullptr || !case_gives(*c, axis)) out.push_back(&axis);
  }
  return out;
}

std::vector<GridAxis> axes_of(const Spec& spec, bool with_types) {
  std::vector<GridAxis> axes = grid_axes(spec);
  if (!with_types) {
    axes.erase(std::remove_if(axes.begin(), axes.end(), [](const GridAxis& a) { return a.type; }),
               axes.end());
  }
  return axes;
}

}  // namespace

void for_each_point(const Spec& spec, bool with_types,
                    const std::function<void(const Point&)>& visit) {
  const std::vector<GridAxis> axes = axes_of(spec, with_types);
  Point point;
  point.types.assign(with_types ? spec.types.size() : 0, 0);
  point.params.assign(spec.params.size(), 0);
  // Every combination of the free axes' positions, over the values `point` already holds.
  const auto product = [&](const std::vector<const GridAxis*>& free, bool ci) {
    std::vector<std::size_t> sizes;
    for (const GridAxis* axis : free) sizes.push_back(axis->size);
    for (Odometer o(sizes); !o.done(); o.next()) {
      point.ci = ci;
      for (std::size_t a = 0; a < free.size(); ++a) {
        const GridAxis& axis = *free[a];
        const std::size_t position = o.index()[a];
        if (axis.type) {
          point.types[*axis.type] = position;
        } else {
          for (std::size_t p : axis.params) point.params[p] = spec.params[p].at(position);
        }
        point.ci = point.ci && axis.ci[position];
      }
      visit(point);
    }
  };
  if (spec.has_grid()) product(free_axes(axes, nullptr), true);
  for (const NamedCase& named : spec.cases) {
    for (std::size_t t = 0; t < point.types.size(); ++t) {
      if (named.types[t]) point.types[t] = *named.types[t];
    }
    for (std::size_t p = 0; p < spec.params.size(); ++p) {
      if (named.params[p]) point.params[p] = *named.params[p];
    }
    point.named_case = &named;
    product(free_axes(axes, &named), named.ci);
  }
}

std::int64_t count_points(const Spec& spec, bool with_types, std::int64_t limit) {
  const std::vector<GridAxis> axes = axes_of(spec, with_types);
  const auto product = [&](const NamedCase* c) {
    std::int64_t n = 1;
    for (const GridAxis* axis : free_axes(axes, c)) {
      n = std::min(n * static_cast<std::int64_t>(std::min<std::size_t>(axis->size, limit + 1)),
                   limit + 1);
    }
    return n;
  };
  std::int64_t total = spec.has_grid() ? product(nullptr) : 0;
  for (const NamedCase& named : spec.cases) total = std::min(total + product(&named), limit + 1);
  return total;
}

std::string point_text(const Spec& spec, const Point& point, const std::string& more) {
  std::string out;
  for (std::size_t p = 0; p < spec.params.size(); ++p) {
    const Param& param = spec.params[p];
    out += (p ? ", " : "") + param.name + "=" + param.text(point.params[p]);
  }
  if (!more.empty()) out += (out.empty() ? "" : ", ") + more;
  if (point.named_case) {
    return (out.empty() ? "" : out + " in ") + "case '" + point.named_case->name + "'";
  }
  return out.empty() ? std::string("the only point of the grid") : out;
}

Grid expand_grid(const Spec& spec, bool ci) {
  Grid grid;
  if (!spec.cases.empty()) grid.columns.push_back(case_column);
  for (const TypeAxis& axis : spec.types) grid.columns.push_back(axis.name);
  for (const Param& param : spec.params) grid.columns.push_back(param.name);
  for_each_point(spec, true, [&](const Point& point) {
    if (ci && !point.ci) return;
    GridRow row;
    if (!spec.cases.empty()) {
      row.values.push_back(point.named_case ? point.named_case->name : grid_case_name);
    }
    for (std::size_t t = 0; t < spec.types.size(); ++t) {
      row.values.push_back(spec.types[t].values[point.types[t]]);
    }
    for (std::size_t p = 0; p < spec.params.size(); ++p) {
      row.values.push_back(spec.params[p].text(point.params[p]));
    }
    row.skipped = spec.skip_if && evaluate(spec.skip_if->expr, point.params).value != 0;
    row.named = point.named_case != nullptr;
    grid.rows.push_back(std::move(row));
  });
  return grid;
}

std::string format_grid(const Spec& spec, const Grid& grid, bool ci) {
  std::vector<std::size_t> width;
  for (const std::string& column : grid.columns) width.push_back(column.size());
  for (const GridRow& row : grid.rows) {
    for (std::size_t a = 0; a < row.values.size(); ++a) {
      width[a] = std::max(width[a], row.values[a].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells, bool skipped) {
    std::string out;
    for (std::size_t a = 0; a < cells.size(); ++a) {
      out += cells[a];
      if (a + 1 < cells.size() || skipped) out += std::string(width[a] - cells[a].size() + 2, ' ');
    }
    if (skipped) out += "(skipped)";
    return out + "\n";
  };
  std::string out;
  if (!grid.columns.empty()) out += line(grid.columns, false);
  std::size_t skipped = 0;
  std::size_t named = 0;
  for (const GridRow& row : grid.rows) {
    if (!grid.columns.empty()) out += line(row.values, row.skipped);
    skipped += row.skipped;
    named += row.named;
  }
  out += spec.benchmark + (ci ? ", CI grid: " : ", full grid: ") +
         std::to_string(grid.rows.size()) + (grid.rows.size() == 1 ? " case" : " cases");
  if (named) out += ", " + std::to_string(named) + " from named cases";
  if (skipped) out += ", " + std::to_string(skipped) + " skipped by skip_if";
  return out + "\n";
}

}  // namespace jitbench::gen
