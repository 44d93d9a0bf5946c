#include "expr.hpp"

#include "diagnostic.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>

namespace jitbench::gen {

namespace {

bool is_binary(ExprOp op) { return op >= ExprOp::add && op <= ExprOp::max; }
bool is_unary(ExprOp op) { return op >= ExprOp::negate && op <= ExprOp::logical_not; }
bool is_comparison(ExprOp op) { return op >= ExprOp::equal && op <= ExprOp::greater_equal; }
bool is_boolean(ExprOp op) {
  return is_comparison(op) || op == ExprOp::logical_and || op == ExprOp::logical_or ||
         op == ExprOp::logical_not;
}

const char* spelling(ExprOp op) {
  switch (op) {
    case ExprOp::negate:
      return "-";
    case ExprOp::plus:
      return "+";
    case ExprOp::logical_not:
      return "!";
    case ExprOp::add:
      return "+";
    case ExprOp::subtract:
      return "-";
    case ExprOp::multiply:
      return "*";
    case ExprOp::divide:
      return "/";
    case ExprOp::modulo:
      return "%";
    case ExprOp::equal:
      return "==";
    case ExprOp::not_equal:
      return "!=";
    case ExprOp::less:
      return "<";
    case ExprOp::less_equal:
      return "<=";
    case ExprOp::greater:
      return ">";
    case ExprOp::greater_equal:
      return ">=";
    case ExprOp::logical_and:
      return "&&";
    case ExprOp::logical_or:
      return "||";
    case ExprOp::min:
      return "min";
    case ExprOp::max:
      return "max";
    case ExprOp::integer:
    case ExprOp::name:
      break;
  }
  return "";
}

// Applies a non-short-circuit operator. Returns the error message, or "" on success.
std::string apply(ExprOp op, std::int64_t a, std::int64_t b, std::int64_t& out) {
  switch (op) {
    case ExprOp::negate:
      if (a == std::numeric_limits<std::int64_t>::min()) return "overflows a 64-bit integer";
      out = -a;
      return "";
    case ExprOp::plus:
      out = a;
      return "";
    case ExprOp::logical_not:
      out = a == 0;
      return "";
    case ExprOp::add:
      return __builtin_add_overflow(a, b, &out) ? "overflows a 64-bit integer" : "";
    case ExprOp::subtract:
      return __builtin_sub_overflow(a, b, &out) ? "overflows a 64-bit integer" : "";
    case ExprOp::multiply:
      return __builtin_mul_overflow(a, b, &out) ? "overflows a 64-bit integer" : "";
    case ExprOp::divide:
    case ExprOp::modulo:
      if (b == 0) return "division by zero";
      if (a == std::numeric_limits<std::int64_t>::min() && b == -1) {
        return "overflows a 64-bit integer";
      }
      out = op == ExprOp::divide ? a / b : a % b;
      return "";
    case ExprOp::equal:
      out = a == b;
      return "";
    case ExprOp::not_equal:
      out = a != b;
      return "";
    case ExprOp::less:
      out = a < b;
      return "";
    case ExprOp::less_equal:
      out = a <= b;
      return "";
    case ExprOp::greater:
      out = a > b;
      return "";
    case ExprOp::greater_equal:
      out = a >= b;
      return "";
    case ExprOp::logical_and:
      out = a != 0 && b != 0;
      return "";
    case ExprOp::logical_or:
      out = a != 0 || b != 0;
      return "";
    case ExprOp::min:
      out = std::min(a, b);
      return "";
    case ExprOp::max:
      out = std::max(a, b);
      return "";
    case ExprOp::integer:
    case ExprOp::name:
      break;
  }
  return "";
}

bool fits_int32(std::int64_t v) {
  return v >= std::numeric_limits<std::int32_t>::min() &&
         v <= std::numeric_limits<std::int32_t>::max();
}

struct Token {
  enum class Kind { end, integer, name, op, lparen, rparen, comma };
  Kind kind = Kind::end;
  std::string text;
  int offset = 0;
};

struct ParseFailure {
  ExprError error;
};

// Recursive descent, one function a precedence level. Depth is bounded by max_expr_depth and
// the text by max_expr_length, so recursion stays shallow whatever the input.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { advance(); }

