#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jitbench::gen {

// Writes generated C++ the way protobuf's io::Printer does: text templates with named
// placeholders filled from a map given with each call, so that a template reads like the code it
// makes.
//
//   CodeWriter w;
//   w.emit("void $name$() {\n", {{"name", "run"}});
//   {
//     auto indent = w.indent();
//     w.emit("launch();\n");
//   }
//   w.emit("}\n");
//
// `$name$` is replaced by the value of `name`; `$$` is a dollar sign. A placeholder without a
// value, or a value that no placeholder uses, is a bug in the generator: emit() throws
// std::logic_error. Every line starts with the current indentation (two spaces a level), except
// empty lines and directive() lines, which preprocessor directives need.
class CodeWriter {
 public:
  using Vars = std::vector<std::pair<std::string, std::string>>;

  // Undoes its indent() when it goes out of scope.
  class Indent {
   public:
    explicit Indent(CodeWriter& writer) : writer_(&writer) { writer_->indent_ += 2; }
    Indent(const Indent&) = delete;
    Indent& operator=(const Indent&) = delete;
    ~Indent() { writer_->indent_ -= 2; }

   private:
    CodeWriter* writer_;
  };

  void emit(std::string_view text, const Vars& vars = {});
  // One line in column 0, such as `#line 12 "specs/x.yaml"`. Must be at the start of a line.
  void directive(std::string_view line);
  [[nodiscard]] Indent indent() { return Indent(*this); }

  int indentation() const { return indent_; }
  // The 1-based number of the line that the next character written is on.
  int line() const { return line_; }
  const std::string& str() const { return out_; }

 private:
  void append(std::string_view text);

  std::string out_;
  int indent_ = 0;
  int line_ = 1;
  bool at_line_start_ = true;
};

// A C++ string literal for `text`: quotes, escapes for quotes, backslashes, control characters
// and `??` (a trigraph to older compilers); other bytes, UTF-8 included, as they are.
std::string cpp_string_literal(std::string_view text);

// `items` joined with `separator` and a space, and wrapped after a separator before column
// `width`: the first item starts at column `column` (0-based); each continuation line starts
// with `hanging` spaces, to which the writer adds its indentation, so that it lines up under the
// first item.
std::string wrap_list(const std::vector<std::string>& items, int column, int hanging,
                      int width = 100, const std::string& separator = ",");

}  // namespace jitbench::gen
