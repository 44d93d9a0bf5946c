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

Grid expand_grid(const Spec& spec, bool ci) {
  Grid grid;
  std::vector<std::vector<std::string>> columns;
  for (const TypeAxis& axis : spec.types) {
    grid.axes.push_back(axis.name);
    columns.push_back(ci ? axis.ci : axis.values);
  }
  for (const Param& param : spec.params) {
    grid.axes.push_back(param.name);
    std::vector<std::string> texts;
    for (std::int64_t v : ci ? param.ci : param.values) texts.push_back(std::to_string(v));
    columns.push_back(std::move(texts));
  }
  std::vector<std::size_t> sizes;
  for (const auto& column : columns) sizes.push_back(column.size());
  for (Odometer o(sizes); !o.done(); o.next()) {
    GridRow row;
    std::vector<std::int64_t> params;
    for (std::size_t a = 0; a < columns.size(); ++a) {
      row.values.push_back(columns[a][o.index()[a]]);
      if (a >= spec.types.size()) params.push_back(std::stoll(columns[a][o.index()[a]]));
    }
    row.skipped = spec.skip_if && evaluate(spec.skip_if->expr, params).value != 0;
    grid.rows.push_back(std::move(row));
  }
  return grid;
}

std::string format_grid(const Spec& spec, const Grid& grid, bool ci) {
  std::vector<std::size_t> width;
  for (const std::string& axis : grid.axes) width.push_back(axis.size());
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
  if (!grid.axes.empty()) out += line(grid.axes, false);
  std::size_t skipped = 0;
  for (const GridRow& row : grid.rows) {
    if (!grid.axes.empty()) out += line(row.values, row.skipped);
    skipped += row.skipped;
  }
  out += spec.benchmark + (ci ? ", CI grid: " : ", full grid: ") +
         std::to_string(grid.rows.size()) + (grid.rows.size() == 1 ? " case" : " cases");
  if (skipped) out += ", " + std::to_string(skipped) + " skipped by skip_if";
  return out + "\n";
}

}  // namespace jitbench::gen
