// Five identical cases of a 64 KiB copy, a call of about 1.4 us, checked against a reference
// impl: what a tiny kernel reads by default, first and fifth in its process, against the same
// run with --no-check (launch_state_test.cu).

#include <jitbench/jitbench.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t elements = 16 * 1024;  // 64 KiB of floats

__global__ void copy(const float* src, float* dst, std::int64_t n) {
  const std::int64_t i = blockIdx.x * std::int64_t{blockDim.x} + threadIdx.x;
  if (i < n) dst[i] = src[i];
}

void launch_copy(jitbench::Launch& l) {
  const float* src = l.tensor(0).data_as<float>();
  float* dst = l.tensor(1).data_as<float>();
  copy<<<(elements + 255) / 256, 256, 0, l.stream()>>>(src, dst, elements);
}

jitbench::CaseSpec copy_case(int position) {
  jitbench::CaseSpec c;
  c.param_values = {std::to_string(position)};
  c.tensors = {{"src", jitbench::DType::fp32, {elements}},
               {"dst", jitbench::DType::fp32, {elements}}};
  c.reads = {{"src"}};
  c.writes = {{"dst"}};
  c.impls = {launch_copy, launch_copy};
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  jitbench::BenchmarkDesc desc;
  desc.name = "launch_state";
  desc.param_names = {"position"};
  desc.impl_names = {"kernel", "reference"};
  desc.reference = "reference";
  desc.make_cases = [](bool) {
    std::vector<jitbench::CaseSpec> cases;
    for (int position = 1; position <= 5; ++position) cases.push_back(copy_case(position));
    return cases;
  };
  return jitbench::run_main(argc, argv, desc);
}
