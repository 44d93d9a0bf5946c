#include "jit_impl_loader.hpp"

#include "spec_loader.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>

namespace jitbench::gen {

namespace {

const KeySet jit_keys{"impls.<name>",
                      "a JIT impl",
                      {{"source", true},
                       {"kernel", true},
                       {"let", false},
                       {"grid", true},
                       {"block", true},
                       {"shared_mem", false},
                       {"args", false},
                       {"options", false},
                       {"pdl", false},
                       {"arch_specific", false}}};
const KeySet jit_arg_keys{"impls.<name>.args[]",
                          "a JIT argument",
                          {{"tensor", false}, {"type", false}, {"value", false}}};

// The name JIT expressions use for the multiprocessor count of the GPU the benchmark runs on.
const char* const kSmCount = "sm_count";

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class JitLoader {
 public:
  JitLoader(SpecReader& reader, const Entry& entry)
      : r_(reader), entry_(entry), of_(" of impl '" + entry.name + "'") {}

  std::optional<JitImpl> load() {
    if (!r_.expect_map(entry_.value, "impl '" + entry_.name + "'")) return std::nullopt;
    const std::size_t errors_before = r_.error_count();
    auto f = r_.fields(entry_.value, jit_keys);
    // fields() reports unknown and missing keys; a missing required key leaves nothing to build.
    for (const Key& key : jit_keys.keys) {
      if (key.required && !f.count(key.name)) ok_ = false;
    }
    if (f.count("source")) load_source(f.at("source").value);
    if (f.count("kernel")) jit_.kernel = text(f.at("kernel").value, "kernel");
    if (f.count("let")) load_lets(f.at("let").value);
    if (f.count("grid")) jit_.grid = dims(f.at("grid").value, "grid");
    if (f.count("block")) jit_.block = dims(f.at("block").value, "block");
    if (f.count("shared_mem")) {
      jit_.shared_mem = expression(f.at("shared_mem").value, "shared_mem" + of_);
      ok_ = ok_ && jit_.shared_mem.has_value();
    }
    if (f.count("args")) load_args(f.at("args").value);
    if (f.count("options")) load_options(f.at("options").value);
    if (auto pdl = r_.bool_field(f, "pdl")) jit_.pdl = *pdl;
    if (auto arch = r_.bool_field(f, "arch_specific")) jit_.arch_specific = *arch;
    if (!ok_ || r_.error_count() != errors_before) return std::nullopt;
    return std::move(jit_);
  }

 private:
  void error(const YAML::Node& node, const std::string& message) {
    r_.error(node, message);
    ok_ = false;
  }
  void error(SourceLoc loc, const std::string& message) {
    r_.error(loc, message);
    ok_ = false;
  }

  // Names after the params that the impl's expressions may use: sm_count, then the lets so far.
  std::vector<std::string> more_names() const {
    std::vector<std::string> names = {kSmCount};
    for (const JitLet& let : jit_.lets) names.push_back(let.name);
    // Lets that failed resolve too, so that using one is not a second error.
    names.insert(names.end(), failed_lets_.begin(), failed_lets_.end());
    return names;
  }

  std::optional<SpecExpr> expression(const YAML::Node& node, const std::string& what) {
    std::optional<SpecExpr> e = r_.expression(node, what, more_names());
    if (!e) ok_ = false;
    return e;
  }

  void load_source(const YAML::Node& node) {
    if (!r_.expect_scalar(node, "'source'" + of_)) {
      ok_ = false;
      return;
    }
    const std::string& path = node.Scalar();
    if (path.empty() || path.find_first_of("\"<>\n\r\\") != std::string::npos) {
      error(node,
            "'source'" + of_ + " must be a file path, without quotes, brackets or backslashes");
      return;
    }
    jit_.source = path;
    jit_.source_loc = r_.loc_of(node);
  }

  // Text with `$name` for a type axis or a param.
  JitText text(const YAML::Node& node, const std::string& key) {
    JitText out;
    const std::string what = "'" + key + "'" + of_;
    if (!r_.expect_scalar(node, what)) {
      ok_ = false;
      return out;
    }
    const std::string& value = node.Scalar();
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
      error(node, what + " is empty");
      return out;
    }
    const auto [loc, exact] = r_.text_start(node);
    const auto at = [&, loc = loc, exact = exact](std::size_t offset) {
      return exact ? SourceLoc{loc.line, loc.column + static_cast<int>(offset)} : loc;
    };
    std::vector<std::string> names;
    for (const TypeAxis& axis : r_.spec().types) names.push_back(axis.name);
    for (const Param& param : r_.spec().params) names.push_back(param.name);
    std::string literal;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] != '$') {
        literal += value[i];
        continue;
      }
      std::size_t end = i + 1;
      while (end < value.size() && is_ident_char(value[end])) ++end;
      const std::string name = value.substr(i + 1, end - i - 1);
      if (name.empty()) {
        error(at(i), "'$' in " + what + " must be followed by the name of a type axis or a param");
        return out;
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        if (!r_.refers_to_unusable(name, "params") && !r_.refers_to_unusable(name, "types")) {
          std::string hint = did_you_mean(name, names);
          if (hint.empty()) hint = "; '$' names a type axis or a param";
          error(at(i), "unknown name '$" + name + "' in " + what + hint);
        } else {
          ok_ = false;
        }
        return out;
      }
      if (!literal.empty()) out.pieces.push_back({literal, false});
      literal.clear();
      out.pieces.push_back({name, true});
      i = end - 1;
    }
    if (!literal.empty()) out.pieces.push_back({literal, false});
    return out;
  }

  void load_lets(const YAML::Node& node) {
    if (!r_.expect_map(node, "'let'" + of_)) {
      ok_ = false;
      return;
    }
    for (const Entry& entry : r_.entries(node)) {
      if (!r_.check_name(entry, "let")) {
        ok_ = false;
        failed_lets_.push_back(entry.name);
        continue;
      }
      const std::string clash = declared_kind(entry.name);
      if (!clash.empty()) {
        error(entry.key, "let '" + entry.name + "'" + of_ + " has the name of a " + clash);
        continue;
      }
      std::optional<SpecExpr> value = expression(entry.value, "let '" + entry.name + "'" + of_);
      if (value) {
        jit_.lets.push_back({entry.name, std::move(*value)});
      } else {
        failed_lets_.push_back(entry.name);
      }
    }
  }

  std::string declared_kind(const std::string& name) const {
    const Spec& spec = r_.spec();
    for (const Param& p : spec.params) {
      if (p.name == name) return "param";
    }
    for (const TypeAxis& t : spec.types) {
      if (t.name == name) return "type axis";
    }
    for (const TensorDecl& t : spec.tensors) {
      if (t.name == name) return "tensor";
    }
    return "";
  }

  // An expression, or a list of one to three: x, y, z.
  std::vector<SpecExpr> dims(const YAML::Node& node, const std::string& key) {
    std::vector<SpecExpr> out;
    const std::string what = "'" + key + "'" + of_;
    if (node.IsSequence()) {
      if (node.size() == 0 || node.size() > 3) {
        error(node, what + " must be an expression or a list of 1 to 3 (x, y, z), got " +
                        std::to_string(node.size()) + " items");
        return out;
      }
      const char* axes[] = {"x", "y", "z"};
      std::size_t i = 0;
      for (const YAML::Node& item : node) {
        std::optional<SpecExpr> e = expression(item, key + " " + axes[i++] + of_);
        if (e) out.push_back(std::move(*e));
      }
      return out;
    }
    if (std::optional<SpecExpr> e = expression(node, key + of_)) out.push_back(std::move(*e));
    return out;
  }

  void load_args(const YAML::Node& node) {
    if (!r_.expect_list(node, "'args'" + of_)) {
      ok_ = false;
      return;
    }
    std::size_t index = 0;
    for (const YAML::Node& item : node) {
      ++index;
      JitArgument arg;
      arg.loc = r_.loc_of(item);
      const std::string what = "argument " + std::to_string(index) + of_;
      if (item.IsScalar()) {
        arg.tensor = item.Scalar();
        if (check_tensor(item, arg.tensor, what)) jit_.args.push_back(std::move(arg));
        continue;
      }
      if (!item.IsMap()) {
        error(item, what + " must be a tensor name, {tensor: name} or {type: T, value: V}, got " +
                        r_.describe(item));
        continue;
      }
      const std::size_t errors_before = r_.error_count();
      auto f = r_.fields(item, jit_arg_keys);
      if (f.count("tensor")) {
        if (f.count("type") || f.count("value")) {
          error(item, what + " is a tensor or a typed value, not both");
          continue;
        }
        const YAML::Node& tensor = f.at("tensor").value;
        if (!r_.expect_scalar(tensor, "'tensor'")) {
          ok_ = false;
          continue;
        }
        arg.tensor = tensor.Scalar();
        if (check_tensor(tensor, arg.tensor, what)) jit_.args.push_back(std::move(arg));
        continue;
      }
      if (!f.count("type") || !f.count("value")) {
        if (errors_before == r_.error_count()) {
          error(item, what + " needs 'tensor', or 'type' and 'value'");
        }
        continue;
      }
      if (load_value(f.at("type").value, f.at("value").value, what, arg)) {
        jit_.args.push_back(std::move(arg));
      }
    }
  }

  bool check_tensor(const YAML::Node& node, const std::string& name, const std::string& what) {
    std::vector<std::string> names;
    for (const TensorDecl& t : r_.spec().tensors) names.push_back(t.name);
    if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    if (r_.refers_to_unusable(name, "tensors")) {
      ok_ = false;
      return false;
    }
    error(node, "unknown tensor '" + name + "' in " + what + did_you_mean(name, names));
    return false;
  }

  bool load_value(const YAML::Node& type_node, const YAML::Node& value_node,
                  const std::string& what, JitArgument& arg) {
    if (!r_.expect_scalar(type_node, "'type'")) {
      ok_ = false;
      return false;
    }
    const JitScalarType* type = find_jit_scalar_type(type_node.Scalar());
    if (type == nullptr) {
      std::vector<std::string> names;
      for (const JitScalarType& t : jit_scalar_types()) names.push_back(t.name);
      std::string hint = did_you_mean(type_node.Scalar(), names);
      if (hint.empty()) hint = "; the types are " + quoted_list(names);
      error(type_node, "unknown type '" + type_node.Scalar() + "' in " + what + hint);
      return false;
    }
    arg.type = type->name;
    if (value_node.IsScalar()) {
      const std::string& text = value_node.Scalar();
      if (type->kind == JitScalarType::boolean && (text == "true" || text == "false")) {
        arg.literal = text;
        return true;
      }
      const bool integer_text = text.find_first_not_of("+-0123456789") == std::string::npos;
      if (type->kind == JitScalarType::floating && r_.is_number(text) && !integer_text) {
        arg.literal = text;
        return true;
      }
    }
    arg.value = expression(value_node, "the value of " + what);
    return arg.value.has_value();
  }

  void load_options(const YAML::Node& node) {
    if (!r_.expect_list(node, "'options'" + of_)) {
      ok_ = false;
      return;
    }
    for (const YAML::Node& item : node) {
      if (!r_.expect_scalar(item, "an NVRTC option")) {
        ok_ = false;
        continue;
      }
      const std::string& option = item.Scalar();
      if (option.empty() || option[0] != '-') {
        error(item, "NVRTC option '" + option + "'" + of_ + " must start with '-'");
        continue;
      }
      for (const char* arch : {"-arch", "--gpu-architecture"}) {
        if (option.compare(0, std::string(arch).size(), arch) == 0) {
          error(item, "NVRTC option '" + option + "'" + of_ +
                          ": the architecture is the GPU's, chosen when the benchmark runs "
                          "(arch_specific: true for sm_90a and the like)");
        }
      }
      JitText text = this->text(item, "options");
      if (!text.pieces.empty()) jit_.options.push_back(std::move(text));
    }
  }

  SpecReader& r_;
  const Entry& entry_;
  const std::string of_;
  JitImpl jit_;
  std::vector<std::string> failed_lets_;  // their errors are reported; uses of them are not
  bool ok_ = true;
};

