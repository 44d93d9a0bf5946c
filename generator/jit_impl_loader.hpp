#pragma once

// The JIT impls of a spec: an impl given as a mapping instead of a call string names a CUDA
// source that the benchmark compiles with NVRTC when it runs (docs/spec.md, impls.<name>.source).
// The spec loader calls these; the emitter's part is jit_emit.hpp.

#include "diagnostic.hpp"
#include "spec.hpp"
#include "spec_reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace jitbench::gen {

// Loads and checks the mapping of the JIT impl `entry`: every error is reported through
// `reader`, and then nothing is returned.
std::optional<JitImpl> load_jit_impl(SpecReader& reader, const Entry& entry);

// Checks the JIT impls' expressions at every point of the grid that skip_if keeps, and, where
// they use `sm_count`, for sm_count = 1, 2, 4, ..., 1024: no division by zero or overflow, a
// launch geometry every GPU takes, and argument values that their types hold.
void check_jit_grid(const Spec& spec, Diagnostics& diag);

// The key sets of a JIT impl's mapping and of its arguments, for accepted_keys().
std::vector<const KeySet*> jit_impl_key_sets();

// A scalar type a JIT argument may have: its spelling in the spec, its C++ type in generated
// code, and what it holds.
struct JitScalarType {
  const char* name;
  const char* cpp;
  enum Kind { boolean, integer, floating } kind;
  std::int64_t min;  // integers: the range the type holds that an int64 can say
  std::int64_t max;
};
const std::vector<JitScalarType>& jit_scalar_types();
const JitScalarType* find_jit_scalar_type(const std::string& name);

}  // namespace jitbench::gen
