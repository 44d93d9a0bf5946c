// The points of a spec beyond the product of its axes: zips (params that advance together) and
// named cases (points the spec lists, such as the shapes of real models).
#include "spec_sections.hpp"

#include <algorithm>

namespace jitbench::gen {

namespace {

// `[num_q_heads, num_kv_heads]`, as messages name a zip.
std::string zip_text(const Spec& spec, const Zip& zip) {
  std::string out;
  for (std::size_t p : zip.params) out += (out.empty() ? "" : ", ") + spec.params[p].name;
  return "[" + out + "]";
}

// `32, 8`: the values of a zip's params at one position.
std::string tuple_text(const Spec& spec, const Zip& zip, std::size_t position) {
  std::string out;
  for (std::size_t p : zip.params) {
    const Param& param = spec.params[p];
    out += (out.empty() ? "" : ", ") + param.text(param.at(position));
  }
  return out;
}

// "1 value", "3 values".
std::string values_count(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " value" : " values");
}

// The item at `index` of a list node, or the node itself when it is no list (a generator).
YAML::Node item_or_node(const YAML::Node& node, std::size_t index) {
  return node.IsSequence() && index < node.size() ? node[index] : node;
}

}  // namespace

void Loader::prescan_zips(const YAML::Node& node, const YAML::Node& params) {
  if (!node.IsSequence()) return;
  const auto note = [&](const YAML::Node& item) {
    if (!item.IsScalar()) return;
    zipped_.insert(item.Scalar());
    if (!params.IsMap() || !params[item.Scalar()]) zip_names_a_non_param_ = true;
  };
  for (const YAML::Node& group : node) {
    note(group);  // `zip: [a, b]`, a zip that lacks its brackets
    if (!group.IsSequence()) continue;
    for (const YAML::Node& item : group) note(item);
  }
}

void Loader::load_zips(const YAML::Node& node) {
  if (!expect_list(node, "'zip'")) return;
  if (node.size() > 0 && std::all_of(node.begin(), node.end(),
                                     [](const YAML::Node& item) { return item.IsScalar(); })) {
    std::string names;
    for (const YAML::Node& item : node) names += (names.empty() ? "" : ", ") + item.Scalar();
    error(node, "'zip' must be a list of zips, each a list of params, as in zip: [[" +
                    truncated(names) + "]]");
    return;
  }
  std::map<std::string, int> zipped_at;  // param -> the line of the zip that has it
  for (const YAML::Node& group : node) {
    if (!expect_list(group, "a zip")) continue;
    if (group.size() < 2) {
      error(group, "a zip names two params or more, got " + std::to_string(group.size()));
      continue;
    }
    Zip zip;
    zip.loc = loc_of(group);
    bool ok = true;
    for (const YAML::Node& item : group) {
      if (!expect_scalar(item, "a zipped param")) {
        ok = false;
        continue;
      }
      const std::string& name = item.Scalar();
      const Param* found = find_param(name);
      if (found == nullptr) {
        const auto declared = declared_.find(name);
        const bool failed = declared != declared_.end() && declared->second.first == "param";
        if (find_type(name)) {
          error(item, "type axis '" + name +
                          "' in zip; a zip pairs params, and a type axis is an axis of its own");
        } else if (!failed && !refers_to_unusable(name, "params")) {
          error(item, "unknown param '" + truncated(name) + "' in zip" +
                          suggestion(did_you_mean(name, spec_.param_names())));
        }
        ok = false;
        continue;
      }
      if (!found->has_values) {
        error(item, "param '" + name + "' has no values to zip");
        ok = false;
        continue;
      }
      const auto [earlier, inserted] = zipped_at.emplace(name, zip.loc.line);
      if (!inserted) {
        error(item, "param '" + name + "' is in two zips (the other at line " +
                        std::to_string(earlier->second) + ")");
        ok = false;
        continue;
      }
      zip.params.push_back(static_cast<std::size_t>(found - spec_.params.data()));
    }
    if (!ok) continue;
    for (std::size_t p : zip.params) {
      zip.name += (zip.name.empty() ? "" : "_and_") + spec_.params[p].name;
    }
    const auto taken = declared_.find(zip.name);
    if (taken != declared_.end()) {
      error(zip.loc, "zip " + zip_text(spec_, zip) + " needs the name '" + zip.name +
                         "' in the generated code, which the " + taken->second.first + " at line " +
                         std::to_string(taken->second.second.line) + " has");
      continue;
    }
    // Ragged: every param needs as many values as the first.
    const Param& first = spec_.params[zip.params.front()];
    for (std::size_t p : zip.params) {
      const Param& param = spec_.params[p];
      if (param.size() == first.size()) continue;
      error(values_nodes_[param.name],
            "zip " + zip_text(spec_, zip) + " is ragged: param '" + param.name + "' has " +
                values_count(param.size()) + ", '" + first.name + "' has " +
                values_count(first.size()) + "; zipped params advance together");
      ok = false;
    }
    if (!ok) continue;
    for (std::size_t j = 1; j < first.size() && ok; ++j) {
      for (std::size_t i = 0; i < j && ok; ++i) {
        if (tuple_text(spec_, zip, i) != tuple_text(spec_, zip, j)) continue;
        error(item_or_node(values_nodes_[first.name], j),
              "zip " + zip_text(spec_, zip) + " has (" + tuple_text(spec_, zip, j) +
                  ") twice, at values " + std::to_string(i + 1) + " and " + std::to_string(j + 1));
        ok = false;
      }
    }
    if (ok && load_zip_ci(zip)) spec_.zips.push_back(std::move(zip));
  }
}

