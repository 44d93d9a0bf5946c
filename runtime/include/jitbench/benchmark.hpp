#pragma once

#include <jitbench/build_info.hpp>
#include <jitbench/tensor.hpp>

#include <cuda_runtime_api.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jitbench {

// The move-only handle an impl receives for one call: the stream to launch on and the tensors
// of the rotation copy in use. An impl launches its work on `stream()` and does nothing else:
// no allocation, no synchronisation, so that the call can be captured into a CUDA graph.
class Launch {
 public:
  Launch(cudaStream_t stream, const std::vector<Tensor>& tensors)
      : stream_(stream), tensors_(&tensors) {}
  Launch(const Launch&) = delete;
  Launch& operator=(const Launch&) = delete;
  Launch(Launch&&) = default;
  Launch& operator=(Launch&&) = default;

  cudaStream_t stream() const { return stream_; }
  const Tensor& tensor(std::size_t index) const { return tensors_->at(index); }

 private:
  cudaStream_t stream_;
  const std::vector<Tensor>* tensors_;
};

using ImplFunction = std::function<void(Launch&)>;

// One term of the memory traffic of a call: a whole declared tensor, or an explicit byte count
// for a kernel that touches part of one (a scatter writes rows, not the whole cache). A write
// term that names a tensor also makes that tensor an output for the correctness check.
struct Traffic {
  Traffic() = default;
  Traffic(std::string tensor_) : tensor(std::move(tensor_)) {}  // NOLINT: {"q"} reads well
  Traffic(std::string tensor_, std::optional<double> bytes_)
      : tensor(std::move(tensor_)), bytes(bytes_) {}

  std::string tensor;           // empty: `bytes` alone
  std::optional<double> bytes;  // unset: the whole tensor [B]
};

// What getting a JIT impl's kernel ready cost (jit.hpp): paid once a process by the first case
// of its instantiation, and shown in the row of every case of it.
struct JitCompileInfo {
  double compile_s = 0;    // NVRTC, or reading the disk cache, and loading the module [s]
  bool cache_hit = false;  // read from the disk cache, not compiled
};

// Everything the runtime needs to know about one point of the grid.
struct CaseSpec {
  std::vector<std::string> param_values;  // one per BenchmarkDesc::param_names, as printed
  std::vector<TensorSpec> tensors;
  std::vector<Traffic> reads;
  std::vector<Traffic> writes;
  double flops = 0;         // 0: not declared
  std::string skip_reason;  // not empty: the case is not run and its row says why
  // One per BenchmarkDesc::impl_names. An empty function is an impl this binary was not built
  // with for this case (JITBENCH_CI_ONLY); its row says so.
  std::vector<ImplFunction> impls;
  // One per impl, or empty; set for a JIT impl (jit.hpp). The runtime calls it before the impl's
  // first call in the case, outside every timing: it compiles the kernel (or reads it from the
  // cache) and checks the arguments against the kernel's parameters, and throws what fails.
  std::vector<std::function<JitCompileInfo()>> jit_prepare;
};

// A benchmark as the generator (or a person) describes it to the runtime.
struct BenchmarkDesc {
  std::string name;
  std::string doc;
  std::vector<std::string> param_names;  // table order; type axes included
  std::vector<std::string> impl_names;
  std::string reference;                            // an impl name; empty: no correctness check
  std::vector<std::pair<DType, double>> tolerance;  // overrides default_tolerance()
  std::vector<std::string> metrics;                 // default latency columns, e.g. {"median"}
  // The grid: all cases, or the CI subset. Cheap: it describes, it allocates nothing.
  std::function<std::vector<CaseSpec>(bool ci)> make_cases;

  double tolerance_for(DType dtype) const;
};

// Bytes one call of the case moves [B]. A tensor in both lists counts twice (in place).
double bytes_read(const CaseSpec& spec);
double bytes_written(const CaseSpec& spec);
// The tensors that `writes` names, by index into spec.tensors, in order and without repeats.
std::vector<std::size_t> output_tensors(const CaseSpec& spec);
// The tensors that `reads` names and `writes` does not: what every call must leave as it found.
std::vector<std::size_t> input_tensors(const CaseSpec& spec);
// Index of the named tensor; throws std::invalid_argument naming it when it is not declared.
std::size_t tensor_index(const CaseSpec& spec, std::string_view name);

// The whole program: parses the command line, runs the selected cases, reports, and returns the
// process exit code (0 ok, 1 a case failed, 2 bad usage, 3 regression, 77 no CUDA device).
int run_main(int argc, char** argv, const BenchmarkDesc& desc, const BuildInfo& build);

// The build facts of the translation unit that includes this header. Internal linkage, so that
// each benchmark reports its own compilation and no two units' versions are merged.
static inline BuildInfo this_build() {
  BuildInfo build;
#ifdef JITBENCH_BUILD_CUDA_ARCHITECTURES
  build.cuda_architectures = JITBENCH_BUILD_CUDA_ARCHITECTURES;
#endif
#ifdef __CUDA_ARCH_LIST__
  build.arch_list = {__CUDA_ARCH_LIST__};
#endif
#ifdef JITBENCH_BUILD_TYPE
  build.build_type = JITBENCH_BUILD_TYPE;
#endif
  return build;
}

// run_main() for the benchmark compiled with this call: what a benchmark's main() returns.
static inline int run_main(int argc, char** argv, const BenchmarkDesc& desc) {
  return run_main(argc, argv, desc, this_build());
}

}  // namespace jitbench
