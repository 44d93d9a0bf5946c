#pragma once

#include <nvrtc.h>

namespace jitbench::detail {

// The NVRTC functions the JIT compiler calls, from libnvrtc loaded with dlopen the first time a
// JIT impl is compiled: a benchmark does not link NVRTC, so one without JIT impls starts where
// it is not installed.
struct NvrtcLibrary {
  decltype(&nvrtcGetErrorString) get_error_string = nullptr;
  decltype(&nvrtcVersion) version = nullptr;
  decltype(&nvrtcCreateProgram) create_program = nullptr;
  decltype(&nvrtcDestroyProgram) destroy_program = nullptr;
  decltype(&nvrtcAddNameExpression) add_name_expression = nullptr;
  decltype(&nvrtcCompileProgram) compile_program = nullptr;
  decltype(&nvrtcGetProgramLogSize) get_program_log_size = nullptr;
  decltype(&nvrtcGetProgramLog) get_program_log = nullptr;
  decltype(&nvrtcGetLoweredName) get_lowered_name = nullptr;
  decltype(&nvrtcGetCUBINSize) get_cubin_size = nullptr;
  decltype(&nvrtcGetCUBIN) get_cubin = nullptr;
};

// NVRTC, loaded once a process: libnvrtc.so.<CUDA major> on the library path, then in the
// folders of the toolkit the runtime was built with. Throws std::runtime_error that names every
// place searched when it cannot be loaded.
const NvrtcLibrary& nvrtc();

}  // namespace jitbench::detail
