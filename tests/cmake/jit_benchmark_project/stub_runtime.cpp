#include <jitbench/benchmark.hpp>

#include <iostream>

namespace jitbench {

int run_main(int, char**, const BenchmarkDesc& desc, const BuildInfo&) {
  std::cout << desc.name << ": " << desc.make_cases(false).size() << " cases; no CUDA device\n";
  return 77;
}

}  // namespace jitbench
