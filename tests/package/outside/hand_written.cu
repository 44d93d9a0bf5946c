// A benchmark written by hand against the runtime, as the README's section on them shows: two
// ways of zeroing a buffer, one case.
#include <jitbench/jitbench.hpp>

#include <cstdint>
#include <vector>

namespace {

constexpr std::int64_t bytes = std::int64_t{1} << 20;

jitbench::BenchmarkDesc zero_benchmark() {
  jitbench::BenchmarkDesc desc;
  desc.name = "hand_written";
  desc.doc = "cudaMemsetAsync against a copy from a zeroed buffer.";
  desc.param_names = {"bytes"};
  desc.impl_names = {"memset", "copy"};
  desc.reference = "memset";
  desc.make_cases = [](bool) {
    jitbench::CaseSpec c;
    c.param_values = {"1MiB"};
    jitbench::TensorInit zeros;
    zeros.kind = jitbench::TensorInit::Kind::zeros;
    c.tensors = {{"zeros", jitbench::DType::fp32, {bytes / 4}, true, zeros},
                 {"out", jitbench::DType::fp32, {bytes / 4}}};
    c.reads = {{"zeros"}};
    c.writes = {{"out"}};
    c.impls = {
        [](jitbench::Launch& l) {
          JITBENCH_CUDA(cudaMemsetAsync(l.tensor(1).data(), 0, bytes, l.stream()));
        },
        [](jitbench::Launch& l) {
          JITBENCH_CUDA(cudaMemcpyAsync(l.tensor(1).data(), l.tensor(0).data(), bytes,
                                        cudaMemcpyDeviceToDevice, l.stream()));
        },
    };
    return std::vector<jitbench::CaseSpec>{c};
  };
  return desc;
}

}  // namespace

int main(int argc, char** argv) { return jitbench::run_main(argc, argv, zero_benchmark()); }
