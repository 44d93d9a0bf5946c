// A benchmark written by hand against the runtime, no spec and no generator: the vectorised
// copy kernel against cudaMemcpyAsync, 4 KiB to 1 GiB. It is also the runtime's own
// calibration: a cold 16 MiB copy must not beat a 1 GiB one, and the kernel must reach the
// eager cudaMemcpyAsync figure at 1 GiB.
//
//   jitbench_copy_example [--ci] [--l2 warm] [--filter size=1MiB|1GiB] ...

#include "kernels/copy.cuh"
#include <jitbench/jitbench.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace {

std::string size_label(std::int64_t bytes) {
  if (bytes >= (std::int64_t{1} << 30)) return std::to_string(bytes >> 30) + "GiB";
  if (bytes >= (std::int64_t{1} << 20)) return std::to_string(bytes >> 20) + "MiB";
  return std::to_string(bytes >> 10) + "KiB";
}

jitbench::CaseSpec copy_case(std::int64_t bytes) {
  jitbench::CaseSpec c;
  c.param_values = {size_label(bytes)};
  c.tensors = {{"src", jitbench::DType::fp32, {bytes / 4}},
               {"dst", jitbench::DType::fp32, {bytes / 4}}};
  c.reads = {{"src"}};
  c.writes = {{"dst"}};
  const auto size = static_cast<std::size_t>(bytes);
  c.impls = {
      [size](jitbench::Launch& l) {
        kernels::copy_vectorized(l.tensor(1).data(), l.tensor(0).data(), size, l.stream());
      },
      [size](jitbench::Launch& l) {
        JITBENCH_CUDA(cudaMemcpyAsync(l.tensor(1).data(), l.tensor(0).data(), size,
                                      cudaMemcpyDeviceToDevice, l.stream()));
      },
  };
  return c;
}

jitbench::BenchmarkDesc copy_benchmark() {
  jitbench::BenchmarkDesc desc;
  desc.name = "copy_example";
  desc.doc = "Vectorised copy kernel against cudaMemcpyAsync, device to device.";
  desc.param_names = {"size"};
  desc.impl_names = {"kernel", "memcpy"};
  desc.reference = "memcpy";
  desc.make_cases = [](bool ci) {
    std::vector<jitbench::CaseSpec> cases;
    if (ci) {
      cases.push_back(copy_case(std::int64_t{1} << 20));
      return cases;
    }
    for (std::int64_t bytes = 4096; bytes <= (std::int64_t{1} << 30); bytes *= 4) {
      cases.push_back(copy_case(bytes));
    }
    return cases;
  };
  return desc;
}

}  // namespace

int main(int argc, char** argv) { return jitbench::run_main(argc, argv, copy_benchmark()); }
