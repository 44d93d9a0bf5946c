#pragma once

// The spec model: what a YAML spec says, checked and resolved, as plain structs. The loader
// (spec_loader.hpp) builds it; the emitter and the grid expansion read it. docs/spec.md is the
// reference for the language.

#include "diagnostic.hpp"
#include "expr.hpp"
#include <jitbench/dtype.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::gen {

// The element types a spec may name: the runtime's list (jitbench/dtype.hpp), in its order.
inline const std::vector<std::string>& dtype_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const DTypeFacts& f : dtype_table) list.emplace_back(f.name);
    return list;
  }();
  return names;
}
inline bool is_dtype(std::string_view name) { return parse_dtype(name).has_value(); }
// Bytes an element of a dtype takes; 0 for a name that is not a dtype.
inline int dtype_bytes(std::string_view name) {
  const auto dtype = parse_dtype(name);
  return dtype ? static_cast<int>(dtype_size_bytes(*dtype)) : 0;
}
inline bool is_integer_dtype(std::string_view name) {
  const auto dtype = parse_dtype(name);
  return dtype && dtype_is_integer(*dtype);
}
// "int8 holds -128 to 127", for messages about values a dtype cannot hold.
std::string dtype_holds(std::string_view name);

// An expression and where its text starts in the spec. When `exact`, an offset in the text is a
// column on the same line (a plain or simply quoted scalar); otherwise errors point at `loc`.
struct SpecExpr {
  Expr expr;
  SourceLoc loc;
  bool exact = false;

  SourceLoc at(int offset) const { return exact ? SourceLoc{loc.line, loc.column + offset} : loc; }
};

// A value of a param given by name (`silu`), and the C++ expression it stands for in the impls'
// call strings (`kernels::Activation::silu`); without one, the name is a string.
struct ParamName {
  std::string name;
  std::string cpp;  // empty: a string param, passed as `const char*`
};

// What a param's values are: integers (the only ones expressions use), strings, or names that
// stand for C++ expressions.
enum class ParamKind { integer, string, mapped };

// An axis of the grid, or one param of a zip (Spec::zips). A point gives each param a value as an
// std::int64_t: the integer itself, or the position of the name in `names`.
struct Param {
  std::string name;
  SourceLoc loc;
  ParamKind kind = ParamKind::integer;
  std::vector<std::int64_t> values;  // integer: in the order written; zipped params may repeat
  std::vector<ParamName> names;      // string, mapped
  std::vector<std::size_t> ci;       // positions in values (or names) of the CI grid, in order
  bool compile_time = false;         // a template argument: every value is instantiated
  bool has_values = true;            // false: only the cases give it values (no grid)

  bool is_integer() const { return kind == ParamKind::integer; }
  std::size_t size() const { return is_integer() ? values.size() : names.size(); }
  // The value at `position`, as a point holds it.
  std::int64_t at(std::size_t position) const {
    return is_integer() ? values[position] : static_cast<std::int64_t>(position);
  }
  // A value as tables and --filter show it: the integer, or the name.
  std::string text(std::int64_t value) const {
    return is_integer() ? std::to_string(value) : names[static_cast<std::size_t>(value)].name;
  }
};

// Params that advance together (`zip:`): one axis of the grid, whose i-th point gives each of
// them its i-th value.
struct Zip {
  std::vector<std::size_t> params;  // by index into Spec::params, in the order written
  std::string name;                 // of its axis in generated code: `num_q_heads_and_num_kv_heads`
  SourceLoc loc;
};

// The column that names the case of each point when a spec has cases: the name of the case, or
// `grid` for the grid's own points. No param or type axis has this name: it is a C++ keyword.
inline constexpr const char* case_column = "case";
inline constexpr const char* grid_case_name = "grid";

// A point the spec names (`cases:`): the values it gives some params and type axes; the other
// axes take each of their values. Every case gives the same params and type axes.
struct NamedCase {
  std::string name;
  SourceLoc loc;
  std::vector<std::optional<std::size_t>> types;    // position in each type axis' values
  std::vector<std::optional<std::int64_t>> params;  // each param's value, as a point holds it
  bool ci = false;                                  // in the CI grid
};

// A type axis: a template parameter whose values are dtype names.
struct TypeAxis {
  std::string name;
  SourceLoc loc;
  std::vector<std::string> values;
  std::vector<std::string> ci;
};

enum class InitKind { random, zeros, ones, arange, randperm };

