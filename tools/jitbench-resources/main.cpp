// jitbench-resources: writes CTest's resource spec for this host's GPUs, so that
// `ctest -j N` runs one benchmark a GPU at a time (add_jit_benchmark gives every benchmark test
// RESOURCE_GROUPS gpus:1). The build runs it every time, so a changed GPU count is seen.
//
//   jitbench-resources --out build/jitbench_resources.json [--gpus N]

#include "ctest_resources.hpp"

#include <cuda_runtime_api.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

// The GPUs CUDA sees here (CUDA_VISIBLE_DEVICES applies); none without a driver or a device.
int visible_gpus() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) return 0;
  return count;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int usage(std::string_view why) {
  std::cerr << "usage: jitbench-resources --out FILE [--gpus N]\njitbench-resources: " << why
            << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  int gpus = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: jitbench-resources --out FILE [--gpus N]\n"
                   "Writes CTest's resource spec, one slot a GPU that CUDA sees here (--gpus N: "
                   "N slots), for `ctest -j` to run one benchmark a GPU at a time.\n";
      return 0;
    }
    if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (arg == "--gpus" && i + 1 < argc) {
      char* end = nullptr;
      const long n = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || n < 0 || n > 4096) return usage("--gpus takes a count of GPUs");
      gpus = static_cast<int>(n);
    } else {
      return usage("unexpected argument '" + std::string(arg) + "'");
    }
  }
  if (out.empty()) return usage("--out FILE is required");
  if (gpus < 0) gpus = visible_gpus();
  const std::string spec = jitbench::detail::resource_spec_json(gpus);
  // Rewritten only when it changes, so that nothing that depends on it rebuilds for nothing.
  if (read_file(out) != spec) {
    std::ofstream file(out, std::ios::trunc);
    file << spec;
    if (!file.flush()) {
      std::cerr << "jitbench-resources: cannot write " << out << "\n";
      return 1;
    }
  }
  std::cout << "jitbench-resources: " << gpus << (gpus == 1 ? " GPU" : " GPUs")
            << (gpus == 0 ? " (one slot, so that benchmarks start and skip)" : "") << " in " << out
            << "\n";
  return 0;
}
