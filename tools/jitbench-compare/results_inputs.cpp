#include "results_inputs.hpp"

#include <jitbench/results_reader.hpp>

namespace jitbench::compare_tool {

Side load_side(const std::string& path) {
  Side side;
  std::map<std::string, std::string> file_of;  // entry name -> the file it was first seen in
  for (const std::string& file : results_files(path)) {
    ResultsFile results = load_results(file);
    const std::string benchmark = benchmark_of(results);
    if (!benchmark.empty()) side.l2_modes.emplace(benchmark, results.context.l2_mode);
    for (ResultEntry& entry : results.entries) {
      const auto [first, inserted] = file_of.emplace(entry.name, file);
      if (!inserted && first->second != file) {
        side.repeated.push_back(entry.name);  // the first file's entry is the one compared
        continue;
      }
      side.entries.push_back(std::move(entry));
    }
  }
  return side;
}

}  // namespace jitbench::compare_tool
