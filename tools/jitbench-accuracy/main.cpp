// jitbench-accuracy RUN.json [RUN.json ...]: the accuracy table of docs/timing.md from runs made
// with --verify-timing. scripts/timing-accuracy makes the runs and calls this.

#include "accuracy.hpp"

#include <iostream>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: jitbench-accuracy RUN.json [RUN.json ...]\n";
    return 2;
  }
  std::vector<jitbench::ResultsFile> runs;
  try {
    for (int i = 1; i < argc; ++i) runs.push_back(jitbench::load_results(argv[i]));
    jitbench::accuracy::write_accuracy_table(std::cout, jitbench::accuracy::accuracy_rows(runs));
  } catch (const std::exception& e) {
    std::cerr << "jitbench-accuracy: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
