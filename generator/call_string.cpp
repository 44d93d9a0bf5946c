#include "call_string.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace jitbench::gen {

namespace {

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

enum class Lexeme { code, literal, comment };

// The kind of every character of `code`: comments (`//`, `/* */`), string and character
// literals (a `'` after an identifier character is a digit separator, 1'000), or code.
std::vector<Lexeme> classify(std::string_view code) {
  std::vector<Lexeme> kinds(code.size(), Lexeme::code);
  std::size_t i = 0;
  auto mark = [&](std::size_t from, std::size_t to, Lexeme kind) {
    std::fill(kinds.begin() + static_cast<std::ptrdiff_t>(from),
              kinds.begin() + static_cast<std::ptrdiff_t>(std::min(to, code.size())), kind);
  };
  while (i < code.size()) {
    const char c = code[i];
    const std::size_t start = i;
    if (code.compare(i, 2, "//") == 0) {
      while (i < code.size() && code[i] != '\n') ++i;
      mark(start, i, Lexeme::comment);
    } else if (code.compare(i, 2, "/*") == 0) {
      const std::size_t end = code.find("*/", i + 2);
      i = end == std::string_view::npos ? code.size() : end + 2;
      mark(start, i, Lexeme::comment);
    } else if (c == '"' || (c == '\'' && (i == 0 || !is_ident_char(code[i - 1])))) {
      for (++i; i < code.size() && code[i] != c; ++i) {
        if (code[i] == '\\') ++i;
      }
      i = std::min(i + 1, code.size());
      mark(start, i, Lexeme::literal);
    } else {
      ++i;
    }
  }
  return kinds;
}

bool is_code(std::string_view code, const std::vector<Lexeme>& kinds, std::size_t i) {
  return kinds[i] != Lexeme::comment && !std::isspace(static_cast<unsigned char>(code[i]));
}

// Statements that can start a call string without making it an expression.
bool is_statement_keyword(std::string_view word) {
  static const char* const keywords[] = {
      "if",    "for",       "while",    "do",     "switch",  "return",        "try",
      "goto",  "break",     "continue", "using",  "typedef", "static_assert", "auto",
      "const", "constexpr", "static",   "struct", "class",   "enum"};
  return std::find(std::begin(keywords), std::end(keywords), word) != std::end(keywords);
}

}  // namespace

std::set<std::string> free_identifiers(std::string_view code) {
  const std::vector<Lexeme> kinds = classify(code);
  std::set<std::string> out;
  auto previous_significant = [&](std::size_t end) -> std::string_view {
    std::size_t j = end;
    while (j > 0 && !is_code(code, kinds, j - 1)) --j;
    if (j >= 2 && (code.substr(j - 2, 2) == "->" || code.substr(j - 2, 2) == "::")) {
      return code.substr(j - 2, 2);
    }
    return j >= 1 ? code.substr(j - 1, 1) : std::string_view();
  };
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    if (kinds[i] != Lexeme::code) {
      ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < code.size() && (is_ident_char(code[i]) || code[i] == '\'' || code[i] == '.')) ++i;
    } else if (is_ident_char(c)) {
      const std::size_t start = i;
      while (i < code.size() && is_ident_char(code[i])) ++i;
      const std::string_view before = previous_significant(start);
      if (before != "." && before != "->" && before != "::") {
        out.emplace(code.substr(start, i - start));
      }
    } else {
      ++i;
    }
  }
  return out;
}

CallBody call_body(std::string_view call) {
  const std::vector<Lexeme> kinds = classify(call);
  std::size_t first = call.size();
  std::size_t last = call.size();
  for (std::size_t i = 0; i < call.size(); ++i) {
    if (!is_code(call, kinds, i)) continue;
    if (first == call.size()) first = i;
    last = i;
  }
  CallBody body;
  if (first == call.size()) return body;  // nothing but comments: the loader rejects it

  body.expression = call[first] != '{';
  std::size_t word_end = first;
  while (word_end < call.size() && is_ident_char(call[word_end])) ++word_end;
  if (is_statement_keyword(call.substr(first, word_end - first))) body.expression = false;
  int depth = 0;
  for (std::size_t i = first; i < last && body.expression; ++i) {
    if (kinds[i] != Lexeme::code) continue;
    const char c = call[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == ';' && depth == 0) body.expression = false;
  }

  const std::size_t begin = call.find_first_not_of(" \t\r\n");
  std::size_t end = call.find_last_not_of(" \t\r\n") + 1;
  std::string code(call.substr(begin, end - begin));
  first -= begin;
  last -= begin;
  if (code[last] != ';' && code[last] != '}') code.insert(last + 1, ";");
  if (body.expression) code.insert(first, "return ");
  body.code = std::move(code);
  return body;
}

std::string with_line_breaks(std::string_view call, const std::vector<std::size_t>& breaks) {
  const std::vector<Lexeme> kinds = classify(call);
  std::string out(call);
  for (const std::size_t at : breaks) {
    if (at >= call.size() || call[at] != ' ' || kinds[at] != Lexeme::code) return std::string(call);
    out[at] = '\n';
  }
  return out;
}

}  // namespace jitbench::gen
