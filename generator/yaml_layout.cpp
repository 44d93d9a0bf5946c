#include "yaml_layout.hpp"

#include <cctype>
#include <optional>
#include <vector>

namespace jitbench::gen {

namespace {

// One line of a spec as block YAML lays it out.
struct Line {
  int number = 0;
  int indent = 0;          // spaces before the content
  bool item = false;       // "- ...": an item of a block list
  std::string key;         // "n" of "n: ..." or "- n: ...", else empty
  bool has_value = false;  // something follows the key's ':' on the line
  std::string content;     // the line without its indentation and comment
};

// The text of a line without a comment: '#' at its start or after a space, outside quotes.
std::string without_comment(std::string_view text) {
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ')) {
      text = text.substr(0, i);
      break;
    }
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

Line read_line(int number, std::string_view text) {
  Line line;
  line.number = number;
  while (static_cast<std::size_t>(line.indent) < text.size() && text[line.indent] == ' ') {
    ++line.indent;
  }
  line.content = without_comment(text.substr(static_cast<std::size_t>(line.indent)));
  std::string_view rest = line.content;
  if (rest == "-" || rest.rfind("- ", 0) == 0) {
    line.item = true;
    rest.remove_prefix(std::min<std::size_t>(2, rest.size()));
  }
  if (rest.empty() || rest[0] == '{' || rest[0] == '[' || rest[0] == '"' || rest[0] == '\'') {
    return line;
  }
  const std::size_t colon = rest.find(": ");
  const bool ends_with_colon = rest.back() == ':';
  if (colon == std::string_view::npos && !ends_with_colon) return line;
  line.key = std::string(rest.substr(0, colon == std::string_view::npos ? rest.size() - 1 : colon));
  line.has_value = colon != std::string_view::npos;
  return line;
}

std::vector<Line> read_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  for (std::size_t start = 0; start <= text.size(); ++number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(read_line(number, line));
    start = end + 1;
  }
  return lines;
}

std::string spaces(int n) { return std::to_string(n) + (n == 1 ? " space" : " spaces"); }

std::string named(const Line& line) {
  return "'" + line.key + "' (line " + std::to_string(line.number) + ", " + spaces(line.indent) +
         ")";
}

// A '{' or '[' that is still open at `at`: the innermost one, outside quotes and comments.
std::optional<SourceLoc> unclosed_bracket(std::string_view text, SourceLoc at) {
  std::vector<SourceLoc> open;
  std::vector<char> closers;
  char quote = 0;
  bool comment = false;
  SourceLoc here{1, 1};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (here.line > at.line || (here.line == at.line && here.column >= at.column)) break;
    const char c = text[i];
    if (c == '\n') {
      comment = false;
      ++here.line;
      here.column = 1;
      continue;
    }
    if (comment) {
    } else if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      comment = true;
    } else if (c == '{' || c == '[') {
      open.push_back(here);
      closers.push_back(c == '{' ? '}' : ']');
    } else if (!closers.empty() && c == closers.back()) {
      open.pop_back();
      closers.pop_back();
    }
    ++here.column;
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

std::string flow_hint(std::string_view text, SourceLoc at) {
  const std::optional<SourceLoc> bracket = unclosed_bracket(text, at);
  if (!bracket) return "";
  const Line line = read_lines(text).at(static_cast<std::size_t>(bracket->line - 1));
  const std::size_t column = static_cast<std::size_t>(bracket->column - line.indent - 1);
  const char opener = column < line.content.size() ? line.content[column] : '{';
  return std::string("; the '") + opener + "' at line " + std::to_string(bracket->line) +
         ", column " + std::to_string(bracket->column) + " is never closed: end it with '" +
         (opener == '{' ? '}' : ']') + "' on its line";
}

std::string block_hint(std::string_view text, SourceLoc at) {
  const std::vector<Line> lines = read_lines(text);
  if (at.line < 1 || static_cast<std::size_t>(at.line) > lines.size()) return "";
  const Line& error = lines[static_cast<std::size_t>(at.line - 1)];
  if (error.content.empty()) return "";
  const std::string where = "line " + std::to_string(error.number);

  // "x {shape: ...}": a key without its ':'.
  if (!error.item) {
    const std::size_t bracket = error.content.find_first_of("{[");
    const std::size_t space = error.content.find(' ');
    if (bracket != std::string::npos && space != std::string::npos && space < bracket &&
        error.content.find(':') > bracket) {
      const std::string key = error.content.substr(0, space);
      return "; " + where + " has no ':' after '" + key + "', so YAML does not read '" + key +
             "' as a key: write '" + key + ":" + error.content.substr(space) + "'";
    }
  }

  // The line above it, and the lines it may belong under: each less indented than the last.
  std::vector<const Line*> above;
  for (int n = error.number - 1; n >= 1; --n) {
    const Line& line = lines[static_cast<std::size_t>(n - 1)];
    if (line.content.empty()) continue;
    if (above.empty() || line.indent < above.back()->indent) above.push_back(&line);
    if (line.indent == 0) break;
  }
  if (above.empty()) return "";
  const Line& previous = *above.front();

  if (error.indent == previous.indent) {
    if (error.item && !previous.item && !previous.key.empty()) {
      return "; " + where + " is a list item ('- ') among the keys of a mapping, such as " +
             named(previous) + ": a mapping holds 'key: value' lines only; a list goes under a " +
             "key of its own, indented more than it";
    }
    if (!error.item && !error.key.empty() && previous.item) {
      return "; " + where + " is a key ('" + error.key + "') among the items of a list (line " +
             std::to_string(previous.number) +
             " starts with '- '): a list holds '- ' items only; indent it under its item, or "
             "give it a '- ' of its own";
    }
    return "";
  }
  if (error.indent > previous.indent) {
    if (previous.key.empty() || !previous.has_value) return "";
    return "; " + where + " is indented by " + spaces(error.indent) + ", more than " +
           named(previous) + ", whose value is on its line already: indent it as '" + previous.key +
           "' to make it a key of the same mapping";
  }
  std::string keys;
  for (const Line* line : above) {
    if (line->key.empty()) continue;
    if (line->indent == error.indent || (line->item && line->indent + 2 == error.indent)) {
      return "";
    }
    keys += (keys.empty() ? "" : ", ") + named(*line);
  }
  if (keys.empty()) return "";
  return "; " + where + " is indented by " + spaces(error.indent) +
         ", which lines up with no key above it: " + keys +
         "; the keys of one mapping are indented alike";
}

}  // namespace

std::string layout_hint(std::string_view text, SourceLoc at, std::string_view message) {
  if (message == "end of map flow not found" || message == "end of sequence flow not found") {
    return flow_hint(text, at);
  }
  if (message == "end of map not found" || message == "end of sequence not found") {
    return block_hint(text, at);
  }
  return "";
}

}  // namespace jitbench::gen
