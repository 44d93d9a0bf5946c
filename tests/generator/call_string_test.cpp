#include "call_string.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace jitbench::gen {
namespace {

TEST(CallString, FreeIdentifiersSkipMembersQualifiedNamesLiteralsAndComments) {
  EXPECT_EQ(free_identifiers("ns::f<T>(x, cfg.y, p->z, \"w\", 'v', 1'000) // u\n/* t */ s"),
            (std::set<std::string>{"T", "cfg", "ns", "p", "s", "x"}));
}

TEST(CallString, AnExpressionIsReturnedWithItsFinalSemicolon) {
  const CallBody body = call_body("  kernels::copy(y, x, n, stream)  ");
  EXPECT_TRUE(body.expression);
  EXPECT_EQ(body.code, "return kernels::copy(y, x, n, stream);");
  EXPECT_EQ(call_body("f(x);").code, "return f(x);");
}

TEST(CallString, CommentsStayWhereTheyAre) {
  EXPECT_EQ(call_body("f(x)  // why").code, "return f(x);  // why");
  EXPECT_EQ(call_body("/* first */ f(x)").code, "/* first */ return f(x);");
  EXPECT_EQ(call_body("f(\";\") // ;").code, "return f(\";\"); // ;");
}

TEST(CallString, SemicolonsInsideBracketsKeepAnExpression) {
  const CallBody body = call_body("launch([&] { f(x); g(x); }, stream)");
  EXPECT_TRUE(body.expression);
  EXPECT_EQ(body.code, "return launch([&] { f(x); g(x); }, stream);");
}

TEST(CallString, StatementsRunAsWritten) {
  const CallBody two = call_body("f(x);\ng(x);\n");
  EXPECT_FALSE(two.expression);
  EXPECT_EQ(two.code, "f(x);\ng(x);");
  EXPECT_EQ(call_body("f(x); return cudaGetLastError()").code, "f(x); return cudaGetLastError();");
  EXPECT_FALSE(call_body("return f(x);").expression);
  EXPECT_FALSE(call_body("if (n > 0) f(x)").expression);
  EXPECT_EQ(call_body("{ f(x); }").code, "{ f(x); }");
  EXPECT_FALSE(call_body("{ f(x); }").expression);
}

TEST(CallString, LineBreaksOnlyBetweenTokens) {
  EXPECT_EQ(with_line_breaks("f(x, y) + g(z)", {4, 7}), "f(x,\ny)\n+ g(z)");
  // In a literal or a `//` comment a break would change the code: the call stays one line.
  EXPECT_EQ(with_line_breaks("f(\"a b\", y)", {4}), "f(\"a b\", y)");
  EXPECT_EQ(with_line_breaks("f(x) // a b", {4, 9}), "f(x) // a b");
  EXPECT_EQ(with_line_breaks("f(x)", {}), "f(x)");
}

}  // namespace
}  // namespace jitbench::gen
