#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jitbench::detail {

// One NVRTC compilation: a CUDA source, the one kernel instantiation wanted from it (a name
// expression such as "kernels::qknorm_kernel<__nv_bfloat16, 128>") and the options, `-arch`
// among them. NVRTC needs no GPU: this runs anywhere the toolkit's libnvrtc is.
struct NvrtcProgram {
  std::string name;  // NVRTC's name for the source: its path, so that the log says file(line)
  std::string source;
  std::string name_expression;
  std::vector<std::string> options;
  // Headers NVRTC takes from memory rather than from the include folders: (include name, text).
  std::vector<std::pair<std::string, std::string>> headers;
};

struct NvrtcOutput {
  bool ok = false;
  std::string cubin;         // ok: the machine code for the -arch asked for
  std::string lowered_name;  // ok: the mangled name of name_expression, for cuModuleGetFunction
  std::string log;           // NVRTC's log: the errors, or the warnings of a success
  double seconds = 0;        // the compilation's wall time
};

// Compiles with NVRTC (loaded on first use; std::runtime_error when it cannot be). A source that
// does not compile, or an option NVRTC rejects, is `ok == false` with the log saying why.
NvrtcOutput nvrtc_compile(const NvrtcProgram& program);

// "13.0": the version of the NVRTC that nvrtc_compile uses.
std::string nvrtc_version();

}  // namespace jitbench::detail
