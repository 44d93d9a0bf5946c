// A JIT impl's mapping (docs/spec.md, impls.<name>.source): the loader of that section, a
// friend of the spec loader (spec_sections.hpp), and the scalar types of JIT arguments.
#include "jit_impl_loader.hpp"

#include "spec_sections.hpp"

#include <algorithm>
#include <cctype>
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

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

// Loads one JIT impl's mapping through the spec loader `r_`: its messages, shape checks and
// expressions. Every error goes to the spec's one list.
class JitLoader {
 public:
  JitLoader(Loader& loader, const Entry& entry)
      : r_(loader), entry_(entry), of_(" of impl '" + entry.name + "'") {}

  std::optional<JitImpl> load() {
    if (!r_.expect_map(entry_.value, "impl '" + entry_.name + "'")) return std::nullopt;
    const std::size_t errors_before = error_count();
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
    if (!ok_ || error_count() != errors_before) return std::nullopt;
    return std::move(jit_);
  }

 private:
  // The errors of the spec so far, this impl's and the others'.
  std::size_t error_count() const { return r_.diag_.list().size(); }

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
    std::vector<std::string> names = {jit_sm_count};
    for (const JitLet& let : jit_.lets) names.push_back(let.name);
    // Lets that failed resolve too, so that using one is not a second error.
    names.insert(names.end(), failed_lets_.begin(), failed_lets_.end());
    return names;
  }

  std::optional<SpecExpr> expression(const YAML::Node& node, const std::string& what,
                                     const std::vector<std::string>& later_lets = {}) {
    std::optional<SpecExpr> e = r_.expression(node, what, more_names(), later_lets);
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
    for (const TypeAxis& axis : r_.spec_.types) names.push_back(axis.name);
    for (const Param& param : r_.spec_.params) names.push_back(param.name);
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
          const std::string hint =
              suggestion(did_you_mean(name, names), "; '$' names a type axis or a param");
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
    const std::vector<Entry> entries = r_.entries(node);
    std::vector<std::string> later;
    for (const Entry& entry : entries) later.push_back(entry.name);
    for (const Entry& entry : entries) {
      later.erase(later.begin());
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
      std::optional<SpecExpr> value =
          expression(entry.value, "let '" + entry.name + "'" + of_, later);
      if (value) {
        jit_.lets.push_back({entry.name, std::move(*value)});
      } else {
        failed_lets_.push_back(entry.name);
      }
    }
  }

  std::string declared_kind(const std::string& name) const {
    const Spec& spec = r_.spec_;
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
                        describe(item));
        continue;
      }
      const std::size_t errors_before = error_count();
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
        if (errors_before == error_count()) {
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
    for (const TensorDecl& t : r_.spec_.tensors) names.push_back(t.name);
    if (std::find(names.begin(), names.end(), name) != names.end()) return true;
    if (r_.refers_to_unusable(name, "tensors")) {
      ok_ = false;
      return false;
    }
    error(node, "unknown tensor '" + name + "' in " + what + suggestion(did_you_mean(name, names)));
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
      const std::string hint = suggestion(did_you_mean(type_node.Scalar(), names),
                                          "; the types are " + quoted_list(names));
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
      if (type->kind == JitScalarType::floating && is_number(text) && !integer_text) {
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

  Loader& r_;
  const Entry& entry_;
  const std::string of_;
  JitImpl jit_;
  std::vector<std::string> failed_lets_;  // their errors are reported; uses of them are not
  bool ok_ = true;
};

std::optional<JitImpl> Loader::load_jit_impl(const Entry& entry) {
  return JitLoader(*this, entry).load();
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
