#include "code_writer.hpp"

#include <stdexcept>

namespace jitbench::gen {

void CodeWriter::emit(std::string_view text, const Vars& vars) {
  std::vector<bool> used(vars.size(), false);
  std::string expanded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      expanded += text[i];
      continue;
    }
    const std::size_t end = text.find('$', i + 1);
    if (end == std::string_view::npos) {
      throw std::logic_error("unterminated placeholder in template: " + std::string(text));
    }
    const std::string_view name = text.substr(i + 1, end - i - 1);
    if (name.empty()) {
      expanded += '$';
    } else {
      std::size_t v = 0;
      while (v < vars.size() && vars[v].first != name) ++v;
      if (v == vars.size()) {
        throw std::logic_error("no value for placeholder $" + std::string(name) + "$");
      }
      expanded += vars[v].second;
      used[v] = true;
    }
    i = end;
  }
  for (std::size_t v = 0; v < vars.size(); ++v) {
    if (!used[v]) throw std::logic_error("unused template variable '" + vars[v].first + "'");
  }
  append(expanded);
}

void CodeWriter::directive(std::string_view line) {
  if (!at_line_start_) throw std::logic_error("directive() in the middle of a line");
  out_ += line;
  out_ += '\n';
  ++line_;
}

void CodeWriter::append(std::string_view text) {
  for (char c : text) {
    if (c == '\n') {
      ++line_;
      at_line_start_ = true;
    } else if (at_line_start_) {
      out_.append(static_cast<std::size_t>(indent_), ' ');
      at_line_start_ = false;
    }
    out_ += c;
  }
}

std::string cpp_string_literal(std::string_view text) {
  static const char digits[] = "01234567";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '?':
        out += (i > 0 && text[i - 1] == '?') ? "\\?" : "?";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {  // three octal digits: never runs into what follows
          out += '\\';
          out += digits[(c >> 6) & 7];
          out += digits[(c >> 3) & 7];
          out += digits[c & 7];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string wrap_list(const std::vector<std::string>& items, int column, int hanging, int width,
                      const std::string& separator) {
  std::string out;
  const int start = column;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string piece = items[i] + (i + 1 < items.size() ? separator : "");
    if (column > start && column + 1 + static_cast<int>(piece.size()) > width) {
      out += "\n" + std::string(static_cast<std::size_t>(hanging), ' ');
      column = start;
    } else if (column > start) {
      out += ' ';
      ++column;
    }
    out += piece;
    column += static_cast<int>(piece.size());
  }
  return out;
}

}  // namespace jitbench::gen
