#include "reporters/text_table.hpp"

#include <algorithm>
#include <ostream>

namespace jitbench::detail {

std::size_t TextTable::column_width(std::size_t column) const {
  std::size_t w = columns[column].header.size();
  for (const auto& row : rows) w = std::max(w, row[column].size());
  return w;
}

std::size_t TextTable::width() const {
  std::size_t total = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) total += column_width(c) + (c ? 2 : 0);
  return total;
}

TextTable TextTable::project(const std::vector<std::size_t>& keep) const {
  TextTable t;
  for (std::size_t c : keep) t.columns.push_back(columns[c]);
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    for (std::size_t c : keep) cells.push_back(row[c]);
    t.rows.push_back(std::move(cells));
  }
  return t;
}

void write_aligned(std::ostream& out, const TextTable& table) {
  std::vector<std::size_t> widths;
  for (std::size_t c = 0; c < table.columns.size(); ++c) widths.push_back(table.column_width(c));
  const auto write_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += "  ";
      const std::string pad(widths[c] - cells[c].size(), ' ');
      line += table.columns[c].right_aligned ? pad + cells[c] : cells[c] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  std::vector<std::string> headers;
  for (const TableColumn& c : table.columns) headers.push_back(c.header);
  write_row(headers);
  for (const auto& row : table.rows) write_row(row);
}

void write_markdown(std::ostream& out, const TextTable& table) {
  const auto escape = [](const std::string& cell) {
    std::string text;
    for (char ch : cell) text += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return text;
  };
  std::string header = "|";
  std::string rule = "|";
  for (const TableColumn& c : table.columns) {
    header += " " + escape(c.header) + " |";
    rule += c.right_aligned ? "---:|" : ":---|";
  }
  out << header << '\n' << rule << '\n';
  for (const auto& row : table.rows) {
    std::string line = "|";
    for (const std::string& cell : row) line += " " + escape(cell) + " |";
    out << line << '\n';
  }
}

}  // namespace jitbench::detail