struct TensorDecl {
  std::string name;
  SourceLoc loc;
  std::vector<SpecExpr> shape;
  std::string dtype;  // a dtype name, or the name of a type axis when dtype_is_axis
  bool dtype_is_axis = false;
  bool cold = true;
  SourceLoc cold_loc;  // where `cold` is given
  InitKind init = InitKind::random;
  std::optional<SpecExpr> randperm_range;  // init: randperm(EXPR)
  std::string low = "-1";                  // init: random, uniform in [low, high); C++ literals
  std::string high = "1";
};

// One term of memory.read or memory.write: a whole tensor, part of one, or a byte count.
struct TrafficTerm {
  std::string tensor;             // empty: `bytes` alone
  std::optional<SpecExpr> bytes;  // unset: the whole tensor
  // `bytes` holds the spec's `elements`: a count of the tensor's elements, which the generated
  // code multiplies by the element size of the tensor's dtype at each point.
  bool in_elements = false;
  SourceLoc loc;
};

// One header of `include:`, as written, and where.
struct Include {
  std::string path;
  SourceLoc loc;
};

// Text with `$name` in it (a JIT kernel's name expression, an NVRTC option): literal pieces and
// the type axes and params substituted for each case.
struct JitText {
  struct Piece {
    std::string text;  // literal text, or the name of a type axis or param
    bool is_name = false;
  };
  std::vector<Piece> pieces;
};

// A named integer value of a JIT impl (`let:`): usable in its later values, geometry and
// arguments.
struct JitLet {
  std::string name;
  SpecExpr value;
};

// One argument of a JIT kernel: a tensor's data, or a value of a scalar type.
struct JitArgument {
  SourceLoc loc;
  std::string tensor;             // set: the tensor's data, a pointer to its elements
  std::string type;               // a scalar's C++ type, as written (jit_arg_types())
  std::optional<SpecExpr> value;  // an integer expression (integer and bool types; float too)
  std::string literal;            // a floating literal as written (float, double)
};

// A kernel compiled with NVRTC when the benchmark runs (docs/spec.md, impls.<name>.source).
// Expressions name the params, `sm_count` and the lets before them, by index in that order.
struct JitImpl {
  std::string source;
  SourceLoc source_loc;
  JitText kernel;
  std::vector<JitLet> lets;
  std::vector<SpecExpr> grid;  // x, then y and z when given
  std::vector<SpecExpr> block;
  std::optional<SpecExpr> shared_mem;
  std::vector<JitArgument> args;
  std::vector<JitText> options;
  bool pdl = false;
  bool arch_specific = false;

  // Every expression of the impl: lets, grid, block, shared_mem, argument values, in that order.
  std::vector<const SpecExpr*> expressions() const {
    std::vector<const SpecExpr*> out;
    for (const JitLet& let : lets) out.push_back(&let.value);
    for (const SpecExpr& e : grid) out.push_back(&e);
    for (const SpecExpr& e : block) out.push_back(&e);
    if (shared_mem) out.push_back(&*shared_mem);
    for (const JitArgument& arg : args) {
      if (arg.value) out.push_back(&*arg.value);
    }
    return out;
  }
};

struct Impl {
  std::string name;
  SourceLoc loc;      // of the name
  std::string call;   // C++, as written (a folded one in its lines); empty for a JIT impl
  int call_line = 0;  // the spec line the call's first line is on, for #line
  std::optional<JitImpl> jit;
};

struct Tolerance {
  std::string dtype;
  std::string value;  // a C++ floating literal, as written
};

struct Spec {
  std::string file;  // as given to the loader; #line directives name it
  std::string benchmark;
  std::string doc;
  std::vector<Include> includes;
  std::vector<Param> params;
  std::vector<TypeAxis> types;
  std::vector<Zip> zips;
  std::vector<NamedCase> cases;
  std::optional<SpecExpr> skip_if;
  std::vector<TensorDecl> tensors;
  std::vector<TrafficTerm> reads;
  std::vector<TrafficTerm> writes;
  std::optional<SpecExpr> flops;
  std::vector<Impl> impls;
  std::string reference;  // empty: no correctness check
  std::vector<Tolerance> tolerance;
  std::vector<std::string> metrics;

  std::vector<std::string> param_names() const {
    std::vector<std::string> names;
    for (const Param& param : params) names.push_back(param.name);
    return names;
  }
  // Whether the grid runs: every param has values. Without, only the cases run.
  bool has_grid() const {
    return std::all_of(params.begin(), params.end(), [](const Param& p) { return p.has_values; });
  }
  // The dtypes a tensor takes over the grid: its own, or every value of its type axis.
  std::vector<std::string> dtypes_of(const TensorDecl& tensor) const {
    if (!tensor.dtype_is_axis) return {tensor.dtype};
    for (const TypeAxis& axis : types) {
      if (axis.name == tensor.dtype) return axis.values;
    }
    return {};
  }
};

}  // namespace jitbench::gen
