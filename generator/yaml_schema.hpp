#pragma once

// YAML schema checking for specs: which keys each kind of mapping takes, and the checks of a
// node's shape (mapping, list, string, true/false) that report errors where the node is. The
// section loaders (spec_sections.hpp) build on it.

#include "diagnostic.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jitbench::gen {

// The keys of one kind of mapping, in documentation order. `path` is how docs/spec.md names the
// mapping; `what` how messages do.
struct Key {
  const char* name;
  bool required;
};
struct KeySet {
  const char* path;
  const char* what;
  std::vector<Key> keys;
};

extern const KeySet top_keys;
extern const KeySet param_keys;
extern const KeySet generator_keys;
extern const KeySet type_keys;
extern const KeySet case_keys;
extern const KeySet tensor_keys;
extern const KeySet memory_keys;
extern const KeySet traffic_keys;

// One key of a mapping and its value.
struct Entry {
  YAML::Node key;
  YAML::Node value;
  std::string name;
};

// The shape checks of a spec's nodes. Every problem is an error in the diagnostics, at the node.
class YamlSchema {
 public:
  explicit YamlSchema(const std::string& file) : diag_(file) {}

  // Where the node is, 1-based; `fallback` for a node without a place.
  static SourceLoc loc_of(const YAML::Node& node, SourceLoc fallback = {1, 1});

  void error(SourceLoc loc, std::string message);
  void error(const YAML::Node& node, std::string message);
  void warn(const YAML::Node& node, std::string message);

  // The entries of a mapping whose keys the spec chooses (param names, impl names...): keys
  // must be strings and appear once.
  std::vector<Entry> entries(const YAML::Node& map);

  // The value of each key of `keys` that `map` has; unknown and missing keys are reported.
  // `unusable`, when given, receives the keys that are missing or misspelt: whatever refers to
  // them would only repeat the error.
  std::map<std::string, Entry> fields(const YAML::Node& map, const KeySet& keys,
                                      std::set<std::string>* unusable = nullptr);

  // False, with an error naming `what` and what was found, when the node is of another kind.
  bool expect_map(const YAML::Node& node, const std::string& what);
  bool expect_list(const YAML::Node& node, const std::string& what);
  bool expect_scalar(const YAML::Node& node, const std::string& what);

  // The value of `key` in `f` as a string or true/false; nullopt when absent or, reported, of
  // another kind.
  std::optional<std::string> string_field(const std::map<std::string, Entry>& f, const char* key);
  std::optional<bool> bool_field(const std::map<std::string, Entry>& f, const char* key);

 protected:
  Diagnostics diag_;
};

// The text of spec values.

template <class List, class Value>
bool contains(const List& list, const Value& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

// At most 40 printable characters of `text`, for messages.
std::string truncated(std::string text);
// "a mapping", "a list", "nothing", or the scalar quoted: what a message says was found.
std::string describe(const YAML::Node& node);
// A decimal integer with an optional sign, without overflow.
bool parse_int(const std::string& text, std::int64_t& out);
// A decimal number that is also a valid C++ floating literal: 2e-2, 0.5, .5, 1, -1.
bool is_number(const std::string& text);
bool is_identifier(const std::string& name);
// A name of a param's value or of a case: a letter, then letters, digits, '_', '-' and '.', so
// that `--filter act=silu` and the results' names (`act=silu/...`) read it back.
bool is_value_name(const std::string& name);
// What is_value_name() accepts, for messages.
inline constexpr const char* value_name_form = "a letter, then letters, digits, '_', '-' or '.'";

}  // namespace jitbench::gen
