#include "code_writer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace jitbench::gen {
namespace {

TEST(CodeWriter, FillsPlaceholdersAndIndents) {
  CodeWriter w;
  w.emit("void $name$() {\n", {{"name", "run"}});
  {
    auto indent = w.indent();
    w.emit("launch($a$, $a$);\n\nreturn;  // costs $$0\n", {{"a", "x"}});
  }
  w.emit("}\n");
  EXPECT_EQ(w.str(), "void run() {\n  launch(x, x);\n\n  return;  // costs $0\n}\n");
}

TEST(CodeWriter, DirectivesStartInColumnZeroAndLinesAreCounted) {
  CodeWriter w;
  EXPECT_EQ(w.line(), 1);
  w.emit("{\n");
  auto indent = w.indent();
  w.directive("#line 7 \"a.yaml\"");
  w.emit("call();\n");
  EXPECT_EQ(w.line(), 4);
  EXPECT_EQ(w.str(), "{\n#line 7 \"a.yaml\"\n  call();\n");
}

TEST(CodeWriter, RejectsAPlaceholderWithoutValue) {
  CodeWriter w;
  EXPECT_THROW(w.emit("$missing$\n"), std::logic_error);
  EXPECT_THROW(w.emit("$unterminated\n"), std::logic_error);
}

TEST(CodeWriter, RejectsAnUnusedValue) {
  CodeWriter w;
  EXPECT_THROW(w.emit("text\n", {{"unused", "x"}}), std::logic_error);
}

TEST(CodeWriter, DirectiveMidLineIsABug) {
  CodeWriter w;
  w.emit("int x");
  EXPECT_THROW(w.directive("#endif"), std::logic_error);
}

TEST(CppStringLiteral, EscapesWhatCxxNeeds) {
  EXPECT_EQ(cpp_string_literal("plain"), "\"plain\"");
  EXPECT_EQ(cpp_string_literal("a \"q\" \\ b"), "\"a \\\"q\\\" \\\\ b\"");
  EXPECT_EQ(cpp_string_literal("tab\tnl\n"), "\"tab\\tnl\\n\"");
  EXPECT_EQ(cpp_string_literal(std::string("\x01"
                                           "1",
                                           2)),
            "\"\\0011\"");
  EXPECT_EQ(cpp_string_literal("what?"
                               "?!"),
            "\"what?\\?!\"");
  EXPECT_EQ(cpp_string_literal("\xc3\xa9t\xc3\xa9"), "\"\xc3\xa9t\xc3\xa9\"");
}

TEST(WrapList, WrapsBeforeTheWidthAndHangsUnderTheFirstItem) {
  EXPECT_EQ(wrap_list({"a", "b", "c"}, 0, 0), "a, b, c");
  EXPECT_EQ(wrap_list({"aaaa", "bbbb", "cccc"}, 4, 4, 16), "aaaa, bbbb,\n    cccc");
  EXPECT_EQ(wrap_list({"x == 1", "y == 2"}, 0, 2, 12, " &&"), "x == 1 &&\n  y == 2");
  EXPECT_EQ(wrap_list({}, 0, 0), "");
}

}  // namespace
}  // namespace jitbench::gen
