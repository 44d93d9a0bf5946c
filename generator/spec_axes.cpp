// The axes of the grid: params (their values, pow2 and range generators, the CI subset) and
// type axes.
#include "spec_sections.hpp"

#include <algorithm>

namespace jitbench::gen {

namespace {

std::string join_values(const std::vector<std::int64_t>& values) {
  std::string out;
  for (std::int64_t v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

// An item of a list of values as text: an integer as std::to_string writes it, a name as it is;
// "" when the item is not one.
std::string integer_text(const YAML::Node& item) {
  std::int64_t value = 0;
  return item.IsScalar() && parse_int(item.Scalar(), value) ? std::to_string(value) : "";
}
std::string name_text(const YAML::Node& item) {
  return item.IsScalar() && is_value_name(item.Scalar()) ? item.Scalar() : "";
}

}  // namespace

std::vector<std::string> Loader::value_texts(const YAML::Node& node, const std::string& what,
                                             const std::string& kind, bool repeats,
                                             std::string (*canonical)(const YAML::Node&)) {
  std::vector<std::string> out;
  for (const YAML::Node& item : node) {
    const std::string text = canonical(item);
    if (text.empty()) {
      error(item, what + " must hold " + kind + ", got " + describe(item));
      return {};
    }
    if (!repeats && contains(out, text)) {
      error(item, "the value " + text + " appears twice in " + what);
      return {};
    }
    if (out.size() == max_axis_values) {
      error(item, what + " has more than " + std::to_string(max_axis_values) + " values");
      return {};
    }
    out.push_back(text);
  }
  return out;
}

std::vector<std::int64_t> Loader::int_list(const YAML::Node& node, const std::string& what,
                                           bool repeats) {
  std::vector<std::int64_t> out;
  for (const std::string& text : value_texts(node, what, "integers", repeats, integer_text)) {
    out.push_back(std::stoll(text));
  }
  return out;
}

std::vector<std::string> Loader::name_list(const YAML::Node& node, const std::string& what,
                                           bool repeats) {
  return value_texts(node, what, "names (" + std::string(value_name_form) + ")", repeats,
                     name_text);
}

namespace {

// Why `cpp` cannot stand in the generated code as one C++ expression, or "": it is one line with
// balanced brackets and no ';' outside its string and character literals.
std::string expression_problem(const std::string& cpp) {
  if (cpp.find_first_not_of(" \t") == std::string::npos) return "is empty";
  if (cpp.find_first_of("\n\r") != std::string::npos) return "must be one line";
  std::string open;
  for (std::size_t i = 0; i < cpp.size(); ++i) {
    const char c = cpp[i];
    if (c == '"' || c == '\'') {
      for (++i; i < cpp.size() && cpp[i] != c; ++i) {
        if (cpp[i] == '\\') ++i;  // an escape: the next character is no end
      }
      if (i >= cpp.size()) return "has an unterminated literal";
    } else if (c == ';') {
      return "has a ';': it is one expression";
    } else if (c == '(' || c == '[' || c == '{') {
      open += c;
    } else if (c == ')' || c == ']' || c == '}') {
      const char match = c == ')' ? '(' : c == ']' ? '[' : '{';
      if (open.empty() || open.back() != match) return "has unbalanced brackets";
      open.pop_back();
    }
  }
  return open.empty() ? "" : "has unbalanced brackets";
}

// A mapping of `values` is a generator when it says pow2 or range, or holds more than text;
// otherwise it maps names to C++ expressions.
bool is_generator(const YAML::Node& values) {
  if (values.size() == 0) return true;
  for (auto it = values.begin(); it != values.end(); ++it) {
    if (!it->second.IsScalar() ||
        (it->first.IsScalar() && (it->first.Scalar() == "pow2" || it->first.Scalar() == "range"))) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<ParamName> Loader::mapped_names(const YAML::Node& node, const std::string& what) {
  std::vector<ParamName> out;
  bool ok = true;
  for (const Entry& entry : entries(node)) {
    if (!is_value_name(entry.name)) {
      error(entry.key,
            "name '" + truncated(entry.name) + "' in " + what + " must be " + value_name_form);
      ok = false;
      continue;
    }
    const std::string problem = expression_problem(entry.value.Scalar());
    if (!problem.empty()) {
      error(entry.value, "the C++ expression of '" + entry.name + "' in " + what + " " + problem);
      ok = false;
      continue;
    }
    if (out.size() == max_axis_values) {
      error(entry.key, what + " has more than " + std::to_string(max_axis_values) + " values");
      return {};
    }
    out.push_back({entry.name, entry.value.Scalar()});
  }
  return ok ? out : std::vector<ParamName>{};
}

std::vector<std::int64_t> Loader::generated_values(const YAML::Node& node,
                                                   const std::string& param) {
  const std::size_t errors_before = diag_.list().size();
  auto f = fields(node, generator_keys);
  if (f.size() != 1) {
    if (f.empty() && diag_.list().size() == errors_before) {
      error(node, "'values' of param '" + param + "' needs one of 'pow2' and 'range'");
    } else if (f.size() > 1) {
      error(node, "'values' of param '" + param + "' takes one of 'pow2' and 'range', not both");
    }
    return {};
  }
  const Entry& entry = f.begin()->second;
  const bool pow2 = entry.name == "pow2";
  const std::string form = pow2 ? "pow2: [a, b]" : "range: [start, stop, step]";
  const std::size_t arity = pow2 ? 2 : 3;
  if (!entry.value.IsSequence() || entry.value.size() != arity) {
    error(entry.value, "'" + entry.name + "' must be " + form.substr(form.find('[')) + ", got " +
                           describe(entry.value));
    return {};
  }
  std::vector<std::int64_t> bounds;
  for (const YAML::Node& item : entry.value) {
    std::int64_t value = 0;
    if (!item.IsScalar() || !parse_int(item.Scalar(), value)) {
      error(item, "'" + entry.name + "' must hold integers, got " + describe(item));
      return {};
    }
    bounds.push_back(value);
  }
  std::vector<std::int64_t> out;
  if (pow2) {
    if (bounds[0] < 0 || bounds[1] > 62 || bounds[0] > bounds[1]) {
      error(entry.value, "pow2: [a, b] needs 0 <= a <= b <= 62, got [" + join_values(bounds) + "]");
      return {};
    }
    for (std::int64_t e = bounds[0]; e <= bounds[1]; ++e) out.push_back(std::int64_t{1} << e);
    return out;
  }
  const std::int64_t start = bounds[0], stop = bounds[1], step = bounds[2];
  if (step <= 0 || start > stop) {
    error(entry.value, "range: [start, stop, step] needs start <= stop and step > 0, got [" +
                           join_values(bounds) + "]");
    return {};
  }
  // Count first, so that a huge range is an error and not a long loop.
  const std::uint64_t count =
      (static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start)) /
          static_cast<std::uint64_t>(step) +
      1;
  if (count > max_axis_values) {
    error(entry.value, "range gives " + std::to_string(count) +
                           " values; a param may have at most " + std::to_string(max_axis_values));
    return {};
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    out.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(start) +
                                            i * static_cast<std::uint64_t>(step)));
  }
  return out;
}

void Loader::load_params(const YAML::Node& node) {
  if (!expect_map(node, "'params'")) {
    unusable_sections_.insert("params");
    return;
  }
  for (const Entry& entry : entries(node)) {
    if (!check_name(entry, "param") || !check_distinct(entry, "param")) continue;
    if (!expect_map(entry.value, "param '" + entry.name + "'")) continue;
    std::set<std::string> misspelt;
    auto f = fields(entry.value, param_keys, &misspelt);
    Param param;
    param.name = entry.name;
    param.loc = loc_of(entry.key);
    if (auto compile_time = bool_field(f, "compile_time")) param.compile_time = *compile_time;
    if (misspelt.count("values")) continue;  // reported: unknown key 'valus'
    if (!f.count("values")) {
      // Without values, only the cases give the param values, and there is no grid.
      if (!has_cases_) {
        error(entry.value, "a param needs the key 'values'");
      } else if (f.count("ci")) {
        error(f.at("ci").key, "param '" + param.name + "' has 'ci' but no 'values'");
      } else {
        param.has_values = false;
        spec_.params.push_back(std::move(param));
      }
      continue;
    }
    values_nodes_[param.name] = f.at("values").value;
    if (!load_values(f.at("values").value, param)) continue;
    if (param.kind == ParamKind::string && param.compile_time) {
      error(f.at("compile_time").value,
            "param '" + param.name +
                "' has strings for values, which cannot be template arguments; map its names "
                "to C++ expressions to make it compile_time");
      continue;
    }
    const std::size_t errors_before = diag_.list().size();
    param.ci = {0};
    if (f.count("ci")) load_ci(f.at("ci").value, param);
    if (diag_.list().size() != errors_before) continue;
    spec_.params.push_back(std::move(param));
  }
  mark_unloaded("param", spec_.params);
}

bool Loader::load_values(const YAML::Node& values, Param& param) {
  const std::string what = "'values' of param '" + param.name + "'";
  // A zip pairs them with other values.
  const bool repeats = zipped_.count(param.name) > 0 || zip_names_a_non_param_;
  if (values.IsMap() && is_generator(values)) {
    param.values = generated_values(values, param.name);
  } else if (values.IsMap()) {
    param.kind = ParamKind::mapped;
    param.names = mapped_names(values, what);
  } else if (expect_list(values, what)) {
    if (values.size() == 0) {
      error(values, what + " is empty");
      return false;
    }
    std::int64_t first = 0;
    const YAML::Node& head = *values.begin();
    if (head.IsScalar() && !parse_int(head.Scalar(), first) && is_value_name(head.Scalar())) {
      param.kind = ParamKind::string;
      for (std::string& name : name_list(values, what, repeats)) {
        param.names.push_back({std::move(name), ""});
      }
    } else {
      param.values = int_list(values, what, repeats);
    }
  }
  return param.size() > 0;
}

void Loader::load_ci(const YAML::Node& ci, Param& param) {
  const std::string what = "'ci' of param '" + param.name + "'";
  if (!expect_list(ci, what)) return;
  if (ci.size() == 0) {
    error(ci, what + " is empty");
    return;
  }
  std::vector<std::string> texts;  // as Param::text() shows them, in the order written
  for (const YAML::Node& item : ci) {
    const std::optional<std::int64_t> value = param_value(param, item);
    if (!value && param.is_integer()) {
      error(item, what + " must hold integers, got " + describe(item));
      return;
    }
    if (!value) {
      const std::string shown = item.IsScalar() ? truncated(item.Scalar()) : describe(item);
      error(item, "ci value " + shown + " is not among the values of param '" + param.name + "'" +
                      names_hint(param, item));
      return;
    }
    const std::string text = param.text(*value);
    // A zip's ci lists are points side by side, which may share a value (load_zip_ci checks
    // that the points differ).
    if (contains(texts, text) && !zipped_.count(param.name)) {
      error(item, "the value " + text + " appears twice in " + what);
      return;
    }
    texts.push_back(text);
  }
  if (zipped_.count(param.name)) {  // the zip pairs them up (load_zip_ci)
    zip_ci_[param.name] = {ci, texts};
    return;
  }
  bool ok = true;
  std::size_t i = 0;
  for (const YAML::Node& item : ci) {
    const std::string& text = texts[i++];
    bool found = false;
    for (std::size_t position = 0; position < param.size(); ++position) {
      found = found || param.text(param.at(position)) == text;
    }
    if (!found && param.is_integer()) {
      error(item, "ci value " + text + " is not among the values of param '" + param.name + "'");
      ok = false;
    }
  }
  if (!ok) return;
  // In the order of `values`, so that the CI grid is a sub-sequence of the full one.
  param.ci.clear();
  for (std::size_t position = 0; position < param.size(); ++position) {
    if (contains(texts, param.text(param.at(position)))) param.ci.push_back(position);
  }
}

std::optional<std::int64_t> param_value(const Param& param, const YAML::Node& item) {
  if (!item.IsScalar()) return std::nullopt;
  if (param.is_integer()) {
    std::int64_t value = 0;
    return parse_int(item.Scalar(), value) ? std::optional<std::int64_t>(value) : std::nullopt;
  }
  for (std::size_t position = 0; position < param.names.size(); ++position) {
    if (param.names[position].name == item.Scalar()) return static_cast<std::int64_t>(position);
  }
  return std::nullopt;
}

std::string names_hint(const Param& param, const YAML::Node& item) {
  std::vector<std::string> names;
  for (const ParamName& name : param.names) names.push_back(name.name);
  return suggestion(item.IsScalar() ? did_you_mean(item.Scalar(), names) : std::nullopt,
                    "; its values are " + quoted_list(names));
}

const Param* Loader::find_param(const std::string& name) const {
  for (const Param& param : spec_.params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

std::vector<std::string> Loader::dtype_list(const YAML::Node& node, const std::string& what) {
  std::vector<std::string> out;
  if (!expect_list(node, what)) return out;
  if (node.size() == 0) {
    error(node, what + " is empty");
    return out;
  }
  for (const YAML::Node& item : node) {
    if (!expect_scalar(item, "a dtype")) return {};
    const std::string& name = item.Scalar();
    if (!is_dtype(name)) {
      const std::string hint = suggestion(did_you_mean(name, dtype_names()),
                                          "; dtypes are " + quoted_list(dtype_names()));
      error(item, "unknown dtype '" + truncated(name) + "'" + hint);
      return {};
    }
    if (contains(out, name)) {
      error(item, "the dtype " + name + " appears twice in " + what);
      return {};
    }
    out.push_back(name);
  }
  return out;
}

void Loader::load_types(const YAML::Node& node) {
  if (!expect_map(node, "'types'")) {
    unusable_sections_.insert("types");
    return;
  }
  for (const Entry& entry : entries(node)) {
    if (!check_name(entry, "type axis") || !check_distinct(entry, "type axis")) continue;
    if (!expect_map(entry.value, "type axis '" + entry.name + "'")) continue;
    auto f = fields(entry.value, type_keys);
    TypeAxis axis;
    axis.name = entry.name;
    axis.loc = loc_of(entry.key);
    if (!f.count("values")) continue;
    axis.values = dtype_list(f.at("values").value, "'values' of type axis '" + axis.name + "'");
    if (axis.values.empty()) continue;
    axis.ci = {axis.values.front()};
    if (f.count("ci")) {
      const YAML::Node& ci = f.at("ci").value;
      const std::vector<std::string> subset =
          dtype_list(ci, "'ci' of type axis '" + axis.name + "'");
      if (subset.empty()) continue;
      bool ok = true;
      std::size_t i = 0;
      for (const YAML::Node& item : ci) {
        if (!contains(axis.values, subset[i++])) {
          error(item, "ci value " + item.Scalar() + " is not among the values of type axis '" +
                          axis.name + "'");
          ok = false;
        }
      }
      if (!ok) continue;
      axis.ci.clear();
      for (const std::string& v : axis.values) {
        if (contains(subset, v)) axis.ci.push_back(v);
      }
    }
    spec_.types.push_back(std::move(axis));
  }
  mark_unloaded("type axis", spec_.types);
}

const TypeAxis* Loader::find_type(const std::string& name) const {
  for (const TypeAxis& axis : spec_.types) {
    if (axis.name == name) return &axis;
  }
  return nullptr;
}

}  // namespace jitbench::gen
