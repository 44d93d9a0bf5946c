#pragma once

// The spec loader's state and its per-section loaders, which spec_loader.cpp (the whole spec
// and the names it declares), spec_expressions.cpp, spec_axes.cpp (params and type axes),
// spec_points.cpp (zips and named cases), spec_tensors.cpp (tensors and memory), spec_impls.cpp
// (impls and the other sections) and jit_impl_loader.cpp (a JIT impl's mapping) define. Private
// to the generator.

#include "spec.hpp"
#include "spec_loader.hpp"
#include "yaml_quoting.hpp"
#include "yaml_schema.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jitbench::gen {

class JitLoader;  // jit_impl_loader.cpp

// One value of `param` as the spec writes it (an integer, or one of its names), as a point holds
// it; nullopt when it is not one. Any integer is a value of an integer param.
std::optional<std::int64_t> param_value(const Param& param, const YAML::Node& item);
// The end of a message about a name that is not among a param's: a suggestion, or the names.
std::string names_hint(const Param& param, const YAML::Node& item);

class Loader : private YamlSchema {
 public:
  Loader(std::string_view text, const std::string& file);

  // Loads the whole spec, then checks its grid (grid_check.hpp) when nothing else was wrong.
  LoadResult run();

 private:
  // ---- spec_loader.cpp: the names a spec declares -----------------------------------------------

  // A name the generated C++ declares: an identifier that is no keyword and no name the
  // generated code uses itself.
  bool check_name(const Entry& entry, const std::string& what);

  // The names declared so far (params, types, tensors) and where, to keep them distinct.
  bool check_distinct(const Entry& entry, const std::string& what);

  // True when `name` may be one that an error already reported: its declaration failed, or the
  // whole `section` that would declare it is missing, misspelt or not a mapping. Reporting it
  // again would bury the root cause under follow-on errors.
  bool refers_to_unusable(const std::string& name, const char* section) const;

  // ---- spec_expressions.cpp: expressions --------------------------------------------------------

  // Where the scalar's text starts, and whether offsets in it are columns (a plain scalar or a
  // quoted one without escapes, on one line).
  std::pair<SourceLoc, bool> text_start(const YAML::Node& node) const;

  // Reports the names of `expr` that are not params or `more_names`; false if there are any. A
  // param that failed to load is not reported again; a name of `later_lets` is reported as a let
  // defined below the expression.
  bool check_names(SpecExpr& e, const std::string& what,
                   const std::vector<std::string>& more_names = {},
                   const std::vector<std::string>& later_lets = {});

  // An integer expression over the params and then `more_names`, which resolve to the indices
  // after the params' in that order.
  std::optional<SpecExpr> expression(const YAML::Node& node, const std::string& what,
                                     const std::vector<std::string>& more_names = {},
                                     const std::vector<std::string>& later_lets = {});

  // ---- spec_loader.cpp: the whole spec ----------------------------------------------------------

  // Parses the YAML and hands each top-level key to its section's loader.
  void load();
  // Warns of a spec that builds but checks nothing it seems meant to check.
  void warn_unchecked(const std::map<std::string, Entry>& f);

  // ---- spec_usage.cpp: what the calls see ------------------------------------------------------

  // Warns of a param or type axis of two or more values that no tensor, byte count or impl uses.
  void warn_unused_axes();
  // Warns of a call string that never names `stream`: its work is not on the stream that the
  // check waits for and the timing captures.
  void warn_streamless_calls();

  // ---- spec_axes.cpp: params and type axes ------------------------------------------------------

  void load_params(const YAML::Node& node);
  // values: [1, 2], {pow2: [a, b]}, {range: [start, stop, step]}, [fast, exact] or
  // {silu: kernels::Activation::silu, ...}. False, reported, when they are wrong.
  bool load_values(const YAML::Node& node, Param& param);
  void load_ci(const YAML::Node& node, Param& param);
  // A list's items as text, each given by `canonical` ("": not one, reported as `what` must
  // hold `kind`). Repeated values are errors unless `repeats` (the params of a zip).
  std::vector<std::string> value_texts(const YAML::Node& node, const std::string& what,
                                       const std::string& kind, bool repeats,
                                       std::string (*canonical)(const YAML::Node&));
  std::vector<std::int64_t> int_list(const YAML::Node& node, const std::string& what,
                                     bool repeats = false);
  std::vector<std::string> name_list(const YAML::Node& node, const std::string& what,
                                     bool repeats = false);
  std::vector<ParamName> mapped_names(const YAML::Node& node, const std::string& what);
  std::vector<std::int64_t> generated_values(const YAML::Node& node, const std::string& param);
  const Param* find_param(const std::string& name) const;
  void load_types(const YAML::Node& node);
  std::vector<std::string> dtype_list(const YAML::Node& node, const std::string& what);
  const TypeAxis* find_type(const std::string& name) const;