// ---- the grid ---------------------------------------------------------------------------------

// One check of an expression of a JIT impl at every point; `limits` says what its value may be.
struct Check {
  const SpecExpr* expr;
  std::string what;
  std::function<std::string(std::int64_t)> limits;  // why the value is wrong, or ""
  bool failed = false;
};

std::string in_range(std::int64_t value, std::int64_t low, std::int64_t high,
                     const std::string& expected) {
  return value < low || value > high ? expected : "";
}

std::vector<Check> checks_of(const Impl& impl) {
  const JitImpl& jit = *impl.jit;
  const std::string of = " of impl '" + impl.name + "'";
  std::vector<Check> checks;
  const char* axes[] = {"x", "y", "z"};
  for (std::size_t d = 0; d < jit.grid.size(); ++d) {
    const std::int64_t most = d == 0 ? 0x7fffffff : 65535;
    checks.push_back({&jit.grid[d], std::string("grid ") + axes[d] + of, [most](std::int64_t v) {
                        return in_range(v, 1, most,
                                        "a launch has 1 to " + std::to_string(most) + " blocks");
                      }});
  }
  for (std::size_t d = 0; d < jit.block.size(); ++d) {
    const std::int64_t most = d == 2 ? 64 : 1024;
    checks.push_back({&jit.block[d], std::string("block ") + axes[d] + of, [most](std::int64_t v) {
                        return in_range(v, 1, most,
                                        "a block has 1 to " + std::to_string(most) + " threads");
                      }});
  }
  if (jit.shared_mem) {
    checks.push_back({&*jit.shared_mem, "shared_mem" + of, [](std::int64_t v) {
                        return in_range(v, 0, std::numeric_limits<std::uint32_t>::max(),
                                        "dynamic shared memory is 0 or more bytes");
                      }});
  }
  for (std::size_t a = 0; a < jit.args.size(); ++a) {
    const JitArgument& arg = jit.args[a];
    if (!arg.value) continue;
    const JitScalarType* type = find_jit_scalar_type(arg.type);
    const std::string name = arg.type;
    checks.push_back(
        {&*arg.value, "argument " + std::to_string(a + 1) + of, [type, name](std::int64_t v) {
           if (type->kind != JitScalarType::integer) return std::string();
           return in_range(
               v, type->min, type->max,
               name + " holds " + std::to_string(type->min) + " to " + std::to_string(type->max));
         }});
  }
  return checks;
}

