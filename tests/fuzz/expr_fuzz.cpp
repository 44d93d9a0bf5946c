// Feeds arbitrary bytes to the expression parser. A parse must end in an expression or an error
// (never a crash or unbounded recursion); a parsed expression must resolve, evaluate (overflow
// and division by zero are errors, not undefined behaviour) and print as C++.

#include "expr.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  jitbench::gen::ParsedExpr parsed = jitbench::gen::parse_expr(text);
  if (!parsed.expr) return 0;
  jitbench::gen::Expr& expr = *parsed.expr;
  const std::vector<std::string> names = expr.names();
  if (!jitbench::gen::resolve_names(expr, names).empty()) __builtin_trap();  // all declared
  // Values that reach the interesting edges: zero, one, negative, and the int64 extremes.
  const std::int64_t edges[] = {0, 1, -1, 7, INT64_MAX, INT64_MIN};
  for (const std::int64_t edge : edges) {
    std::vector<std::int64_t> values(names.size(), edge);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] += edge == 7 ? std::int64_t(i) : 0;
    (void)jitbench::gen::evaluate(expr, values);
  }
  (void)jitbench::gen::to_cpp_integer(expr);
  (void)jitbench::gen::to_cpp_condition(expr);
  (void)jitbench::gen::uses_min_max(expr);
  return 0;
}
