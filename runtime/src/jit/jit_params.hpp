#pragma once

#include <jitbench/jit.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace jitbench::detail {

// The check of a JIT impl's arguments against its kernel's parameters, before the first launch:
// a launch with the wrong arguments reads garbage or faults, so a mismatch is the impl's error
// row instead. Two sources tell the parameters: the kernel's mangled name (which NVRTC reports
// for the name expression, so this needs no GPU) gives their types; the driver
// (cuFuncGetParamInfo, CUDA 12.4 and later) gives their sizes, class types' included.

// A kernel parameter, as far as the check knows it.
struct KernelParam {
  std::string type;                  // as the demangled name spells it; empty: not known
  std::optional<JitValueKind> kind;  // unknown for class types
  std::size_t size = 0;              // [B]; 0: not known
};

// The kernel's signature from its mangled name: "void k<float>(float*, long long)" and its
// parameters. Nothing for a name that is not a mangled C++ function (an extern "C" kernel).
struct KernelSignature {
  std::string text;
  std::vector<KernelParam> params;
};
std::optional<KernelSignature> signature_from_mangled_name(const std::string& lowered_name);

// Why `args` do not fit the kernel, or an empty string. `signature` and `driver_sizes` are each
// what is known; with neither, nothing can be checked and the result is empty.
std::string check_kernel_arguments(const std::string& kernel,
                                   const std::optional<KernelSignature>& signature,
                                   const std::optional<std::vector<std::size_t>>& driver_sizes,
                                   const std::vector<JitArg>& args);

}  // namespace jitbench::detail
