// The process contract of every benchmark, checked on the hand-written copy example with the
// devices hidden: what a user sees on a machine without a GPU.

#include "command_outcome.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using Outcome = jitbench::testing::CommandOutcome;

// `environment` is a list of NAME=value words for the command line.
Outcome run_copy_example(const std::string& args, const std::string& environment = "") {
  const std::string command = "env -u JITBENCH_CI " + environment +
                              " CUDA_VISIBLE_DEVICES= " + JITBENCH_COPY_EXAMPLE + " " + args +
                              " 2>&1";
  return jitbench::testing::run_command(command);
}

TEST(ExitCodes, NoDeviceExits77WithTheReason) {
  const Outcome o = run_copy_example("--ci");
  EXPECT_EQ(o.exit_code, 77) << o.output;
  EXPECT_NE(o.output.find(": no NVIDIA driver / no CUDA device found (cudaError"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("); 1 case skipped\n"), std::string::npos) << o.output;
}

TEST(ExitCodes, NoDeviceCountsTheSkippedCases) {
  const Outcome o = run_copy_example("--filter 'size=4KiB|1GiB'");
  EXPECT_EQ(o.exit_code, 77) << o.output;
  EXPECT_NE(o.output.find("; 2 cases skipped\n"), std::string::npos) << o.output;
}

// CUPTI is loaded only when --verify-timing asks for it: a benchmark starts where libcupti.so
// cannot be found. The dynamic loader lists every library it loads under LD_DEBUG=libs.
// JITBENCH_ARGS's flags come before the command line's, for runs that ctest starts.
TEST(ExitCodes, JitbenchArgsAddFlagsToTheCommandLine) {
  const Outcome listed = run_copy_example("--filter 'size=4KiB|1GiB'", "JITBENCH_ARGS=--list");
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_EQ(listed.output, "size=4KiB\nsize=1GiB\n");
  const Outcome bad = run_copy_example("--ci", "JITBENCH_ARGS='--ci --l2 lukewarm'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("error: --l2: expected cold, warm or flush, got 'lukewarm'\n"),
            std::string::npos)
      << bad.output;
  EXPECT_NE(bad.output.find("(JITBENCH_ARGS adds '--ci --l2 lukewarm' before the command line)"),
            std::string::npos)
      << bad.output;
}

// --out-dir makes its folder (before looking for a GPU, as every output is checked first).
TEST(ExitCodes, OutDirIsMadeWhenMissing) {
  const std::filesystem::path top = ::testing::TempDir() + "jitbench_out_dir_test";
  std::filesystem::remove_all(top);
  const Outcome o = run_copy_example("--ci --out-dir " + (top / "sub").string());
  EXPECT_EQ(o.exit_code, 77) << o.output;
  EXPECT_TRUE(std::filesystem::is_directory(top / "sub")) << o.output;
  std::filesystem::remove_all(top);
}

TEST(ExitCodes, AnOutDirThatCannotBeMadeIsAUsageError) {
  const Outcome o = run_copy_example("--ci --out-dir /dev/null/results");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("error: --out-dir: cannot make '/dev/null/results': "), std::string::npos)
      << o.output;
}

TEST(ExitCodes, StartsWithoutLoadingCupti) {
  const Outcome o = run_copy_example("--ci", "LD_DEBUG=libs");
  EXPECT_EQ(o.exit_code, 77) << o.output;
  EXPECT_NE(o.output.find("calling init: "), std::string::npos) << "no LD_DEBUG output:\n"
                                                                << o.output;
  EXPECT_EQ(o.output.find("cupti"), std::string::npos) << o.output;
}

TEST(ExitCodes, AMalformedCtestGpuIsAUsageError) {
  const Outcome o =
      run_copy_example("--ci", "CTEST_RESOURCE_GROUP_COUNT=1 CTEST_RESOURCE_GROUP_0_GPUS=gpu3");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("CTEST_RESOURCE_GROUP_0_GPUS is 'gpu3'; expected 'id:<GPU>,slots:<n>'"),
            std::string::npos)
      << o.output;
}

TEST(ExitCodes, ListNeedsNoDevice) {
  const Outcome o = run_copy_example("--list");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ(o.output,
            "size=4KiB\nsize=16KiB\nsize=64KiB\nsize=256KiB\nsize=1MiB\nsize=4MiB\nsize=16MiB\n"
            "size=64MiB\nsize=256MiB\nsize=1GiB\n");
}

// --list prints the cases whatever the format (the format's name is still checked).
TEST(ExitCodes, ListPrintsPlainLinesInAnyFormat) {
  const Outcome format = run_copy_example("--list --format json --filter size=1MiB");
  EXPECT_EQ(format.exit_code, 0) << format.output;
  EXPECT_EQ(format.output, "size=1MiB\n");
}

TEST(ExitCodes, FilterSelectsCases) {
  const Outcome o = run_copy_example("--list --filter 'size=1MiB|1GiB'");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ(o.output, "size=1MiB\nsize=1GiB\n");
}