  Expr parse() {
    expr_.text = std::string(text_);
    if (token_.kind == Token::Kind::end) fail(token_.offset, "expected an expression");
    logical_or();
    if (token_.kind != Token::Kind::end) {
      fail(token_.offset, "unexpected '" + token_.text + "' after the expression");
    }
    return std::move(expr_);
  }

 private:
  [[noreturn]] void fail(int offset, std::string message) {
    throw ParseFailure{{offset, std::move(message)}};
  }

  void advance() {
    std::size_t i = pos_;
    while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
    token_ = Token{};
    token_.offset = static_cast<int>(i);
    if (i == text_.size()) {
      pos_ = i;
      return;
    }
    const char c = text_[i];
    auto take = [&](Token::Kind kind, std::size_t length) {
      token_.kind = kind;
      token_.text = std::string(text_.substr(i, length));
      pos_ = i + length;
    };
    auto next_is = [&](char n) { return i + 1 < text_.size() && text_[i + 1] == n; };
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '.')) {
        ++j;
      }
      // The sign of an exponent (1e-6) belongs to the number, for the message below.
      if ((text_[j - 1] == 'e' || text_[j - 1] == 'E') && j + 1 < text_.size() &&
          (text_[j] == '-' || text_[j] == '+') &&
          std::isdigit(static_cast<unsigned char>(text_[j + 1]))) {
        ++j;
        while (j < text_.size() && std::isalnum(static_cast<unsigned char>(text_[j]))) ++j;
      }
      take(Token::Kind::integer, j - i);
      const std::string& t = token_.text;
      if (std::all_of(t.begin(), t.end(),
                      [](char d) { return std::isdigit(static_cast<unsigned char>(d)); })) {
        return;
      }
      char* end = nullptr;
      std::strtod(t.c_str(), &end);
      const bool hex = t.find_first_of("xX") != std::string::npos;  // strtod reads 0x1p3 too
      if (end == t.c_str() + t.size() && !hex) {
        fail(token_.offset, "'" + t +
                                "' is not an integer: expressions compute with 64-bit integers "
                                "(a decimal number such as 1e-6 stands alone, as the value of a "
                                "float or double argument)");
      }
      fail(token_.offset, "invalid integer '" + t + "'");
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '_')) {
        ++j;
      }
      take(Token::Kind::name, j - i);
      return;
    }
    switch (c) {
      case '(':
        take(Token::Kind::lparen, 1);
        return;
      case ')':
        take(Token::Kind::rparen, 1);
        return;
      case ',':
        take(Token::Kind::comma, 1);
        return;
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        take(Token::Kind::op, 1);
        return;
      case '<':
      case '>':
      case '!':
        take(Token::Kind::op, next_is('=') ? 2 : 1);
        return;
      case '=':
        if (next_is('=')) return take(Token::Kind::op, 2);
        fail(token_.offset, "'=' is not an operator (did you mean '=='?)");
      case '&':
        if (next_is('&')) return take(Token::Kind::op, 2);
        fail(token_.offset, "'&' is not an operator (did you mean '&&'?)");
      case '|':
        if (next_is('|')) return take(Token::Kind::op, 2);
        fail(token_.offset, "'|' is not an operator (did you mean '||'?)");
      default:
        break;
    }
    const bool printable = std::isprint(static_cast<unsigned char>(c));
    fail(token_.offset,
         printable ? "unexpected character '" + std::string(1, c) + "'" : "unexpected character");
  }

  bool at_op(std::string_view op) const {
    return token_.kind == Token::Kind::op && token_.text == op;
  }

  // Appends an operator node over operands already parsed (children before parents).
  int push(ExprOp op, int lhs, int rhs, int offset) {
    ExprNode node;
    node.op = op;
    node.lhs = lhs;
    node.rhs = rhs;
    node.offset = offset;
    expr_.nodes.push_back(std::move(node));
    return static_cast<int>(expr_.nodes.size()) - 1;
  }

  void enter() {
    if (++depth_ > max_expr_depth) {
      fail(token_.offset,
           "expression nested more than " + std::to_string(max_expr_depth) + " levels deep");
    }
  }

  using Level = int (Parser::*)();

  int binary_level(Level next, std::initializer_list<std::pair<const char*, ExprOp>> ops) {
    int lhs = (this->*next)();
    for (;;) {
      const auto match = std::find_if(ops.begin(), ops.end(),
                                      [&](const auto& entry) { return at_op(entry.first); });
      if (match == ops.end()) return lhs;
      const int offset = token_.offset;
      advance();
      const int rhs = (this->*next)();
      lhs = push(match->second, lhs, rhs, offset);
    }
  }

  int logical_or() { return binary_level(&Parser::logical_and, {{"||", ExprOp::logical_or}}); }
  int logical_and() { return binary_level(&Parser::comparison, {{"&&", ExprOp::logical_and}}); }

  int comparison() {
    static const std::pair<const char*, ExprOp> ops[] = {
        {"==", ExprOp::equal},      {"!=", ExprOp::not_equal}, {"<", ExprOp::less},
        {"<=", ExprOp::less_equal}, {">", ExprOp::greater},    {">=", ExprOp::greater_equal}};
    const int lhs = sum();
    const auto match = [&]() -> const std::pair<const char*, ExprOp>* {
      for (const auto& entry : ops) {
        if (at_op(entry.first)) return &entry;
      }
      return nullptr;
    };
    const auto* op = match();
    if (!op) return lhs;
    const int offset = token_.offset;
    advance();
    const int rhs = sum();
    if (match()) {
      fail(token_.offset, "comparisons do not chain; write 'a < b && b < c'");
    }
    return push(op->second, lhs, rhs, offset);
  }

  int sum() {
    return binary_level(&Parser::product, {{"+", ExprOp::add}, {"-", ExprOp::subtract}});
  }
  int product() {
    return binary_level(&Parser::unary,
                        {{"*", ExprOp::multiply}, {"/", ExprOp::divide}, {"%", ExprOp::modulo}});
  }

  int unary() {
    ExprOp op;
    if (at_op("-")) {
      op = ExprOp::negate;
    } else if (at_op("+")) {
      op = ExprOp::plus;
    } else if (at_op("!")) {
      op = ExprOp::logical_not;
    } else {
      return primary();
    }
    enter();
    const int offset = token_.offset;
    advance();
    const int operand = unary();
    --depth_;
    return push(op, operand, -1, offset);
  }

  int primary() {
    const Token token = token_;
    switch (token.kind) {
      case Token::Kind::integer: {
        advance();
        ExprNode node;
        node.op = ExprOp::integer;
        node.offset = token.offset;
        std::int64_t value = 0;
        for (char d : token.text) {
          if (__builtin_mul_overflow(value, 10, &value) ||
              __builtin_add_overflow(value, d - '0', &value)) {
            fail(token.offset, "integer '" + token.text + "' does not fit in 64 bits");
          }
        }
        node.value = value;
        expr_.nodes.push_back(std::move(node));
        return static_cast<int>(expr_.nodes.size()) - 1;
      }
      case Token::Kind::name: {
        advance();
        if (token_.kind == Token::Kind::lparen) return call(token);
        ExprNode node;
        node.op = ExprOp::name;
        node.name = token.text;
        node.offset = token.offset;
        expr_.nodes.push_back(std::move(node));
        return static_cast<int>(expr_.nodes.size()) - 1;
      }
      case Token::Kind::lparen: {
        enter();
        advance();
        const int inner = logical_or();
        if (token_.kind != Token::Kind::rparen) {
          fail(token_.offset, "expected ')'");
        }
        advance();
        --depth_;
        return inner;
      }
      case Token::Kind::end:
        fail(token.offset, "expected an expression at the end");
      default:
        fail(token.offset, "expected an expression before '" + token.text + "'");
    }
  }

  int call(const Token& function) {
    ExprOp op;
    if (function.text == "min") {
      op = ExprOp::min;
    } else if (function.text == "max") {
      op = ExprOp::max;
    } else {
      fail(function.offset, "unknown function '" + function.text +
                                "'; expressions call only min() and max()" +
                                suggestion(did_you_mean(function.text, {"min", "max"})));
    }
    enter();
    advance();  // (
    const int lhs = logical_or();
    if (token_.kind != Token::Kind::comma) {
      fail(token_.offset, function.text + "() takes two arguments");
    }
    advance();
    const int rhs = logical_or();
    if (token_.kind != Token::Kind::rparen) {
      fail(token_.offset, token_.kind == Token::Kind::comma
                              ? function.text + "() takes two arguments"
                              : "expected ')' after the arguments of " + function.text + "()");
    }
    advance();
    --depth_;
    return push(op, lhs, rhs, function.offset);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token token_;
  Expr expr_;
  int depth_ = 0;
};