bool Loader::load_zip_ci(const Zip& zip) {
  std::vector<std::size_t> with_ci;
  for (std::size_t p : zip.params) {
    if (zip_ci_.count(spec_.params[p].name)) with_ci.push_back(p);
  }
  std::vector<std::size_t> positions;
  if (with_ci.empty()) {
    positions = {0};
  } else if (with_ci.size() != zip.params.size()) {
    const std::size_t lacking = *std::find_if(zip.params.begin(), zip.params.end(), [&](auto p) {
      return !zip_ci_.count(spec_.params[p].name);
    });
    error(zip.loc, "give 'ci' to every param of zip " + zip_text(spec_, zip) +
                       " or to none: param '" + spec_.params[lacking].name + "' has none");
    return false;
  } else {
    const auto& [first_node, first_texts] = zip_ci_.at(spec_.params[zip.params.front()].name);
    for (std::size_t p : zip.params) {
      const auto& [node, texts] = zip_ci_.at(spec_.params[p].name);
      if (texts.size() == first_texts.size()) continue;
      error(node, "the 'ci' of zip " + zip_text(spec_, zip) + " is ragged: param '" +
                      spec_.params[p].name + "' has " + values_count(texts.size()) + ", '" +
                      spec_.params[zip.params.front()].name + "' has " +
                      values_count(first_texts.size()));
      return false;
    }
    const Param& first = spec_.params[zip.params.front()];
    for (std::size_t i = 0; i < first_texts.size(); ++i) {
      std::string wanted;
      for (std::size_t p : zip.params) {
        wanted += (wanted.empty() ? "" : ", ") + zip_ci_.at(spec_.params[p].name).second[i];
      }
      std::size_t position = 0;
      while (position < first.size() && tuple_text(spec_, zip, position) != wanted) ++position;
      if (position == first.size()) {
        error(item_or_node(first_node, i), "ci (" + wanted + ") of zip " + zip_text(spec_, zip) +
                                               " is not among the zip's values");
        return false;
      }
      if (contains(positions, position)) {
        error(item_or_node(first_node, i),
              "ci (" + wanted + ") of zip " + zip_text(spec_, zip) + " appears twice");
        return false;
      }
      positions.push_back(position);
    }
    std::sort(positions.begin(), positions.end());
  }
  for (std::size_t p : zip.params) spec_.params[p].ci = positions;
  return true;
}

void Loader::load_cases(const YAML::Node& node) {
  if (!expect_map(node, "'cases'")) {
    unusable_sections_.insert("cases");
    return;
  }
  const std::vector<Entry> list = entries(node);
  if (list.empty()) {
    error(node, "'cases' is empty");
    unusable_sections_.insert("cases");
    return;
  }
  std::vector<const Entry*> loaded;
  bool ok = true;
  for (const Entry& entry : list) {
    NamedCase named;
    if (!load_case(entry, named)) {
      ok = false;
      continue;
    }
    spec_.cases.push_back(std::move(named));
    loaded.push_back(&entry);
  }
  if (!ok) return;  // what check_cases compares may be missing
  check_cases(loaded);
  if (std::none_of(spec_.cases.begin(), spec_.cases.end(),
                   [](const NamedCase& c) { return c.ci; })) {
    spec_.cases.front().ci = true;
  }
}

