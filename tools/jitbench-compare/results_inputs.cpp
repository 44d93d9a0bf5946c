#include "results_inputs.hpp"

#include <jitbench/results_reader.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace jitbench::compare_tool {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> results_files(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".json") {
      files.push_back(entry.path().string());
    }
  }
  if (ec) throw std::runtime_error(folder + ": cannot list the folder: " + ec.message());
  if (files.empty()) throw std::runtime_error(folder + ": no results files (*.json) in the folder");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Side load_side(const std::string& path) {
  std::error_code ec;
  const std::vector<std::string> files =
      fs::is_directory(path, ec) ? results_files(path) : std::vector<std::string>{path};
  Side side;
  std::map<std::string, std::string> file_of;  // entry name -> the file it was first seen in
  for (const std::string& file : files) {
    for (ResultEntry& entry : load_results(file).entries) {
      const auto [first, inserted] = file_of.emplace(entry.name, file);
      if (!inserted && first->second != file) side.repeated.push_back(entry.name);
      side.entries.push_back(std::move(entry));
    }
  }
  return side;
}

}  // namespace jitbench::compare_tool
