#pragma once

// What one side of jitbench-compare names: a results file, or a folder of them.

#include <jitbench/results.hpp>

#include <map>
#include <string>
#include <vector>

namespace jitbench::compare_tool {

struct Side {
  std::vector<ResultEntry> entries;  // of every file, in file-name order
  // Names that more than one file holds: only the first of each is compared.
  std::vector<std::string> repeated;
  // The --l2 mode of each benchmark, as its first file says it ("" when it does not).
  std::map<std::string, std::string> l2_modes;
};

// Reads `path`: one results file (a document or the JSON lines of a run cut short), or every
// *.json file of a folder, not its subfolders. Throws std::runtime_error naming the file for
// one that cannot be read, and for a folder without results files.
Side load_side(const std::string& path);

}  // namespace jitbench::compare_tool