bool Loader::load_case(const Entry& entry, NamedCase& named) {
  named.name = entry.name;
  named.loc = loc_of(entry.key);
  if (!is_value_name(entry.name)) {
    error(entry.key,
          "case name '" + truncated(entry.name) + "' must be " + std::string(value_name_form));
    return false;
  }
  if (entry.name == grid_case_name) {
    error(entry.key, "case name 'grid' is reserved: the grid's own points have it");
    return false;
  }
  if (!expect_map(entry.value, "case '" + entry.name + "'")) return false;
  named.types.resize(spec_.types.size());
  named.params.resize(spec_.params.size());
  const std::string of = " in case '" + entry.name + "'";
  bool ok = true;
  for (const Entry& given : entries(entry.value)) {
    if (given.name == "ci") {
      if (auto ci = bool_field({{"ci", given}}, "ci")) {
        named.ci = *ci;
      } else {
        ok = false;
      }
      continue;
    }
    if (const Param* param = find_param(given.name)) {
      const std::optional<std::int64_t> value = param_value(*param, given.value);
      if (!value && param->is_integer()) {
        error(given.value, "param '" + param->name + "'" + of + " must be an integer, got " +
                               describe(given.value));
      } else if (!value) {
        const std::string shown =
            given.value.IsScalar() ? "'" + truncated(given.value.Scalar()) + "'" : "a list";
        error(given.value, "param '" + param->name + "'" + of + " has no value " + shown +
                               names_hint(*param, given.value));
      }
      named.params[static_cast<std::size_t>(param - spec_.params.data())] = value;
      ok = ok && value.has_value();
      continue;
    }
    if (const TypeAxis* axis = find_type(given.name)) {
      const auto it = given.value.IsScalar() ? std::find(axis->values.begin(), axis->values.end(),
                                                         given.value.Scalar())
                                             : axis->values.end();
      if (it == axis->values.end()) {
        error(given.value, "type axis '" + axis->name + "'" + of + " has no value " +
                               describe(given.value) + "; its values are " +
                               quoted_list(axis->values));
        ok = false;
        continue;
      }
      named.types[static_cast<std::size_t>(axis - spec_.types.data())] =
          static_cast<std::size_t>(it - axis->values.begin());
      continue;
    }
    ok = false;
    const auto declared = declared_.find(given.name);
    if (declared != declared_.end() && declared->second.first != "tensor") continue;  // failed
    if (refers_to_unusable(given.name, "params") || refers_to_unusable(given.name, "types")) {
      continue;
    }
    std::vector<std::string> names = spec_.param_names();
    for (const TypeAxis& axis : spec_.types) names.push_back(axis.name);
    names.push_back("ci");
    error(given.key, "unknown key '" + truncated(given.name) + "'" + of +
                         suggestion(did_you_mean(given.name, names),
                                    "; a case gives params and type axes, and may say 'ci'"));
  }
  const bool gives = std::any_of(named.params.begin(), named.params.end(),
                                 [](const auto& v) { return v.has_value(); }) ||
                     std::any_of(named.types.begin(), named.types.end(),
                                 [](const auto& v) { return v.has_value(); });
  if (ok && !gives) {
    error(entry.key, "case '" + entry.name + "' gives no param or type axis");
    return false;
  }
  return ok;
}

void Loader::check_cases(const std::vector<const Entry*>& entries) {
  const NamedCase& first = spec_.cases.front();
  // What a case gives, as text: "head_dim, num_q_heads and num_kv_heads".
  const auto given = [&](const NamedCase& c) {
    std::vector<std::string> names;
    for (std::size_t t = 0; t < spec_.types.size(); ++t) {
      if (c.types[t]) names.push_back(spec_.types[t].name);
    }
    for (std::size_t p = 0; p < spec_.params.size(); ++p) {
      if (c.params[p]) names.push_back(spec_.params[p].name);
    }
    return names;
  };
  const auto listed = [](const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
      out += names[i];
    }
    return names.empty() ? std::string("nothing") : out;
  };
  const std::vector<std::string> first_gives = given(first);
  for (std::size_t p = 0; p < spec_.params.size(); ++p) {
    if (spec_.params[p].has_values || first.params[p]) continue;
    error(entries.front()->key, "case '" + first.name + "' does not give param '" +
                                    spec_.params[p].name +
                                    "', which has no values: every case gives it");
  }
  for (const Zip& zip : spec_.zips) {
    const auto count = std::count_if(zip.params.begin(), zip.params.end(),
                                     [&](std::size_t p) { return first.params[p].has_value(); });
    if (count == 0 || count == static_cast<std::ptrdiff_t>(zip.params.size())) continue;
    error(entries.front()->key, "case '" + first.name + "' gives part of zip " +
                                    zip_text(spec_, zip) + ": a case gives all its params or none");
  }
  for (std::size_t c = 1; c < spec_.cases.size(); ++c) {
    const NamedCase& named = spec_.cases[c];
    if (given(named) != first_gives) {
      error(entries[c]->key, "case '" + named.name + "' gives " + listed(given(named)) +
                                 ", case '" + first.name + "' gives " + listed(first_gives) +
                                 ": every case gives the same params and type axes");
      continue;
    }
    for (std::size_t earlier = 0; earlier < c; ++earlier) {
      const NamedCase& other = spec_.cases[earlier];
      if (other.types != named.types || other.params != named.params) continue;
      error(entries[c]->key, "case '" + named.name + "' gives the values of case '" + other.name +
                                 "' (line " + std::to_string(other.loc.line) + ")");
      break;
    }
  }
}

}  // namespace jitbench::gen