TEST(ExitCodes, BadUsageExits2WithTheUsageLine) {
  const Outcome unknown_flag = run_copy_example("--frobnicate");
  EXPECT_EQ(unknown_flag.exit_code, 2) << unknown_flag.output;
  EXPECT_NE(unknown_flag.output.find("usage: "), std::string::npos) << unknown_flag.output;
  EXPECT_NE(unknown_flag.output.find("frobnicate"), std::string::npos) << unknown_flag.output;

  const Outcome bad_value = run_copy_example("--list --filter size=3MiB");
  EXPECT_EQ(bad_value.exit_code, 2) << bad_value.output;
  EXPECT_NE(bad_value.output.find("size=3MiB is not in the grid"), std::string::npos)
      << bad_value.output;

  const Outcome bad_l2 = run_copy_example("--l2 lukewarm");
  EXPECT_EQ(bad_l2.exit_code, 2) << bad_l2.output;
  EXPECT_NE(bad_l2.output.find("--l2: expected cold, warm or flush, got 'lukewarm'"),
            std::string::npos)
      << bad_l2.output;
}

TEST(ExitCodes, RepeatedFiltersIntersect) {
  const Outcome o =
      run_copy_example("--list --filter 'size=1MiB|4MiB|16MiB' --filter 'size=4KiB|16MiB|4MiB'");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ(o.output, "size=4MiB\nsize=16MiB\n");
}

// Checked before anything else, by a run (`--ci`) and by `--list`, which is how a command line
// is tried without a GPU.
void expect_bad_outputs_exit_2(const std::string& mode) {
  const Outcome compare = run_copy_example(mode + " --compare /nonexistent/old.json");
  EXPECT_EQ(compare.exit_code, 2) << compare.output;
  EXPECT_NE(compare.output.find("error: --compare: /nonexistent/old.json: no such file"),
            std::string::npos)
      << compare.output;

  const std::string broken = ::testing::TempDir() + "jitbench_exit_code_broken.json";
  std::ofstream(broken) << "{\"benchmarks\": [";
  const Outcome parse = run_copy_example(mode + " --compare " + broken);
  EXPECT_EQ(parse.exit_code, 2) << parse.output;
  EXPECT_NE(parse.output.find("error: --compare: " + broken + ":"), std::string::npos)
      << parse.output;
  std::remove(broken.c_str());

  const Outcome out = run_copy_example(mode + " --out /nonexistent/out.json");
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("error: --out: cannot write '/nonexistent/out.json': directory "
                            "'/nonexistent' does not exist"),
            std::string::npos)
      << out.output;

  const Outcome report = run_copy_example(mode + " --report /nonexistent/report.html");
  EXPECT_EQ(report.exit_code, 2) << report.output;
  EXPECT_NE(report.output.find("error: --report: cannot write '/nonexistent/report.html'"),
            std::string::npos)
      << report.output;
}

TEST(ExitCodes, BadOutputsExit2BeforeLookingForADevice) { expect_bad_outputs_exit_2("--ci"); }

// A --compare file of another benchmark, or of another --l2, is no baseline: every verdict would
// be "only in new", or compare unlike runs, and --fail-on-regression would pass on nothing.
TEST(ExitCodes, ACompareFileMustBeOfTheBenchmarkAndItsL2Mode) {
  const std::string results = std::string(JITBENCH_SOURCE_DIR) + "/docs/results/";
  for (const auto& [file, error] : {std::pair{"store_cache.json",
                                              "store_cache.json holds no case of benchmark "
                                              "'copy_example' (it holds cases of 'store_cache')"},
                                    {"copy_example_warm.json",
                                     "copy_example_warm.json was measured with --l2 warm, this "
                                     "run with --l2 cold: compare runs of one L2 mode"}}) {
    const Outcome o = run_copy_example(std::string("--ci --compare ") + results + file);
    EXPECT_EQ(o.exit_code, 2) << o.output;
    EXPECT_NE(o.output.find(error), std::string::npos) << o.output;
  }
  const Outcome same = run_copy_example("--ci --compare " + results + "copy_example_cold.json");
  EXPECT_EQ(same.exit_code, 77) << same.output;
}

TEST(ExitCodes, ListChecksTheOutputsToo) { expect_bad_outputs_exit_2("--list"); }

TEST(ExitCodes, GoodOutputsAreLeftAloneWithoutADevice) {
  const std::string out = ::testing::TempDir() + "jitbench_exit_code_out.json";
  std::remove(out.c_str());
  const Outcome o = run_copy_example("--ci --out " + out);
  EXPECT_EQ(o.exit_code, 77) << o.output;
  EXPECT_FALSE(std::ifstream(out).good()) << out << " was created";
}

TEST(ExitCodes, JitbenchCiTakesTrueAndFalseInWords) {
  EXPECT_EQ(run_copy_example("--list", "JITBENCH_CI=yes").output, "size=1MiB\n");
  EXPECT_EQ(run_copy_example("--list", "JITBENCH_CI=TRUE").output, "size=1MiB\n");
  const Outcome off = run_copy_example("--list", "JITBENCH_CI=false");
  EXPECT_EQ(off.exit_code, 0) << off.output;
  EXPECT_EQ(off.output.find("size=4KiB\n"), 0u) << off.output;  // the full grid
  const Outcome bad = run_copy_example("--list", "JITBENCH_CI=sometimes");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("JITBENCH_CI: expected 1, true, yes or on (CI grid) or 0, false, no "
                            "or off, got 'sometimes'"),
            std::string::npos)
      << bad.output;
}

TEST(ExitCodes, HelpListsEveryTimingFlag) {
  const Outcome o = run_copy_example("--help");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  for (const char* flag : {"--l2", "--no-graph", "--max-noise", "--min-time", "--timeout"}) {
    EXPECT_NE(o.output.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
