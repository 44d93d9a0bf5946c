#include "yaml_quoting.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <utility>

namespace jitbench::gen {

namespace {

constexpr std::size_t npos = std::string_view::npos;

// A suggested line longer than this shows the quoted value alone.
constexpr std::size_t max_shown_line = 160;

// `value` as a YAML scalar: in double quotes, or in single quotes when it holds '"' and no '\''.
std::string quoted(std::string_view value) {
  if (value.find('"') != npos && value.find('\'') == npos) return "'" + std::string(value) + "'";
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The line of `text` that holds offset `pos`, as [begin, end) without its line break.
std::pair<std::size_t, std::size_t> line_around(std::string_view text, std::size_t pos) {
  const std::size_t begin = pos == 0 ? 0 : text.rfind('\n', pos - 1) + 1;  // npos + 1 == 0
  std::size_t end = std::min(text.find('\n', pos), text.size());
  if (end > begin && text[end - 1] == '\r') --end;
  return {begin, end};
}

// The end of a plain value that starts at `pos` of a line ending at `end`: before a comment, a
// flow collection's ',', ']' or '}' (`flow`), and trailing blanks.
std::size_t value_end(std::string_view text, std::size_t pos, std::size_t end, bool flow) {
  std::size_t stop = pos;
  while (stop < end && !(flow && (text[stop] == ',' || text[stop] == ']' || text[stop] == '}')) &&
         !(text[stop] == '#' && stop > pos && text[stop - 1] == ' ')) {
    ++stop;
  }
  while (stop > pos && (text[stop - 1] == ' ' || text[stop - 1] == '\t')) --stop;
  return stop;
}

// The fix of a value written at [from, to) of `text`: its line with the value quoted, without the
// indentation; the quoted value alone when it spans lines or the line is long.
std::string fixed_line(std::string_view text, std::size_t from, std::size_t to) {
  const std::string value = quoted(text.substr(from, to - from));
  const auto [begin, end] = line_around(text, from);
  if (to > end) return value;
  std::string line = std::string(text.substr(begin, from - begin)) + value +
                     std::string(text.substr(to, end - to));
  line.erase(0, line.find_first_not_of(' '));
  return line.size() > max_shown_line ? value : line;
}

// What YAML reads in a plain value that starts with '!', '*' or '&' or holds ': '; "" otherwise.
std::string yaml_reading(std::string_view value) {
  if (value.empty()) return "";
  switch (value[0]) {
    case '!':
      return "YAML reads a value that starts with '!' as a tag";
    case '*':
      return "YAML reads a value that starts with '*' as an alias";
    case '&':
      return "YAML reads a value that starts with '&' as an anchor";
    default:
      return value.find(": ") != npos ? "YAML reads ': ' in a value as the end of a key" : "";
  }
}

SourceLoc loc_at(const YAML::Mark& mark, std::size_t columns) {
  return {mark.line + 1, mark.column + 1 + static_cast<int>(columns)};
}

// The count of '(' less that of ')'.
int balance(std::string_view text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '(') -
                          std::count(text.begin(), text.end(), ')'));
}

// Where a value is written: [begin, end) of the spec's text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Walks a parsed spec once (an alias' target once however often it is named) for misreadings.
class Walk {
 public:
  explicit Walk(std::string_view text) : text_(text) {}

