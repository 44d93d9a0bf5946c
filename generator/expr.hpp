#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::gen {

// The spec's integer expressions: shapes, skip_if, flops, byte counts, randperm ranges.
//
//   expr := expr '||' expr | expr '&&' expr | sum [cmp sum] | ...
//   integers, param names, + - * / %, parentheses, == != < <= > >=, && || !, unary + - !,
//   min(a, b), max(a, b)
//
// Precedence is C++'s, so the emitted C++ means what the spec says; comparisons do not chain
// (`a < b < c` is an error, as it is a trap in C++). Values are 64-bit signed integers; a
// comparison or a logical operator gives 0 or 1; `/` and `%` truncate toward zero as in C++;
// `&&` and `||` short-circuit. A constant sub-expression (`2 * 1024 * 1024`) is checked and folded
// when parsed: dividing by a constant zero or overflowing is a parse error.
enum class ExprOp {
  integer,
  name,
  negate,
  plus,
  logical_not,
  add,
  subtract,
  multiply,
  divide,
  modulo,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  logical_and,
  logical_or,
  min,
  max,
};

struct ExprNode {
  ExprOp op = ExprOp::integer;
  std::int64_t value = 0;  // integer
  std::string name;        // name
  int param = -1;          // name: index into the values given to evaluate(); see resolve_names
  int lhs = -1;            // operand of a unary op, first operand of a binary one
  int rhs = -1;
  int offset = 0;  // of the node's first character (an operator: the operator) in the text
};

// A parsed expression. Nodes are stored flat, children before parents, so that copying and
// destroying never recurse; the root is the last node.
struct Expr {
  std::string text;
  std::vector<ExprNode> nodes;

  const ExprNode& root() const { return nodes.back(); }
  // The names the expression uses, in order of first use.
  std::vector<std::string> names() const;
};

// Where parsing or evaluation went wrong: a message and the offset in the text it is about.
struct ExprError {
  int offset = 0;
  std::string message;
};

// Pathological input guards: longer text or deeper nesting is a parse error, not a stack
// overflow.
inline constexpr std::size_t max_expr_length = 1024;
inline constexpr int max_expr_depth = 64;

struct ParsedExpr {
  std::optional<Expr> expr;
  ExprError error;  // when !expr
};
ParsedExpr parse_expr(std::string_view text);

// Sets ExprNode::param of every name node to its index in `params`; returns one error for each
// name that is not there.
std::vector<ExprError> resolve_names(Expr& expr, const std::vector<std::string>& params);

// Evaluates with `params[i]` for the name nodes whose `param` is i. Division by zero and
// overflow are errors.
struct EvalResult {
  std::int64_t value = 0;
  std::optional<ExprError> error;
};
EvalResult evaluate(const Expr& expr, const std::vector<std::int64_t>& params);

// C++ text of the expression, for a context that wants a std::int64_t (shapes, byte counts) or
// a bool (skip_if). Names are emitted as they are: the caller binds them to locals.
std::string to_cpp_integer(const Expr& expr);
std::string to_cpp_condition(const Expr& expr);
// Whether to_cpp_* needs <algorithm> (min, max).
bool uses_min_max(const Expr& expr);

}  // namespace jitbench::gen
