#include "jit/jit_log.hpp"

#include <cctype>
#include <cstdlib>
#include <vector>

namespace jitbench::detail {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::size_t stop = end == std::string_view::npos ? text.size() : end;
    std::string_view line = text.substr(start, stop - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = stop + 1;
  }
  return lines;
}

// "FILE(LINE): error: MESSAGE" or "FILE(LINE): catastrophic error: MESSAGE".
std::optional<LogError> located_error(std::string_view line) {
  for (const std::string_view kind : {"): error: ", "): catastrophic error: "}) {
    const std::size_t at = line.find(kind);
    if (at == std::string_view::npos) continue;
    const std::size_t open = line.rfind('(', at);
    if (open == std::string_view::npos || open == 0 || open + 1 == at) continue;
    const std::string_view digits = line.substr(open + 1, at - open - 1);
    bool numeric = true;
    for (char c : digits) numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
    if (!numeric) continue;
    LogError e;
    e.file = std::string(line.substr(0, open));
    e.line = std::atoi(std::string(digits).c_str());
    e.message = std::string(line.substr(at + kind.size()));
    return e;
  }
  return std::nullopt;
}

// NVRTC echoes the line with two spaces before it, then a caret under the column.
int caret_column(std::string_view caret) {
  const std::size_t at = caret.find('^');
  if (at == std::string_view::npos || at < 2 || caret.find_first_not_of(' ') != at) return 0;
  return static_cast<int>(at - 2 + 1);
}

std::size_t error_count(const std::vector<std::string_view>& lines) {
  for (const std::string_view line : lines) {
    const std::size_t at = line.find(" detected in the compilation of ");
    if (at != std::string_view::npos) return std::strtoul(std::string(line).c_str(), nullptr, 10);
  }
  return 0;
}

}  // namespace

std::optional<LogError> first_log_error(std::string_view log) {
  const std::vector<std::string_view> lines = lines_of(log);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (std::optional<LogError> e = located_error(lines[i])) {
      if (i + 2 < lines.size()) e->column = caret_column(lines[i + 2]);
      return e;
    }
    const std::size_t at = lines[i].find("error: ");
    if (at != std::string_view::npos) {  // "nvrtc: error: unrecognized option -x found"
      LogError e;
      e.message = std::string(lines[i].substr(at + 7));
      return e;
    }
  }
  return std::nullopt;
}

std::string compile_error_summary(std::string_view log, std::string_view name_expression) {
  const std::vector<std::string_view> lines = lines_of(log);
  const std::optional<LogError> e = first_log_error(log);
  std::string text;
  if (!e) {
    for (const std::string_view line : lines) {
      if (line.find_first_not_of(' ') == std::string_view::npos) continue;
      return std::string(line);
    }
    return "NVRTC failed without a log";
  }
  if (e->file == "__nv_name_map") {
    text = "the kernel name expression '" + std::string(name_expression) + "': " + e->message;
  } else if (e->file.empty()) {
    text = "error: " + e->message;
  } else {
    text = e->file + ":" + std::to_string(e->line) +
           (e->column > 0 ? ":" + std::to_string(e->column) : std::string()) +
           ": error: " + e->message;
  }
  const std::size_t count = error_count(lines);
  if (count > 1) text += " (" + std::to_string(count) + " errors)";
  return text;
}

}  // namespace jitbench::detail
