#include "expr.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jitbench::gen {
namespace {

// Parses `text` over params a, b and c (2, 3 and 0 unless given), which must succeed.
Expr parse(const std::string& text) {
  ParsedExpr parsed = parse_expr(text);
  EXPECT_TRUE(parsed.expr) << text << ": " << parsed.error.message;
  Expr expr = parsed.expr ? *parsed.expr : Expr{};
  EXPECT_TRUE(resolve_names(expr, {"a", "b", "c"}).empty()) << text;
  return expr;
}

std::int64_t eval(const std::string& text, std::vector<std::int64_t> params = {2, 3, 0}) {
  const Expr expr = parse(text);
  const EvalResult r = evaluate(expr, params);
  EXPECT_FALSE(r.error) << text << ": " << (r.error ? r.error->message : "");
  return r.value;
}

ExprError parse_error(const std::string& text) {
  const ParsedExpr parsed = parse_expr(text);
  EXPECT_FALSE(parsed.expr) << text;
  return parsed.error;
}

TEST(Expr, EvaluatesWithCxxPrecedence) {
  EXPECT_EQ(eval("42"), 42);
  EXPECT_EQ(eval("a + b * 4"), 14);
  EXPECT_EQ(eval("(a + b) * 4"), 20);
  EXPECT_EQ(eval("a - b - 1"), -2);
  EXPECT_EQ(eval("-7 / 2"), -3);  // truncates toward zero, as C++
  EXPECT_EQ(eval("-7 % 2"), -1);
  EXPECT_EQ(eval("a < b"), 1);
  EXPECT_EQ(eval("a >= b"), 0);
  EXPECT_EQ(eval("a == 2 && b != 2"), 1);
  EXPECT_EQ(eval("a == 1 || b == 1 && c == 0"), 0);
  EXPECT_EQ(eval("!c"), 1);
  EXPECT_EQ(eval("!!a"), 1);
  EXPECT_EQ(eval("-(-a)"), 2);
  EXPECT_EQ(eval("+a"), 2);
  EXPECT_EQ(eval("min(a, b) * max(a, b)"), 6);
  EXPECT_EQ(eval("max(min(a, 1), -5)"), 1);
  EXPECT_EQ(eval("(a < b) * 10"), 10);
  EXPECT_EQ(eval("9223372036854775807"), INT64_MAX);
}

TEST(Expr, ShortCircuitsLikeCxx) {
  EXPECT_EQ(eval("c != 0 && a / c > 1"), 0);
  EXPECT_EQ(eval("c == 0 || a / c > 1"), 1);
}

TEST(Expr, ReportsDivisionByZeroAndOverflowWhenEvaluated) {
  const Expr expr = parse("a / c");
  const EvalResult r = evaluate(expr, {2, 3, 0});
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message, "division by zero");
  EXPECT_EQ(r.error->offset, 2);
  const EvalResult big = evaluate(parse("a * b"), {INT64_MAX, 2, 0});
  ASSERT_TRUE(big.error);
  EXPECT_EQ(big.error->message, "overflows a 64-bit integer");
  EXPECT_TRUE(evaluate(parse("a % b"), {INT64_MIN, -1, 0}).error);
  EXPECT_TRUE(evaluate(parse("-a"), {INT64_MIN, 0, 0}).error);
}

TEST(Expr, ConstantErrorsAreParseErrors) {
  EXPECT_EQ(parse_error("a / 0").message, "division by zero");
  EXPECT_EQ(parse_error("a / 0").offset, 2);
  EXPECT_EQ(parse_error("c == 0 || a % (2 - 2)").message, "division by zero");
  EXPECT_EQ(parse_error("4611686018427387904 * 2").message, "overflows a 64-bit integer");
}