  void visit(const YAML::Node& node, bool in_flow, bool key = false) {
    if (node.IsScalar() || node.IsNull()) {
      if (!key) tagged(node, in_flow);
      return;
    }
    if (!node.IsSequence() && !node.IsMap()) return;
    if (!visited_.insert(node.Mark().pos).second) return;
    const bool flow = node.Style() == YAML::EmitterStyle::Flow;
    // In the order written: a mapping's key, then its value. A key without a value (`{a: f(x,
    // y)}` holds the key `y)`) has a null value, which is not written. (A YAML::Node is copied
    // here, never assigned: assigning one changes the node it refers to.)
    std::vector<YAML::Node> written;
    const auto add = [&](const YAML::Node& child, bool is_key) {
      visit(child, flow, is_key);
      if (!child.IsNull()) written.push_back(child);
    };
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsSequence()) {
        add(*it, false);
      } else {
        add(it->first, true);
        add(it->second, false);
      }
    }
    if (flow) split(written, node.IsSequence());
  }

  std::vector<Misreading> found;

 private:
  std::string_view at(Span span) const { return text_.substr(span.begin, span.end - span.begin); }

  // Where a plain scalar is written; nullopt for another node, or for one whose text is not the
  // scalar as written (folded over lines).
  std::optional<Span> plain(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (!node.IsScalar() || node.Tag() != "?" || mark.pos < 0) return std::nullopt;
    const Span span{static_cast<std::size_t>(mark.pos),
                    static_cast<std::size_t>(mark.pos) + node.Scalar().size()};
    if (node.Scalar().find('\n') != npos || at(span) != node.Scalar()) return std::nullopt;
    return span;
  }

  // A scalar with a tag of the spec's own making (`skip_if: !done`): no spec uses tags.
  void tagged(const YAML::Node& node, bool in_flow) {
    const std::string& tag = node.Tag();
    const YAML::Mark mark = node.Mark();
    if (tag.size() < 2 || tag[0] != '!' || mark.pos < 0) return;
    const auto from = static_cast<std::size_t>(mark.pos);
    if (from >= text_.size() || text_[from] != '!') return;
    const std::size_t to = value_end(text_, from, line_around(text_, from).second, in_flow);
    const std::string_view written = text_.substr(from, to - from);
    const std::string_view tag_written = written.substr(0, written.find(' '));
    found.push_back({loc_at(mark, 0), loc_at(mark, written.size()),
                     yaml_reading(written) + " ('" + std::string(tag_written) +
                         "' here), so quote it: " + fixed_line(text_, from, to)});
  }

  // Plain scalars side by side in a flow collection, one comma between each two, whose
  // parentheses balance only together: one value that YAML split at its commas.
  void split(const std::vector<YAML::Node>& children, bool list) {
    for (std::size_t i = 0; i < children.size(); ++i) {
      const std::optional<Span> first = plain(children[i]);
      if (!first) continue;
      int open = balance(at(*first));
      if (open <= 0) continue;
      std::size_t j = i;
      Span last = *first;
      while (open > 0 && j + 1 < children.size()) {
        const std::optional<Span> next = plain(children[j + 1]);
        if (!next) break;
        const std::string_view between = at({last.end, next->begin});
        if (std::count(between.begin(), between.end(), ',') != 1 ||
            between.find_first_not_of(", \t\r\n") != npos) {
          break;
        }
        open += balance(at(*next));
        last = *next;
        ++j;
      }
      if (open != 0 || j == i) continue;
      const std::string_view value = at({first->begin, last.end});
      const auto commas = std::count(value.begin(), value.end(), ',');
      found.push_back(
          {loc_at(children[i].Mark(), 0), loc_at(children[j].Mark(), last.end - last.begin),
           std::string("YAML reads a comma in a flow ") +
               (list ? "list as the end of an item" : "mapping as the end of an entry") +
               ", so it split '" + std::string(value) + "' at its comma" + (commas > 1 ? "s" : "") +
               "; quote it: " + fixed_line(text_, first->begin, last.end)});
      i = j;
    }
  }

  std::string_view text_;
  std::set<int> visited_;
};

}  // namespace

std::vector<Misreading> misreadings(const YAML::Node& root, std::string_view text) {
  Walk walk(text);
  walk.visit(root, false);
  return std::move(walk.found);
}

std::string quoting_hint(std::string_view text, int line) {
  std::size_t begin = 0;
  for (int i = 1; i < line && begin != npos; ++i) {
    begin = text.find('\n', begin);
    if (begin != npos) ++begin;
  }
  if (begin == npos) return "";
  const std::size_t end = line_around(text, begin).second;
  // The value of the line: after `- ` items and a plain key's `: `.
  std::size_t pos = begin;
  const auto skip_blanks = [&] {
    while (pos < end && text[pos] == ' ') ++pos;
  };
  skip_blanks();
  bool item = false;
  while (pos + 1 < end && text[pos] == '-' && text[pos + 1] == ' ') {
    item = true;
    pos += 2;
    skip_blanks();
  }
  std::size_t key_end = pos;
  while (key_end < end && (std::isalnum(static_cast<unsigned char>(text[key_end])) ||
                           text[key_end] == '_' || text[key_end] == '-' || text[key_end] == '.')) {
    ++key_end;
  }
  if (key_end > pos && text.substr(key_end, 2) == ": ") {
    pos = key_end + 2;
    skip_blanks();
  } else if (!item) {
    return "";
  }
  const std::size_t stop = value_end(text, pos, end, false);
  const std::string_view value = text.substr(pos, stop - pos);
  const std::string reading = yaml_reading(value);
  // A quoted value, a collection, a block scalar or junk is no plain value YAML misread.
  if (reading.empty() || std::string_view("\"'[]{}|>,#%@`").find(value[0]) != npos) return "";
  // `*name` alone is an alias, and `&name` an anchor before a collection or a block scalar:
  // YAML's own, meant so.
  const std::size_t word = std::min(value.find(' '), value.size());
  const bool name = word > 1 && std::all_of(value.begin() + 1, value.begin() + word, [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                    });
  const std::size_t rest = value.find_first_not_of(' ', word);
  const bool collection_or_block = rest == npos || value[rest] == '[' || value[rest] == '{' ||
                                   ((value[rest] == '|' || value[rest] == '>') &&
                                    value.find_first_not_of("|>-+0123456789", rest) == npos);
  if ((value[0] == '*' || value[0] == '&') && name && collection_or_block) return "";
  return "; " + reading + ", so quote it: " + fixed_line(text, pos, stop);
}

}  // namespace jitbench::gen
