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

}  // namespace

std::vector<std::int64_t> Loader::int_list(const YAML::Node& node, const std::string& what) {
  std::vector<std::int64_t> out;
  for (const YAML::Node& item : node) {
    std::int64_t value = 0;
    if (!item.IsScalar() || !parse_int(item.Scalar(), value)) {
      error(item, what + " must hold integers, got " + describe(item));
      return {};
    }
    if (contains(out, value)) {
      error(item, "the value " + std::to_string(value) + " appears twice in " + what);
      return {};
    }
    if (out.size() == max_axis_values) {
      error(item, what + " has more than " + std::to_string(max_axis_values) + " values");
      return {};
    }
    out.push_back(value);
  }
  return out;
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
    auto f = fields(entry.value, param_keys);
    Param param;
    param.name = entry.name;
    param.loc = loc_of(entry.key);
    if (!f.count("values")) continue;
    const YAML::Node& values = f.at("values").value;
    const std::string what = "'values' of param '" + param.name + "'";
    if (values.IsMap()) {
      param.values = generated_values(values, param.name);
    } else if (expect_list(values, what)) {
      param.values = int_list(values, what);
      if (param.values.empty() && values.size() == 0) error(values, what + " is empty");
    }
    if (param.values.empty()) continue;
    param.ci = {param.values.front()};
    if (f.count("ci")) {
      const YAML::Node& ci = f.at("ci").value;
      const std::string ci_what = "'ci' of param '" + param.name + "'";
      if (!expect_list(ci, ci_what)) continue;
      const std::vector<std::int64_t> subset = int_list(ci, ci_what);
      if (subset.empty()) {
        if (ci.size() == 0) error(ci, ci_what + " is empty");
        continue;
      }
      bool ok = true;
      std::size_t i = 0;
      for (const YAML::Node& item : ci) {
        if (!contains(param.values, subset[i++])) {
          error(item, "ci value " + item.Scalar() + " is not among the values of param '" +
                          param.name + "'");
          ok = false;
        }
      }
      if (!ok) continue;
      // In the order of `values`, so that the CI grid is a sub-sequence of the full one.
      param.ci.clear();
      for (std::int64_t v : param.values) {
        if (contains(subset, v)) param.ci.push_back(v);
      }
    }
    if (auto compile_time = bool_field(f, "compile_time")) param.compile_time = *compile_time;
    spec_.params.push_back(std::move(param));
  }
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
}

const TypeAxis* Loader::find_type(const std::string& name) const {
  for (const TypeAxis& axis : spec_.types) {
    if (axis.name == name) return &axis;
  }
  return nullptr;
}

}  // namespace jitbench::gen