// What is known about a node without knowing the params: whether it is constant, its value,
// and whether C++ `int` arithmetic on its literals stays exact (else the emitter folds it).
struct Constant {
  bool constant = false;
  std::int64_t value = 0;
  bool fits_int = true;
};

std::vector<Constant> fold_constants(const Expr& expr, ExprError* error) {
  std::vector<Constant> info(expr.nodes.size());
  for (std::size_t i = 0; i < expr.nodes.size(); ++i) {
    const ExprNode& node = expr.nodes[i];
    Constant& c = info[i];
    if (node.op == ExprOp::integer) {
      c = {true, node.value, fits_int32(node.value)};
      continue;
    }
    if (node.op == ExprOp::name) continue;
    const Constant a = info[node.lhs];
    const Constant b = node.rhs >= 0 ? info[node.rhs] : Constant{true, 0, true};
    // A constant zero divisor is an error even where && or || would skip it: C++ rejects it.
    if ((node.op == ExprOp::divide || node.op == ExprOp::modulo) && b.constant && b.value == 0) {
      if (error) *error = {node.offset, "division by zero"};
      return {};
    }
    if (!a.constant || !b.constant) continue;
    std::int64_t value = 0;
    const std::string message = apply(node.op, a.value, b.value, value);
    if (!message.empty()) {
      if (error) *error = {node.offset, message};
      return {};
    }
    c = {true, value, a.fits_int && b.fits_int && fits_int32(value)};
  }
  return info;
}

}  // namespace

