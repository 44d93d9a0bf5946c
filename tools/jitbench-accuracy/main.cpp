// jitbench-accuracy RUN.json [RUN.json ...]: the accuracy table of docs/timing.md from runs made
// with --verify-timing. scripts/timing-accuracy makes the runs and calls this.

#include "accuracy.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: jitbench-accuracy RUN.json [RUN.json ...]\n";
    return 2;
  }
  std::vector<jitbench::detail::JsonValue> runs;
  try {
    for (int i = 1; i < argc; ++i) {
      std::ifstream file(argv[i]);
      if (!file) throw std::runtime_error(std::string(argv[i]) + ": cannot open");
      std::ostringstream text;
      text << file.rdbuf();
      try {
        runs.push_back(jitbench::detail::parse_json(text.str()));
      } catch (const std::exception& e) {
        throw std::runtime_error(std::string(argv[i]) + ":" + e.what());
      }
    }
    jitbench::accuracy::write_accuracy_table(std::cout, jitbench::accuracy::accuracy_rows(runs));
  } catch (const std::exception& e) {
    std::cerr << "jitbench-accuracy: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
