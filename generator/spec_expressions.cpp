// The expressions of a spec: parsed where they stand, their names resolved to params (and, in a
// JIT impl, to sm_count and its lets).
#include "spec_sections.hpp"

#include <algorithm>
#include <cctype>

namespace jitbench::gen {

std::pair<SourceLoc, bool> Loader::text_start(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  SourceLoc loc = loc_of(node);
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return {loc, false};
  std::size_t pos = static_cast<std::size_t>(mark.pos);
  const char first = text_[pos];
  if (first == '|' || first == '>') return {loc, false};
  if (first == '"' || first == '\'') {
    ++pos;
    ++loc.column;
  }
  const std::string& value = node.Scalar();
  const bool exact =
      text_.substr(pos, value.size()) == value && value.find('\n') == std::string::npos;
  return {loc, exact};
}

bool Loader::check_names(SpecExpr& e, const std::string& what,
                         const std::vector<std::string>& more_names,
                         const std::vector<std::string>& later_lets) {
  std::vector<std::string> params = spec_.param_names();
  params.insert(params.end(), more_names.begin(), more_names.end());
  bool ok = true;
  for (const ExprError& error_at : resolve_names(e.expr, params)) {
    ok = false;
    const auto name_end = std::find_if_not(
        e.expr.text.begin() + error_at.offset, e.expr.text.end(),
        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    const std::string name(e.expr.text.begin() + error_at.offset, name_end);
    const auto declared = declared_.find(name);
    if (declared != declared_.end() && declared->second.first == "param") continue;
    if (!find_type(name) && !find_tensor(name) && refers_to_unusable(name, "params")) continue;
    std::string message;
    if (find_type(name)) {
      message = "type axis '" + name + "' in " + what + "; expressions use integer params";
    } else if (find_tensor(name)) {
      message = "tensor '" + name + "' in " + what + "; expressions use integer params";
    } else if (contains(later_lets, name)) {
      message = "let '" + name + "' in " + what +
                " is defined below it; a let sees the params, sm_count and the lets above it";
    } else {
      // A param whose declaration has an error is still the one a misspelling may mean.
      std::vector<std::string> meant = params;
      for (const auto& [declared_name, kind] : declared_) {
        if (kind.first == "param" && !contains(meant, declared_name))
          meant.push_back(declared_name);
      }
      std::vector<std::string> integers;  // what it may use: the params whose values are numbers
      for (const std::string& p : params) {
        const Param* param = find_param(p);
        if (param == nullptr || param->is_integer()) integers.push_back(p);
      }
      message =
          "unknown param '" + name + "' in " + what +
          suggestion(did_you_mean(name, meant),
                     integers.empty() ? std::string() : "; it may use " + quoted_list(integers));
    }
    error(e.at(error_at.offset), message);
  }
  for (const ExprNode& node : e.expr.nodes) {
    if (node.op != ExprOp::name || node.param < 0 ||
        static_cast<std::size_t>(node.param) >= spec_.params.size() ||
        spec_.params[static_cast<std::size_t>(node.param)].is_integer()) {
      continue;
    }
    ok = false;
    error(e.at(node.offset), "param '" + node.name + "' in " + what +
                                 " has names for values; expressions use integer params");
  }
  return ok;
}

std::optional<SpecExpr> Loader::expression(const YAML::Node& node, const std::string& what,
                                           const std::vector<std::string>& more_names,
                                           const std::vector<std::string>& later_lets) {
  if (!node.IsScalar()) {
    error(node, what + " must be an expression, got " + describe(node));
    return std::nullopt;
  }
  const auto [loc, exact] = text_start(node);
  SpecExpr out;
  out.loc = loc;
  out.exact = exact;
  ParsedExpr parsed = parse_expr(node.Scalar());
  if (!parsed.expr) {
    error(out.at(parsed.error.offset), what + ": " + parsed.error.message);
    return std::nullopt;
  }
  out.expr = std::move(*parsed.expr);
  if (!check_names(out, what, more_names, later_lets)) return std::nullopt;
  return out;
}

}  // namespace jitbench::gen