bool uses_sm_count(const JitImpl& jit) {
  const std::vector<const SpecExpr*> exprs = jit.expressions();
  return std::any_of(exprs.begin(), exprs.end(), [](const SpecExpr* e) {
    const std::vector<std::string> names = e->expr.names();
    return std::find(names.begin(), names.end(), kSmCount) != names.end();
  });
}

void check_impl(const Spec& spec, const Impl& impl, Diagnostics& diag) {
  const JitImpl& jit = *impl.jit;
  const bool sm = uses_sm_count(jit);
  std::vector<std::int64_t> sm_counts = {1};
  if (sm) {
    for (std::int64_t n = 2; n <= 1024; n *= 2) sm_counts.push_back(n);
  }
  std::vector<Check> checks = checks_of(impl);
  std::vector<bool> let_failed(jit.lets.size(), false);

  std::int64_t points = 1;
  for (const Param& param : spec.params) points *= static_cast<std::int64_t>(param.values.size());
  std::int64_t nodes = 0;
  for (const JitLet& let : jit.lets)
    nodes += static_cast<std::int64_t>(let.value.expr.nodes.size());
  for (const Check& check : checks)
    nodes += static_cast<std::int64_t>(check.expr->expr.nodes.size());
  const std::int64_t steps = points * static_cast<std::int64_t>(sm_counts.size()) * nodes;
  if (steps > max_grid_evaluations) {
    diag.error(impl.loc, "checking the expressions of impl '" + impl.name +
                             "' at every point of the grid takes " + std::to_string(steps) +
                             " steps; the limit is " + std::to_string(max_grid_evaluations));
    return;
  }

  const auto point_text = [&](const std::vector<std::int64_t>& values) {
    std::string out;
    for (std::size_t p = 0; p < spec.params.size(); ++p) {
      out += (p ? ", " : "") + spec.params[p].name + "=" + std::to_string(values[p]);
    }
    if (sm)
      out += (out.empty() ? "" : ", ") + std::string("sm_count=") +
             std::to_string(values[spec.params.size()]);
    return out.empty() ? std::string("the only point of the grid") : out;
  };

  // The threads of a block, all its dimensions together.
  bool block_failed = false;
  const auto check_block_threads = [&](const std::vector<std::int64_t>& values) {
    std::int64_t threads = 1;
    for (std::size_t d = 0; d < jit.block.size(); ++d) {
      const EvalResult r = evaluate(jit.block[d].expr, values);
      // A dimension out of its own range is reported as that.
      if (r.error || r.value < 1 || r.value > (d == 2 ? 64 : 1024)) return true;
      threads *= r.value;
    }
    if (threads <= 1024) return true;
    diag.error(jit.block.front().loc, "block of impl '" + impl.name + "' has " +
                                          std::to_string(threads) + " threads at " +
                                          point_text(values) + "; a block has at most 1024");
    return false;
  };

  std::vector<std::size_t> index(spec.params.size(), 0);
  std::vector<std::int64_t> values(spec.params.size() + 1 + jit.lets.size());
  for (std::int64_t point = 0; point < points; ++point) {
    for (std::size_t p = 0; p < spec.params.size(); ++p)
      values[p] = spec.params[p].values[index[p]];
    const bool skipped = spec.skip_if && evaluate(spec.skip_if->expr, values).value != 0;
    for (std::size_t s = 0; !skipped && s < sm_counts.size(); ++s) {
      values[spec.params.size()] = sm_counts[s];
      bool lets_ok = true;
      for (std::size_t l = 0; l < jit.lets.size() && lets_ok; ++l) {
        const SpecExpr& e = jit.lets[l].value;
        const EvalResult r = evaluate(e.expr, values);
        if (r.error) {
          if (!let_failed[l]) {
            diag.error(e.at(r.error->offset), r.error->message + " in let '" + jit.lets[l].name +
                                                  "' of impl '" + impl.name + "' at " +
                                                  point_text(values));
          }
          let_failed[l] = true;
          lets_ok = false;
        }
        values[spec.params.size() + 1 + l] = r.value;
      }
      if (lets_ok && !block_failed) block_failed = !check_block_threads(values);
      for (Check& check : checks) {
        if (check.failed || !lets_ok) continue;
        const EvalResult r = evaluate(check.expr->expr, values);
        if (r.error) {
          diag.error(check.expr->at(r.error->offset),
                     r.error->message + " in " + check.what + " at " + point_text(values));
          check.failed = true;
          continue;
        }
        const std::string wrong = check.limits(r.value);
        if (!wrong.empty()) {
          diag.error(check.expr->loc, check.what + " is " + std::to_string(r.value) + " at " +
                                          point_text(values) + "; " + wrong);
          check.failed = true;
        }
      }
    }
    for (std::size_t p = spec.params.size(); p-- > 0;) {
      if (++index[p] < spec.params[p].values.size()) break;
      index[p] = 0;
    }
  }
}

}  // namespace