std::vector<std::string> Expr::names() const {
  std::vector<std::string> out;
  for (const ExprNode& node : nodes) {
    if (node.op == ExprOp::name && std::find(out.begin(), out.end(), node.name) == out.end()) {
      out.push_back(node.name);
    }
  }
  return out;
}

ParsedExpr parse_expr(std::string_view text) {
  ParsedExpr result;
  if (text.size() > max_expr_length) {
    result.error = {0, "expression is " + std::to_string(text.size()) +
                           " characters long; the limit is " + std::to_string(max_expr_length)};
    return result;
  }
  try {
    Expr expr = Parser(text).parse();
    ExprError error;
    if (fold_constants(expr, &error).empty()) {
      result.error = std::move(error);
      return result;
    }
    result.expr = std::move(expr);
  } catch (const ParseFailure& failure) {
    result.error = failure.error;
  }
  return result;
}

std::vector<ExprError> resolve_names(Expr& expr, const std::vector<std::string>& params) {
  std::vector<ExprError> errors;
  for (ExprNode& node : expr.nodes) {
    if (node.op != ExprOp::name) continue;
    const auto it = std::find(params.begin(), params.end(), node.name);
    if (it == params.end()) {
      errors.push_back({node.offset, "unknown param '" + node.name + "'" +
                                         suggestion(did_you_mean(node.name, params))});
    } else {
      node.param = static_cast<int>(it - params.begin());
    }
  }
  return errors;
}

