#pragma once

// JIT impls: a kernel compiled with NVRTC when the benchmark runs, for the GPU it runs on, and
// launched with the driver API inside the same graph timing as every other impl. The generator
// writes one function a JIT impl that describes its call for a case (what to compile, the launch
// geometry, the arguments), and add_jit_impl() turns that into the case's impl:
//
//   jitbench::JitCall call;
//   call.source = "kernels/scale.cuh";
//   call.kernel = "kernels::scale_kernel<" + std::string(jitbench::jit_type_name(dtype)) + ">";
//   call.launch = [n](std::int64_t /*sm_count*/) {
//     jitbench::JitLaunch launch;
//     launch.grid = {(n + 255) / 256, 1, 1};
//     launch.block = {256, 1, 1};
//     launch.args = {jitbench::JitArg::tensor(0), jitbench::JitArg::of(std::int64_t{n})};
//     return launch;
//   };
//   jitbench::add_jit_impl(spec, 0, std::move(call));
//
// Each distinct instantiation (source, name expression, options, architecture) is compiled once
// a process and cached on disk; the compile time is reported in the impl's row
// (ImplResult::jit_compile_s), never in a timing. docs/spec.md has the spec keys.

#include <jitbench/benchmark.hpp>
#include <jitbench/dtype.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace jitbench {

// What a kernel parameter or an argument is, for the check of the arguments against the kernel's
// parameters before its first launch.
enum class JitValueKind { pointer, signed_integer, unsigned_integer, floating, boolean };

// One argument of a JIT kernel: the data of one of the case's tensors (a pointer to its elements,
// the rotation copy's own at each call), or a value of a scalar type.
class JitArg {
 public:
  static JitArg tensor(std::size_t index) {
    JitArg arg;
    arg.tensor_ = true;
    arg.index_ = index;
    arg.kind_ = JitValueKind::pointer;
    arg.size_ = sizeof(void*);
    return arg;
  }

  // bool, an integer type or a floating-point type of 8 bytes at most.
  template <class T>
  static JitArg of(T value) {
    static_assert(std::is_arithmetic_v<T> && sizeof(T) <= sizeof(std::uint64_t),
                  "a JIT argument is a tensor, bool, an integer or a floating-point value");
    JitArg arg;
    arg.kind_ = std::is_same_v<T, bool>       ? JitValueKind::boolean
                : std::is_floating_point_v<T> ? JitValueKind::floating
                : std::is_signed_v<T>         ? JitValueKind::signed_integer
                                              : JitValueKind::unsigned_integer;
    arg.size_ = sizeof(T);
    std::memcpy(arg.bytes_.data(), &value, sizeof(T));
    return arg;
  }

  bool is_tensor() const { return tensor_; }
  std::size_t tensor_index() const { return index_; }
  JitValueKind kind() const { return kind_; }
  std::size_t size() const { return size_; }  // [B]
  // The value's bytes (not for a tensor).
  const void* value() const { return bytes_.data(); }

 private:
  JitArg() = default;

  bool tensor_ = false;
  std::size_t index_ = 0;
  JitValueKind kind_ = JitValueKind::pointer;
  std::size_t size_ = 0;
  alignas(std::uint64_t) std::array<unsigned char, sizeof(std::uint64_t)> bytes_{};
};

// How one case launches a JIT kernel.
struct JitLaunch {
  std::array<std::int64_t, 3> grid{1, 1, 1};   // [blocks]
  std::array<std::int64_t, 3> block{1, 1, 1};  // [threads]
  std::int64_t shared_bytes = 0;               // dynamic shared memory [B]
  std::vector<JitArg> args;                    // the kernel's parameters, in order
};

// A JIT impl's call for one case.
struct JitCall {
  std::string source;                // the CUDA source, relative to an include folder
  std::string kernel;                // NVRTC name expression: "ns::kernel<__half, 128>"
  std::vector<std::string> options;  // NVRTC options; -arch is added for the device
  bool arch_specific = false;        // compile for sm_XYa (sm_90a) rather than sm_XY
  bool pdl = false;                  // programmatic dependent launch, on sm_90 and later
  // The launch for the device's multiprocessor count; called once, before the first launch.
  std::function<JitLaunch(std::int64_t sm_count)> launch;
};

// The CUDA C++ name of a dtype's element type as NVRTC knows it: "__nv_bfloat16" for bf16.
const char* jit_type_name(DType dtype);

// Makes `call` the impl `index` of the case: spec.impls[index] launches it and
// spec.jit_prepare[index] compiles it. `include_path` is the ':'-separated folders the source
// and its headers are looked for in; the overload below passes the benchmark's.
void add_jit_impl(CaseSpec& spec, std::size_t index, JitCall call, const std::string& include_path);

// The benchmark's include folders, which add_jit_benchmark() gives its translation unit; without
// them (a hand-built benchmark) the source is looked for from the current directory.
#ifndef JITBENCH_JIT_INCLUDE_PATH
#define JITBENCH_JIT_INCLUDE_PATH "."
#endif
static inline void add_jit_impl(CaseSpec& spec, std::size_t index, JitCall call) {
  add_jit_impl(spec, index, std::move(call), JITBENCH_JIT_INCLUDE_PATH);
}

}  // namespace jitbench
