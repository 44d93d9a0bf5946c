#include "jit/nvrtc_library.hpp"

#include "dynamic_library.hpp"

namespace jitbench::detail {

namespace {

// Set by runtime/CMakeLists.txt from the CUDA Toolkit found at build time: NVRTC's file names
// (its soname first) and the folders that toolkit keeps it in, ':'-separated.
constexpr const char* nvrtc_names = JITBENCH_NVRTC_NAMES;
constexpr const char* nvrtc_dirs = JITBENCH_NVRTC_DIRS;

template <class Function>
void bind(void* library, const char* symbol, Function& function) {
  bind_symbol(library, symbol, function, "NVRTC");
}

NvrtcLibrary load() {
  void* library =
      open_first_library(library_candidates(nvrtc_names, nvrtc_dirs), "JIT impls need NVRTC");
  NvrtcLibrary l;
  bind(library, "nvrtcGetErrorString", l.get_error_string);
  bind(library, "nvrtcVersion", l.version);
  bind(library, "nvrtcCreateProgram", l.create_program);
  bind(library, "nvrtcDestroyProgram", l.destroy_program);
  bind(library, "nvrtcAddNameExpression", l.add_name_expression);
  bind(library, "nvrtcCompileProgram", l.compile_program);
  bind(library, "nvrtcGetProgramLogSize", l.get_program_log_size);
  bind(library, "nvrtcGetProgramLog", l.get_program_log);
  bind(library, "nvrtcGetLoweredName", l.get_lowered_name);
  bind(library, "nvrtcGetCUBINSize", l.get_cubin_size);
  bind(library, "nvrtcGetCUBIN", l.get_cubin);
  return l;
}

}  // namespace

const NvrtcLibrary& nvrtc() {
  static const NvrtcLibrary library = load();
  return library;
}

}  // namespace jitbench::detail
