#include "results_inputs.hpp"

#include <jitbench/results_reader.hpp>

#include <map>

namespace jitbench::compare_tool {

Side load_side(const std::string& path) {
  Side side;
  std::map<std::string, std::string> file_of;  // entry name -> the file it was first seen in
  for (const std::string& file : results_files(path)) {
    for (ResultEntry& entry : load_results(file).entries) {
      const auto [first, inserted] = file_of.emplace(entry.name, file);
      if (!inserted && first->second != file) side.repeated.push_back(entry.name);
      side.entries.push_back(std::move(entry));
    }
  }
  return side;
}

}  // namespace jitbench::compare_tool