namespace {

// Recursion depth is bounded by the node count, which max_expr_length bounds.
std::optional<std::int64_t> eval_node(const Expr& expr, int index,
                                      const std::vector<std::int64_t>& params, ExprError& error) {
  const ExprNode& node = expr.nodes[index];
  switch (node.op) {
    case ExprOp::integer:
      return node.value;
    case ExprOp::name:
      return params.at(node.param);
    case ExprOp::logical_and:
    case ExprOp::logical_or: {
      const auto a = eval_node(expr, node.lhs, params, error);
      if (!a) return std::nullopt;
      if ((node.op == ExprOp::logical_and) == (*a == 0)) return node.op == ExprOp::logical_or;
      const auto b = eval_node(expr, node.rhs, params, error);
      if (!b) return std::nullopt;
      return *b != 0;
    }
    default:
      break;
  }
  const auto a = eval_node(expr, node.lhs, params, error);
  if (!a) return std::nullopt;
  std::int64_t b = 0;
  if (node.rhs >= 0) {
    const auto value = eval_node(expr, node.rhs, params, error);
    if (!value) return std::nullopt;
    b = *value;
  }
  std::int64_t out = 0;
  std::string message = apply(node.op, *a, b, out);
  if (!message.empty()) {
    error = {node.offset, std::move(message)};
    return std::nullopt;
  }
  return out;
}

// C++ precedence, higher binds tighter.
int precedence(const ExprNode& node) {
  switch (node.op) {
    case ExprOp::integer:
      return node.value < 0 ? 15 : 100;
    case ExprOp::name:
    case ExprOp::min:
    case ExprOp::max:
      return 100;
    case ExprOp::negate:
    case ExprOp::plus:
    case ExprOp::logical_not:
      return 15;
    case ExprOp::multiply:
    case ExprOp::divide:
    case ExprOp::modulo:
      return 13;
    case ExprOp::add:
    case ExprOp::subtract:
      return 12;
    case ExprOp::less:
    case ExprOp::less_equal:
    case ExprOp::greater:
    case ExprOp::greater_equal:
      return 10;
    case ExprOp::equal:
    case ExprOp::not_equal:
      return 9;
    case ExprOp::logical_and:
      return 5;
    case ExprOp::logical_or:
      return 4;
  }
  return 0;
}

class CppWriter {
 public:
  explicit CppWriter(const Expr& expr) : expr_(expr), info_(fold_constants(expr, nullptr)) {}

  // The text of node `index` where the surrounding code wants an integer or a condition. A
  // condition operand that is arithmetic is compared with 0 (GCC warns on `a * b && c`); an
  // integer operand that is a bool is converted (GCC warns on `(a < b) < 2`).
  std::string integer(int index) {
    const ExprNode& node = expr_.nodes[index];
    if (is_boolean(node.op) && !folded(index)) return "std::int64_t{" + bare(index) + "}";
    return bare(index);
  }
  std::string condition(int index) {
    return compared_with_zero(index) ? bare(index) + " != 0" : bare(index);
  }

 private:
  // The precedence of what integer() or condition() makes of a node.
  int effective_precedence(int index, bool in_condition) const {
    const ExprNode& node = expr_.nodes[index];
    if (folded(index)) return info_[index].value < 0 ? 15 : 100;
    if (in_condition && compared_with_zero(index)) return 9;
    if (!in_condition && is_boolean(node.op)) return 100;  // std::int64_t{...}
    return precedence(node);
  }

