// A benchmark whose impls lose the CUDA context in some cases by writing through a wild pointer:
// 'wild' in cases wild1 and wild2, the reference 'store' in ref_wild. The run must go on in new
// processes and measure every other impl of every case. In case stuck, 'other' never ends.

#include <jitbench/jitbench.hpp>

#include <string>
#include <vector>

namespace {

enum class Behaviour { store, wild, sleep };

__global__ void store(float* p) { *p = 1.0f; }

__global__ void sleep_forever() {
  while (true) __nanosleep(1000);
}

jitbench::ImplFunction impl(Behaviour behaviour) {
  return [behaviour](jitbench::Launch& l) {
    if (behaviour == Behaviour::sleep) {
      sleep_forever<<<1, 1, 0, l.stream()>>>();
      return;
    }
    float* target = behaviour == Behaviour::wild ? reinterpret_cast<float*>(0x10)
                                                 : l.tensor(0).data_as<float>();
    store<<<1, 1, 0, l.stream()>>>(target);
  };
}

jitbench::CaseSpec store_case(const std::string& name) {
  jitbench::CaseSpec c;
  c.param_values = {name};
  c.tensors = {{"x", jitbench::DType::fp32, {1024}}};
  c.reads = {{"x"}};
  c.writes = {{"x"}};
  const auto store_unless = [](bool wild) { return wild ? Behaviour::wild : Behaviour::store; };
  c.impls = {impl(store_unless(name == "ref_wild")),
             impl(store_unless(name == "wild1" || name == "wild2")),
             impl(name == "stuck" ? Behaviour::sleep : Behaviour::store)};
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  jitbench::BenchmarkDesc desc;
  desc.name = "sticky_fault";
  desc.param_names = {"case"};
  desc.impl_names = {"store", "wild", "other"};
  desc.reference = "store";
  desc.make_cases = [](bool) {
    std::vector<jitbench::CaseSpec> cases;
    for (const char* name : {"good", "wild1", "ref_wild", "wild2", "after", "stuck"}) {
      cases.push_back(store_case(name));
    }
    return cases;
  };
  return jitbench::run_main(argc, argv, desc);
}
