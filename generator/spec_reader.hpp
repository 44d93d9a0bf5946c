#pragma once

// What the spec loader (spec_loader.cpp) offers the loaders of spec sections that live in files
// of their own, such as the JIT impls (jit_impl_loader.cpp): messages at a node, the keys of a
// mapping, expressions, and the spec as loaded so far. Every message goes to the one list of the
// spec's errors.

#include "spec.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
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

// One key of a mapping and its value.
struct Entry {
  YAML::Node key;
  YAML::Node value;
  std::string name;
};

class SpecReader {
 public:
  virtual void error(const YAML::Node& node, std::string message) = 0;
  virtual void error(SourceLoc loc, std::string message) = 0;
  // The errors reported so far, this reader's and the loader's.
  virtual std::size_t error_count() const = 0;
  virtual SourceLoc loc_of(const YAML::Node& node) const = 0;
  // "a mapping", "a list", "'text'": how a message shows what it got.
  virtual std::string describe(const YAML::Node& node) const = 0;

  // The entries of a mapping whose keys the spec chooses: strings, each once.
  virtual std::vector<Entry> entries(const YAML::Node& map) = 0;
  // The entries of a mapping with the keys of `keys`; unknown and missing keys are reported.
  virtual std::map<std::string, Entry> fields(const YAML::Node& map, const KeySet& keys) = 0;
  virtual bool expect_map(const YAML::Node& node, const std::string& what) = 0;
  virtual bool expect_list(const YAML::Node& node, const std::string& what) = 0;
  virtual bool expect_scalar(const YAML::Node& node, const std::string& what) = 0;
  virtual std::optional<bool> bool_field(const std::map<std::string, Entry>& f,
                                         const char* key) = 0;
  // Whether a name the generated C++ declares is an identifier, no keyword and not reserved;
  // reported when not.
  virtual bool check_name(const Entry& entry, const std::string& what) = 0;
  // A decimal number that is also a C++ floating literal.
  virtual bool is_number(const std::string& text) const = 0;

  // An integer expression over the params and then `more_names`, which resolve to the indices
  // after the params' in that order; unknown names are reported.
  virtual std::optional<SpecExpr> expression(const YAML::Node& node, const std::string& what,
                                             const std::vector<std::string>& more_names) = 0;
  // Where a scalar's text starts, and whether offsets in it are columns on that line.
  virtual std::pair<SourceLoc, bool> text_start(const YAML::Node& node) const = 0;

  // The spec as loaded so far: its params, type axes and tensors come before its impls.
  virtual const Spec& spec() const = 0;
  // True when `name` may be one that an error already reported (see spec_loader.cpp).
  virtual bool refers_to_unusable(const std::string& name, const char* section) const = 0;

 protected:
  ~SpecReader() = default;
};

}  // namespace jitbench::gen
