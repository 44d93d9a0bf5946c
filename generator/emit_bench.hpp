#pragma once

#include "spec.hpp"

#include <string>

namespace jitbench::gen {

struct EmitOptions {
  // The generated file's name as the compiler should report it after a call string (the
  // `#line` that follows each one). The CLI passes the file name of --out.
  std::string output_name = "bench.cu";
  // The spec's name in the header comment and in the `#line` before each call string; empty:
  // Spec::file. add_jit_benchmark passes the path relative to the source root, so that a spec
  // gives the same bytes in every checkout.
  std::string spec_name;
};

// The benchmark translation unit for a spec that load_spec accepted. A pure function: the same
// spec and options give the same bytes.
//
// The unit holds a `Case` struct of the grid's axes; one function per impl that binds the
// tensors, the stream and the params its call string uses and then makes the call (a template
// over the type axes and compile-time params it uses); select_impls(), which picks the
// instantiations for a case (only the CI subset's under JITBENCH_CI_ONLY); make_case() and
// make_cases(), which describe the grid to the runtime; and main().
std::string emit_bench(const Spec& spec, const EmitOptions& options);

}  // namespace jitbench::gen
