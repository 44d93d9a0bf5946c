#pragma once

// The generated code of JIT impls (jit_impl_loader.hpp): one function a JIT impl that describes
// its call for a case as a jitbench::JitCall (runtime/include/jitbench/jit.hpp), and the lines of
// make_case() that bind it to the case. emit_bench.cpp calls these.

#include "code_writer.hpp"
#include "spec.hpp"

namespace jitbench::gen {

// `const auto act = params.act == "silu" ? kernels::Activation::silu : ...;`: the C++ value that
// the case's name of a mapped param stands for, or, `as_text`, `const char* const act = ...;`, that
// expression as text, for NVRTC. Call strings (emit_bench.cpp) and JIT impls bind it so.
void emit_mapped_value(CodeWriter& w, const Param& param, bool as_text);

bool has_jit_impls(const Spec& spec);
// Whether a JIT impl's expressions need <algorithm> (min, max).
bool jit_uses_min_max(const Spec& spec);

// `jitbench::JitCall jit_<impl>(const Case& params) { ... }`
void emit_jit_function(CodeWriter& w, const Spec& spec, const Impl& impl);

// `jitbench::add_jit_impl(spec, <index>, jit_<impl>(params));` for each JIT impl.
void emit_add_jit_impls(CodeWriter& w, const Spec& spec);

}  // namespace jitbench::gen
