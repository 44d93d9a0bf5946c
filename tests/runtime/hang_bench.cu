// A benchmark with impls whose kernels never end, for the watchdog's GPU test: the run must
// report a hang row and exit 1 within the deadline instead of waiting forever.
//   case=good    a kernel that ends
//   case=stuck   thread 0 sleeps forever from the first call: the --hang-timeout limit applies
//   case=late    calls end until the 64th: by then a call is timed, so its deadline applies
//   case=never   after the hang: must not run

#include <jitbench/jitbench.hpp>

#include <string>
#include <vector>

namespace {

__device__ unsigned long long calls_made = 0;

__global__ void store(float* x) { x[threadIdx.x] = 1.0f; }

__global__ void sleep_forever_after(unsigned long long calls) {
  if (threadIdx.x == 0 && atomicAdd(&calls_made, 1ull) >= calls) {
    while (true) __nanosleep(1000);
  }
}

jitbench::CaseSpec make_case(const std::string& name) {
  jitbench::CaseSpec c;
  c.param_values = {name};
  c.tensors = {{"x", jitbench::DType::fp32, {1024}}};
  c.reads = {{"x"}};
  c.writes = {{"x"}};
  const unsigned long long calls = name == "stuck" ? 0 : 64;
  if (name == "stuck" || name == "late") {
    c.impls = {
        [calls](jitbench::Launch& l) { sleep_forever_after<<<1, 32, 0, l.stream()>>>(calls); }};
  } else {
    c.impls = {
        [](jitbench::Launch& l) { store<<<1, 32, 0, l.stream()>>>(l.tensor(0).data_as<float>()); }};
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  jitbench::BenchmarkDesc desc;
  desc.name = "hang";
  desc.param_names = {"case"};
  desc.impl_names = {"spin"};
  desc.make_cases = [](bool) {
    return std::vector<jitbench::CaseSpec>{make_case("good"), make_case("stuck"), make_case("late"),
                                           make_case("never")};
  };
  return jitbench::run_main(argc, argv, desc);
}
