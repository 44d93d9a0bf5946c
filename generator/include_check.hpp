#pragma once

#include "diagnostic.hpp"
#include "spec.hpp"

#include <string>
#include <vector>

namespace jitbench::gen {

// The directories a build searches for a spec's `include:` headers: the spec's own directory,
// then `include_dirs` (jitbench-gen -I, which add_jit_benchmark passes), in order.
std::vector<std::string> include_search_path(const std::string& spec_file,
                                             const std::vector<std::string>& include_dirs);

// An error at each include, and each JIT impl's source, that is in none of `search_path`, so
// that a typo in a path is reported at the spec's line, not as a compile error in generated code
// or an error when the benchmark runs. Reads the file system; load_spec does not.
std::vector<Diagnostic> check_includes(const Spec& spec,
                                       const std::vector<std::string>& search_path);

}  // namespace jitbench::gen
