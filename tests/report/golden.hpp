#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace jitbench::testing {

// Compares `actual` byte for byte with tests/report/golden/<name>. With JITBENCH_UPDATE_GOLDEN=1
// in the environment it rewrites the file instead.
inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(JITBENCH_REPORT_GOLDEN_DIR) + "/" + name;
  const char* update = std::getenv("JITBENCH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream expected;
  expected << file.rdbuf();
  EXPECT_TRUE(file.good()) << "missing golden file " << path;
  EXPECT_EQ(expected.str(), actual)
      << "output differs from " << path << "; if the change is intended, regenerate with:\n"
      << "  JITBENCH_UPDATE_GOLDEN=1 ctest --test-dir <build> -L unit -R Golden\n"
      << "and review the diff of tests/report/golden/.";
}

}  // namespace jitbench::testing