std::optional<JitImpl> load_jit_impl(SpecReader& reader, const Entry& entry) {
  return JitLoader(reader, entry).load();
}

void check_jit_grid(const Spec& spec, Diagnostics& diag) {
  for (const Impl& impl : spec.impls) {
    if (impl.jit) check_impl(spec, impl, diag);
  }
}

std::vector<const KeySet*> jit_impl_key_sets() { return {&jit_keys, &jit_arg_keys}; }

const std::vector<JitScalarType>& jit_scalar_types() {
  constexpr std::int64_t i32_min = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t i32_max = std::numeric_limits<std::int32_t>::max();
  constexpr std::int64_t u32_max = std::numeric_limits<std::uint32_t>::max();
  constexpr std::int64_t i64_min = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t i64_max = std::numeric_limits<std::int64_t>::max();
  using T = JitScalarType;
  static const std::vector<JitScalarType> types = {
      {"bool", "bool", T::boolean, 0, 1},
      {"int", "int", T::integer, i32_min, i32_max},
      {"unsigned", "unsigned", T::integer, 0, u32_max},
      {"int32_t", "std::int32_t", T::integer, i32_min, i32_max},
      {"uint32_t", "std::uint32_t", T::integer, 0, u32_max},
      {"int64_t", "std::int64_t", T::integer, i64_min, i64_max},
      {"uint64_t", "std::uint64_t", T::integer, 0, i64_max},
      {"long long", "long long", T::integer, i64_min, i64_max},
      {"unsigned long long", "unsigned long long", T::integer, 0, i64_max},
      {"size_t", "std::size_t", T::integer, 0, i64_max},
      {"float", "float", T::floating, 0, 0},
      {"double", "double", T::floating, 0, 0},
  };
  return types;
}

const JitScalarType* find_jit_scalar_type(const std::string& name) {
  const std::string bare = name.compare(0, 5, "std::") == 0 ? name.substr(5) : name;
  for (const JitScalarType& type : jit_scalar_types()) {
    const bool fixed = bare.find("_t") != std::string::npos;  // std:: goes with these only
    if (type.name == bare && (bare == name || fixed)) return &type;
  }
  return nullptr;
}

}  // namespace jitbench::gen
