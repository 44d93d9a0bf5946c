// A benchmark whose second case writes through a wild pointer: the context is lost, the run
// must stop and still report the first case.

#include <jitbench/jitbench.hpp>

#include <string>
#include <vector>

namespace {

__global__ void store(float* p) { *p = 1.0f; }

jitbench::CaseSpec store_case(const std::string& name, bool wild) {
  jitbench::CaseSpec c;
  c.param_values = {name};
  c.tensors = {{"x", jitbench::DType::fp32, {1024}}};
  c.reads = {{"x"}};
  c.writes = {{"x"}};
  c.impls = {[wild](jitbench::Launch& l) {
    float* target = wild ? reinterpret_cast<float*>(0x10) : l.tensor(0).data_as<float>();
    store<<<1, 1, 0, l.stream()>>>(target);
  }};
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  jitbench::BenchmarkDesc desc;
  desc.name = "sticky_fault";
  desc.param_names = {"case"};
  desc.impl_names = {"store"};
  desc.make_cases = [](bool) {
    return std::vector<jitbench::CaseSpec>{store_case("good", false), store_case("wild", true),
                                           store_case("never", false)};
  };
  return jitbench::run_main(argc, argv, desc);
}
