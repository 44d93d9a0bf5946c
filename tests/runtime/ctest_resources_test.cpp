// CTest's resource allocation: the spec of a host's GPUs, and the GPU CTest hands a test.

#include "ctest_resources.hpp"

#include <jitbench/cli.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace jitbench::detail {
namespace {

TEST(ResourceSpec, OneSlotAGpu) {
  EXPECT_EQ(resource_spec_json(1),
            "{\n  \"version\": {\"major\": 1, \"minor\": 0},\n  \"local\": [\n    {\n"
            "      \"gpus\": [{\"id\": \"0\"}]\n    }\n  ]\n}\n");
  const std::string eight = resource_spec_json(8);
  EXPECT_NE(eight.find("[{\"id\": \"0\"}, {\"id\": \"1\"}, {\"id\": \"2\"}, {\"id\": \"3\"}, "
                       "{\"id\": \"4\"}, {\"id\": \"5\"}, {\"id\": \"6\"}, {\"id\": \"7\"}]"),
            std::string::npos)
      << eight;
}

TEST(ResourceSpec, NoGpuStillHasASlotSoBenchmarksStartAndSkip) {
  EXPECT_EQ(resource_spec_json(0), resource_spec_json(1));
}

TEST(CtestGpu, TheIdCtestHandsTheTestIsTheDevice) {
  EXPECT_EQ(ctest_gpu("1", "id:0,slots:1"), 0);
  EXPECT_EQ(ctest_gpu("1", "id:7,slots:1"), 7);
  EXPECT_EQ(ctest_gpu("1", "id:12,slots:1;id:13,slots:1"), 12);
}

TEST(CtestGpu, OutsideCtestThereIsNone) {
  EXPECT_EQ(ctest_gpu(nullptr, nullptr), std::nullopt);
  EXPECT_EQ(ctest_gpu(nullptr, "id:1,slots:1"), std::nullopt);
  EXPECT_EQ(ctest_gpu("1", nullptr), std::nullopt);
}

TEST(CtestGpu, AnythingElseIsAUsageError) {
  for (const char* bad : {"", "1", "gpu:1,slots:1", "id:,slots:1", "id:x,slots:1", "id:-1"}) {
    EXPECT_THROW(ctest_gpu("1", bad), UsageError) << bad;
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The tool the build runs: with 0, 1 and 8 GPUs given (as fake counts), the spec CTest reads.
TEST(ResourcesTool, WritesTheSpecOfTheGpusItIsGiven) {
  const std::string out = ::testing::TempDir() + "jitbench_resources_test.json";
  for (int gpus : {0, 1, 8}) {
    const std::string command = std::string(JITBENCH_RESOURCES_TOOL) + " --gpus " +
                                std::to_string(gpus) + " --out " + out + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char line[256] = {};
    const bool said = std::fgets(line, sizeof(line), pipe) != nullptr;
    EXPECT_EQ(pclose(pipe), 0) << line;
    EXPECT_TRUE(said);
    EXPECT_EQ(read_file(out), resource_spec_json(gpus)) << gpus << " GPUs";
    EXPECT_NE(std::string(line).find(std::to_string(gpus) + (gpus == 1 ? " GPU" : " GPUs")),
              std::string::npos)
        << line;
  }
  std::remove(out.c_str());
}

}  // namespace
}  // namespace jitbench::detail