  // ---- spec_points.cpp: zips and named cases ---------------------------------------------------

  // The names that `zip:` lists, read before the params (`params`) so that a zipped param may
  // repeat values: in a zip of any shape, a malformed one too.
  void prescan_zips(const YAML::Node& node, const YAML::Node& params);
  void load_zips(const YAML::Node& node);
  // The CI positions of a zip: its params' `ci` lists side by side, each one of its points.
  bool load_zip_ci(const Zip& zip);
  void load_cases(const YAML::Node& node);
  bool load_case(const Entry& entry, NamedCase& named);
  // Every case gives the same params and type axes, all of a zip or none, each param without
  // values, and no two the same values.
  void check_cases(const std::vector<const Entry*>& entries);

  // ---- spec_tensors.cpp: tensors and memory -----------------------------------------------------

  void load_tensors(const YAML::Node& node);
  void load_tensor(const Entry& entry, TensorDecl& tensor);
  void load_init(const YAML::Node& node, const std::string& text, TensorDecl& tensor);
  // init: random's [low, high) within what each dtype of the tensor holds (the default range
  // when not `given`).
  void check_random_range(const YAML::Node& at, const TensorDecl& tensor, bool given);
  const TensorDecl* find_tensor(const std::string& name) const;
  void check_tensor_name(const YAML::Node& node, const std::string& name, const std::string& where,
                         bool& ok);
  void load_memory(const YAML::Node& node);
  // Warns of a tensor that memory.write lists and that is marked cold: false: its writes are
  // timed on an L2 that holds it.
  void warn_warm_writes();
  // Warns of `bytes` given for a tensor whose dtype is a type axis of types of several sizes: an
  // expression sees no types, so one of them is counted wrong; `elements` counts each right.
  void warn_untyped_bytes();
  std::vector<TrafficTerm> traffic(const YAML::Node& node, const std::string& where);

  // ---- spec_impls.cpp: the benchmark's name, includes, impls, reference, tolerance, metrics -----

  void load_benchmark_name(const Entry& entry, const std::string& name);
  void load_includes(const YAML::Node& node);
  void load_impls(const YAML::Node& node);
  std::vector<std::string> impl_names() const;
  void load_reference(const YAML::Node& node);
  void load_tolerance(const YAML::Node& node);
  void load_metrics(const YAML::Node& node);

  // ---- jit_impl_loader.cpp: a JIT impl's mapping (an impl given as a mapping) -------------------

  // The JIT impl of `entry`; nullopt, with every error reported, when it has any.
  std::optional<JitImpl> load_jit_impl(const Entry& entry);
  friend class JitLoader;

  std::string_view text_;
  Spec spec_;
  std::map<std::string, std::pair<std::string, SourceLoc>> declared_;
  std::set<std::string> unresolved_;  // declared names whose declaration was an error
  std::vector<Misreading> misread_;   // values YAML misread, the first errors reported

  // Adds to unresolved_ the names declared as `kind` that did not load into `loaded` (an error
  // in their declaration), so that their uses are not reported as unknown names too.
  template <class Item>
  void mark_unloaded(const std::string& kind, const std::vector<Item>& loaded) {
    for (const auto& declaration : declared_) {
      const std::string& name = declaration.first;  // a structured binding cannot be captured
      if (declaration.second.first != kind) continue;
      const bool found = std::any_of(loaded.begin(), loaded.end(),
                                     [&](const Item& item) { return item.name == name; });
      if (!found) unresolved_.insert(name);
    }
  }
  std::set<std::string> unusable_sections_;  // top-level keys missing, misspelt or malformed
  bool has_cases_ = false;                   // the spec has `cases:`
  bool writes_complete_ = true;              // every item of memory.write loaded
  std::set<std::string> zipped_;             // the names `zip:` lists
  // `zip:` names a name that is no param: any param whose values repeat may be the one meant
  // there, so its repeats are not reported too (the zip's error is).
  bool zip_names_a_non_param_ = false;
  // Of each param: its `values` node and, for a zipped param, its `ci` node and the values in it
  // as Param::text() shows them (a zip pairs them up).
  std::map<std::string, YAML::Node> values_nodes_;
  std::map<std::string, std::pair<YAML::Node, std::vector<std::string>>> zip_ci_;
};

}  // namespace jitbench::gen
