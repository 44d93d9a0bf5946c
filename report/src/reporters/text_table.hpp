#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace jitbench::detail {

// A table of text cells, written aligned for a terminal or as GitHub markdown: the results
// table and the comparison table are both written through it.
struct TableColumn {
  std::string header;
  bool right_aligned = true;
  int group = -1;  // the impl the column belongs to in the results table; -1: none
};

struct TextTable {
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;  // a cell a column

  std::size_t column_width(std::size_t column) const;
  std::size_t width() const;  // of a written line, two spaces between columns
  // The table with only the columns `keep` selects, in that order.
  TextTable project(const std::vector<std::size_t>& keep) const;
};

// Header and rows, each column padded to its widest cell, two spaces apart, no trailing spaces.
void write_aligned(std::ostream& out, const TextTable& table);
// A GitHub markdown table; '|' in a cell is escaped.
void write_markdown(std::ostream& out, const TextTable& table);

}  // namespace jitbench::detail
