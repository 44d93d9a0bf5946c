// The watchdog on a real GPU: a kernel that never ends becomes a hang row, the finished cases
// are written, and the process exits 1 within the deadline instead of waiting forever. The
// benchmark is generated from hang_bench.yaml.

#include "command_outcome.hpp"
#include "gpu_test_support.cuh"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace jitbench {
namespace {

using Outcome = testing::CommandOutcome;

Outcome run_hang_bench(const std::string& args) {
  return testing::run_command(std::string(JITBENCH_HANG_BENCH) + " " + args + " 2>&1");
}

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "jitbench_hang_" + std::to_string(::getpid()) + "_" + name;
}

TEST(Hang, AKernelThatNeverEndsIsAHangRowAndTheRunEndsAtTheLimit) {
  JITBENCH_REQUIRE_GPU();
  const std::string out = temp_path("stuck.json");
  const std::string report = temp_path("stuck.html");
  const Outcome o = run_hang_bench("--filter 'mode=0|1|3' --hang-timeout 3 --format csv --out " +
                                   out + " --report " + report);
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_LT(o.wall_s, 30) << o.output;
  EXPECT_NE(o.output.find("impl 'spin' hung in timing setup: a call still running after 3"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("stops after 2 of 3 cases"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\nhang,0,spin,ok,"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\nhang,1,spin,hang,"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("\nhang,3,spin,"), std::string::npos) << o.output;
  // --out is the finished document, with the hang row; --report is written.
  const std::string results = read_file(out);
  EXPECT_EQ(results.find("{\n"), 0u) << results;
  EXPECT_NE(results.find("\"status\": \"hang\""), std::string::npos) << results;
  EXPECT_NE(results.find("\"hang/mode=0/spin\""), std::string::npos) << results;
  EXPECT_EQ(results.find("\"hang/mode=3/spin\""), std::string::npos) << results;
  EXPECT_NE(read_file(report).find("<!DOCTYPE html>"), std::string::npos);
  std::remove(out.c_str());
  std::remove(report.c_str());
}

TEST(Hang, OnceACallIsTimedItsDeadlineIsSecondsNotTheLimit) {
  JITBENCH_REQUIRE_GPU();
  // The 64th call never ends; the first ones took microseconds, so the deadline is the floor.
  const Outcome o = run_hang_bench("--filter mode=2 --hang-timeout 600 --format csv");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_LT(o.wall_s, 30) << o.output;
  EXPECT_NE(o.output.find("impl 'spin' hung in "), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("a graph replay of "), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\nhang,2,spin,hang,"), std::string::npos) << o.output;
}

}  // namespace
}  // namespace jitbench