  // Arithmetic operators in a condition: `a * b != 0`. Names, literals and calls stay bare.
  bool compared_with_zero(int index) const {
    const ExprNode& node = expr_.nodes[index];
    return !is_boolean(node.op) && (is_unary(node.op) || is_binary(node.op)) &&
           node.op != ExprOp::min && node.op != ExprOp::max && !folded(index);
  }

  bool folded(int index) const {
    const ExprNode& node = expr_.nodes[index];
    return node.op != ExprOp::integer && info_[index].constant && !info_[index].fits_int;
  }

  static std::string wrap(std::string text, bool parens) {
    return parens ? "(" + text + ")" : text;
  }

  static std::string literal(std::int64_t value) {
    if (value == std::numeric_limits<std::int64_t>::min()) return "(-9223372036854775807 - 1)";
    return std::to_string(value);
  }

  std::string bare(int index) {
    const ExprNode& node = expr_.nodes[index];
    if (node.op == ExprOp::integer || folded(index)) return literal(info_[index].value);
    if (node.op == ExprOp::name) return node.name;
    if (node.op == ExprOp::min || node.op == ExprOp::max) {
      return std::string("std::") + spelling(node.op) + "<std::int64_t>(" + integer(node.lhs) +
             ", " + integer(node.rhs) + ")";
    }
    const int own = precedence(node);
    if (is_unary(node.op)) {
      const bool logical = node.op == ExprOp::logical_not;
      std::string operand = logical ? condition(node.lhs) : integer(node.lhs);
      // Parenthesise any operand that is not a primary: `-(-a)`, never `--a`; `!(a * b != 0)`.
      const bool parens = effective_precedence(node.lhs, logical) < 100;
      return spelling(node.op) + wrap(std::move(operand), parens);
    }
    const bool logical = node.op == ExprOp::logical_and || node.op == ExprOp::logical_or;
    std::string lhs = logical ? condition(node.lhs) : integer(node.lhs);
    std::string rhs = logical ? condition(node.rhs) : integer(node.rhs);
    auto needs_parens = [&](int child, bool right) {
      const ExprNode& c = expr_.nodes[child];
      if (logical) {
        // `a != 0` from condition() binds tighter than && and ||; `a && b` inside || gets
        // parentheses because GCC asks for them.
        if (c.op == ExprOp::logical_and && node.op == ExprOp::logical_or) return true;
        if (c.op == ExprOp::logical_or && node.op == ExprOp::logical_and) return true;
        return right && c.op == node.op;
      }
      const int p = effective_precedence(child, false);
      return p < own || (right && p == own);
    };
    return wrap(std::move(lhs), needs_parens(node.lhs, false)) + " " + spelling(node.op) + " " +
           wrap(std::move(rhs), needs_parens(node.rhs, true));
  }

  const Expr& expr_;
  std::vector<Constant> info_;
};

}  // namespace

EvalResult evaluate(const Expr& expr, const std::vector<std::int64_t>& params) {
  EvalResult result;
  ExprError error;
  const auto value = eval_node(expr, static_cast<int>(expr.nodes.size()) - 1, params, error);
  if (value) {
    result.value = *value;
  } else {
    result.error = std::move(error);
  }
  return result;
}

std::string to_cpp_integer(const Expr& expr) {
  return CppWriter(expr).integer(static_cast<int>(expr.nodes.size()) - 1);
}

std::string to_cpp_condition(const Expr& expr) {
  return CppWriter(expr).condition(static_cast<int>(expr.nodes.size()) - 1);
}

bool uses_min_max(const Expr& expr) {
  return std::any_of(expr.nodes.begin(), expr.nodes.end(), [](const ExprNode& node) {
    return node.op == ExprOp::min || node.op == ExprOp::max;
  });
}

}  // namespace jitbench::gen
