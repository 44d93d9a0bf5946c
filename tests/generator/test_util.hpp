#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace jitbench::gen::test {

inline std::string source_dir() { return JITBENCH_SOURCE_DIR; }

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace jitbench::gen::test
