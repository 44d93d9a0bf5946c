#include "yaml_schema.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace jitbench::gen {

const KeySet top_keys{"",
                      "a spec",
                      {{"benchmark", true},
                       {"doc", false},
                       {"include", false},
                       {"params", false},
                       {"types", false},
                       {"zip", false},
                       {"cases", false},
                       {"skip_if", false},
                       {"tensors", true},
                       {"memory", false},
                       {"flops", false},
                       {"impls", true},
                       {"reference", false},
                       {"tolerance", false},
                       {"metrics", false}}};
// `values` is required unless the spec has cases (Loader::load_params).
const KeySet param_keys{
    "params.<name>", "a param", {{"values", false}, {"ci", false}, {"compile_time", false}}};
const KeySet generator_keys{
    "params.<name>.values", "a value generator", {{"pow2", false}, {"range", false}}};
const KeySet type_keys{"types.<name>", "a type axis", {{"values", true}, {"ci", false}}};
// The key a case has besides the params and type axes it gives (Loader::load_cases).
const KeySet case_keys{"cases.<name>", "a case", {{"ci", false}}};
const KeySet tensor_keys{
    "tensors.<name>",
    "a tensor",
    {{"shape", true}, {"dtype", true}, {"cold", false}, {"init", false}, {"range", false}}};
const KeySet memory_keys{"memory", "memory", {{"read", false}, {"write", false}}};
// `bytes` or, with `tensor`, `elements` (Loader::traffic checks that one of them is there).
const KeySet traffic_keys{"memory.<read|write>[]",
                          "a memory term",
                          {{"tensor", false}, {"bytes", false}, {"elements", false}}};

SourceLoc YamlSchema::loc_of(const YAML::Node& node, SourceLoc fallback) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return fallback;
  return {mark.line + 1, mark.column + 1};
}

void YamlSchema::error(SourceLoc loc, std::string message) { diag_.error(loc, std::move(message)); }

void YamlSchema::error(const YAML::Node& node, std::string message) {
  error(loc_of(node), std::move(message));
}

void YamlSchema::warn(const YAML::Node& node, std::string message) {
  diag_.warn(loc_of(node), std::move(message));
}

std::vector<Entry> YamlSchema::entries(const YAML::Node& map) {
  std::vector<Entry> out;
  std::map<std::string, SourceLoc> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(key, "expected a name as the key, got " + describe(key));
      continue;
    }
    const SourceLoc at = loc_of(key);
    const auto [previous, inserted] = seen.emplace(key.Scalar(), at);
    if (!inserted) {
      error(at, "duplicate key '" + truncated(key.Scalar()) + "' (first at line " +
                    std::to_string(previous->second.line) + ")");
      continue;
    }
    out.push_back({key, it->second, key.Scalar()});
  }
  return out;
}

std::map<std::string, Entry> YamlSchema::fields(const YAML::Node& map, const KeySet& keys,
                                                std::set<std::string>* unusable) {
  std::vector<std::string> names;
  for (const Key& key : keys.keys) names.push_back(key.name);
  std::map<std::string, Entry> out;
  std::vector<std::string> suggested;  // a misspelt required key is one error, not two
  for (Entry& entry : entries(map)) {
    if (!contains(names, entry.name)) {
      const std::optional<std::string> candidate = did_you_mean(entry.name, names);
      if (candidate) suggested.push_back(*candidate);
      error(entry.key, "unknown key '" + truncated(entry.name) + "'" +
                           suggestion(candidate, "; " + std::string(keys.what) + " takes " +
                                                     quoted_list(names)));
      continue;
    }
    out.emplace(entry.name, std::move(entry));
  }
  for (const Key& key : keys.keys) {
    if (out.count(key.name)) continue;
    if (unusable != nullptr && (key.required || contains(suggested, key.name))) {
      unusable->insert(key.name);
    }
    if (key.required && !contains(suggested, key.name)) {
      error(map, std::string(keys.what) + " needs the key '" + key.name + "'");
    }
  }
  return out;
}

bool YamlSchema::expect_map(const YAML::Node& node, const std::string& what) {
  if (node.IsMap()) return true;
  error(node, what + " must be a mapping, got " + describe(node));
  return false;
}

bool YamlSchema::expect_list(const YAML::Node& node, const std::string& what) {
  if (node.IsSequence()) return true;
  error(node, what + " must be a list, got " + describe(node));
  return false;
}

bool YamlSchema::expect_scalar(const YAML::Node& node, const std::string& what) {
  if (node.IsScalar()) return true;
  error(node, what + " must be a string, got " + describe(node));
  return false;
}

std::optional<std::string> YamlSchema::string_field(const std::map<std::string, Entry>& f,
                                                    const char* key) {
  const auto it = f.find(key);
  if (it == f.end()) return std::nullopt;
  if (!expect_scalar(it->second.value, "'" + std::string(key) + "'")) return std::nullopt;
  return it->second.value.Scalar();
}

std::optional<bool> YamlSchema::bool_field(const std::map<std::string, Entry>& f, const char* key) {
  const auto it = f.find(key);
  if (it == f.end()) return std::nullopt;
  const YAML::Node& value = it->second.value;
  // A quoted "true" is a string (yaml-cpp tags it "!"), as in every other YAML reader.
  const bool quoted = value.Tag() == "!";
  if (value.IsScalar() && !quoted && (value.Scalar() == "true" || value.Scalar() == "false")) {
    return value.Scalar() == "true";
  }
  error(value, "'" + std::string(key) + "' must be true or false, got " +
                   (quoted ? "the string '" + truncated(value.Scalar()) + "'" : describe(value)));
  return std::nullopt;
}

std::string truncated(std::string text) {
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  for (char& c : text) {
    if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
  }
  return text;
}

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "'" + truncated(node.Scalar()) + "'";
}

bool parse_int(const std::string& text, std::int64_t& out) {
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) i = 1;
  if (i == text.size()) return false;
  std::int64_t value = 0;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    const int digit = text[i] - '0';
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_sub_overflow(value, digit, &value)) {  // accumulate negative: reaches min()
      return false;
    }
  }
  if (!negative) {
    if (value == std::numeric_limits<std::int64_t>::min()) return false;
    value = -value;
  }
  out = value;
  return true;
}

// A decimal number that is also a valid C++ floating literal: 2e-2, 0.5, .5, 1, -1.
bool is_number(const std::string& text) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size() && std::isfinite(std::strtod(text.c_str(), nullptr));
}

bool is_identifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_value_name(const std::string& name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace jitbench::gen
