#include "grid.hpp"

#include <algorithm>
#include <cstdint>

namespace jitbench::gen {

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
  std::vector<std::size_t> index(columns.size(), 0);
  for (;;) {
    GridRow row;
    std::vector<std::int64_t> params;
    for (std::size_t a = 0; a < columns.size(); ++a) {
      row.values.push_back(columns[a][index[a]]);
      if (a >= spec.types.size()) params.push_back(std::stoll(columns[a][index[a]]));
    }
    row.skipped = spec.skip_if && evaluate(spec.skip_if->expr, params).value != 0;
    grid.rows.push_back(std::move(row));
    std::size_t a = columns.size();
    while (a > 0 && ++index[a - 1] == columns[a - 1].size()) index[--a] = 0;
    if (a == 0) break;
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