TEST(Expr, SyntaxErrorsSayWhatAndWhere) {
  struct Case {
    const char* text;
    int offset;
    const char* message;
  };
  const Case cases[] = {
      {"", 0, "expected an expression"},
      {"   ", 3, "expected an expression"},
      {"a +", 3, "expected an expression at the end"},
      {"a + * b", 4, "expected an expression before '*'"},
      {"(a + b", 6, "expected ')'"},
      {"a b", 2, "unexpected 'b' after the expression"},
      {"a = b", 2, "'=' is not an operator (did you mean '=='?)"},
      {"a & b", 2, "'&' is not an operator (did you mean '&&'?)"},
      {"a | b", 2, "'|' is not an operator (did you mean '||'?)"},
      {"a ^ b", 2, "unexpected character '^'"},
      {"1.5 * a", 0,
       "'1.5' is not an integer: expressions compute with 64-bit integers (a decimal number "
       "such as 1e-6 stands alone, as the value of a float or double argument)"},
      {"1e-6 * hidden", 0,
       "'1e-6' is not an integer: expressions compute with 64-bit integers (a decimal number "
       "such as 1e-6 stands alone, as the value of a float or double argument)"},
      {"1e", 0, "invalid integer '1e'"},
      {"0x10", 0, "invalid integer '0x10'"},
      {"2x", 0, "invalid integer '2x'"},
      {"99999999999999999999", 0, "integer '99999999999999999999' does not fit in 64 bits"},
      {"a < b < c", 6, "comparisons do not chain; write 'a < b && b < c'"},
      {"sqrt(a)", 0, "unknown function 'sqrt'; expressions call only min() and max()"},
      {"mix(a, b)", 0,
       "unknown function 'mix'; expressions call only min() and max() (did you mean 'min'?)"},
      {"min(a)", 5, "min() takes two arguments"},
      {"max(a, b, c)", 8, "max() takes two arguments"},
  };
  for (const Case& c : cases) {
    const ExprError error = parse_error(c.text);
    EXPECT_EQ(error.message, c.message) << c.text;
    EXPECT_EQ(error.offset, c.offset) << c.text;
  }
}

TEST(Expr, PathologicalInputIsAnErrorNotACrash) {
  EXPECT_EQ(parse_error(std::string(100, '(') + "a" + std::string(100, ')')).message,
            "expression nested more than 64 levels deep");
  EXPECT_EQ(parse_error(std::string(1000, '-') + "a").message,
            "expression nested more than 64 levels deep");
  EXPECT_EQ(parse_error(std::string(2000, 'a')).message,
            "expression is 2000 characters long; the limit is 1024");
  std::string long_sum = "a";
  while (long_sum.size() < 1000) long_sum += " + a";
  EXPECT_EQ(eval(long_sum, {1, 0, 0}), 251);
}

TEST(Expr, ResolvesNamesAndSuggests) {
  ParsedExpr parsed = parse_expr("batch * hedd_dim");
  ASSERT_TRUE(parsed.expr);
  const auto errors = resolve_names(*parsed.expr, {"batch", "head_dim"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].offset, 8);
  EXPECT_EQ(errors[0].message, "unknown param 'hedd_dim' (did you mean 'head_dim'?)");
  EXPECT_EQ(parsed.expr->names(), (std::vector<std::string>{"batch", "hedd_dim"}));
}

TEST(Expr, EmitsCxxThatMeansTheSame) {
  EXPECT_EQ(to_cpp_integer(parse("a + b * 4")), "a + b * 4");
  EXPECT_EQ(to_cpp_integer(parse("(a + b) * 4")), "(a + b) * 4");
  EXPECT_EQ(to_cpp_integer(parse("a - (b - 1)")), "a - (b - 1)");
  EXPECT_EQ(to_cpp_integer(parse("a - b - 1")), "a - b - 1");
  EXPECT_EQ(to_cpp_integer(parse("min(a, b)")), "std::min<std::int64_t>(a, b)");
  EXPECT_EQ(to_cpp_integer(parse("-(-a)")), "-(-a)");
  EXPECT_EQ(to_cpp_integer(parse("-(a + 1)")), "-(a + 1)");
  // A constant that C++ `int` arithmetic would overflow is folded; a small one stays as written.
  EXPECT_EQ(to_cpp_integer(parse("2 * 1024 * 1024 * 1024 * a")), "2147483648 * a");
  EXPECT_EQ(to_cpp_integer(parse("2 * 1024 * a")), "2 * 1024 * a");
  // Booleans where an integer is wanted, and the reverse, say so explicitly (GCC warns else).
  EXPECT_EQ(to_cpp_integer(parse("(a > 1) * 5")), "std::int64_t{a > 1} * 5");
  EXPECT_EQ(to_cpp_condition(parse("(a < b) == c")), "std::int64_t{a < b} == c");
  EXPECT_EQ(to_cpp_condition(parse("a * b && c")), "a * b != 0 && c");
  EXPECT_EQ(to_cpp_condition(parse("a")), "a");
  EXPECT_EQ(to_cpp_condition(parse("!(a - 1)")), "!(a - 1 != 0)");
  EXPECT_EQ(to_cpp_condition(parse("!(a < b)")), "!(a < b)");
  EXPECT_EQ(to_cpp_condition(parse("a || b && c")), "a || (b && c)");
  EXPECT_EQ(to_cpp_condition(parse("(a || b) && c")), "(a || b) && c");
  EXPECT_EQ(to_cpp_condition(parse("a == 1 && b > 2")), "a == 1 && b > 2");
  EXPECT_TRUE(uses_min_max(parse("1 + max(a, 2)")));
  EXPECT_FALSE(uses_min_max(parse("a")));
}

}  // namespace
}  // namespace jitbench::gen
