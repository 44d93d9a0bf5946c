#pragma once

// The JIT impls of a spec: an impl given as a mapping instead of a call string names a CUDA
// source that the benchmark compiles with NVRTC when it runs (docs/spec.md, impls.<name>.source).
// The spec loader loads one with Loader::load_jit_impl (spec_sections.hpp, defined in
// jit_impl_loader.cpp); the grid check checks its expressions at every point (grid_check.hpp);
// the emitter's part is jit_emit.hpp.

#include "yaml_schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace jitbench::gen {

// The name JIT expressions use for the multiprocessor count of the GPU the benchmark runs on.
inline constexpr const char* jit_sm_count = "sm_count";

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
