// jitbench-compare's command line, on the H200 results of docs/results: the verdicts --compare
// gave, folders, crash-left JSON lines, Markdown, and the exit codes 0, 1, 2 and 3.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A scratch folder for the running test alone: ctest -j runs tests at the same time. It is
// emptied at its first use in this process: a folder that an earlier run with the same process
// id left behind would otherwise fail the copies into it.
std::string scratch(const std::string& name) {
  static std::set<fs::path> emptied;
  const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const fs::path folder =
      fs::path(::testing::TempDir()) / ("compare_cli_" + test + "_" + std::to_string(getpid()));
  if (emptied.insert(folder).second) fs::remove_all(folder);
  fs::create_directories(folder);
  return (folder / name).string();
}

// Runs jitbench-compare with `args` in the folder of the H200 results.
Outcome run(const std::string& args) {
  const std::string out = scratch("stdout");
  const std::string err = scratch("stderr");
  const std::string command = std::string("cd '") + JITBENCH_RESULTS_DIR + "' && '" +
                              JITBENCH_COMPARE_EXE + "' " + args + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

std::string results(const std::string& name) {
  return std::string(JITBENCH_RESULTS_DIR) + "/" + name;
}

// A copy of the results file `name`, in the scratch folder as `copy`, with the first `from` in
// its text replaced by `to`.
std::string edited_copy(const std::string& name, const std::string& from, const std::string& to,
                        const std::string& copy) {
  std::string text = read_file(results(name));
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from << " is not in " << name;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const std::string path = scratch(copy);
  std::ofstream(path) << text;
  return path;
}

TEST(CompareCli, GivesTheVerdictsCompareGaveOnTheH200Files) {
  // The expected text is what --compare printed for the same two files before jitbench-compare
  // existed: 14 faster (warm L2 below 64 MiB), 6 same.
  const Outcome o = run("copy_example_cold.json copy_example_warm.json");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, read_file(std::string(JITBENCH_TOOLS_TEST_DATA) + "/copy_cold_vs_warm.txt"));
  EXPECT_EQ(o.err,
            "jitbench-compare: warning: copy_example was measured with --l2 cold in OLD and --l2 "
            "warm in NEW: its verdicts show the L2 mode's effect, not a change\n");
}

TEST(CompareCli, FailOnRegressionExitsThree) {
  const Outcome slower =
      run("copy_example_warm.json copy_example_cold.json --fail-on-regression 5");
  EXPECT_EQ(slower.exit_code, 3);
  EXPECT_NE(slower.out.find("summary: 6 same, 0 faster, 14 slower"), std::string::npos)
      << slower.out;
  EXPECT_NE(slower.out.find("regression: 14 cases slower by more than 5.00% "
                            "(--fail-on-regression)\n"),
            std::string::npos)
      << slower.out;
  EXPECT_EQ(run("copy_example_warm.json copy_example_cold.json --fail-on-regression 100").exit_code,
            0);
  EXPECT_EQ(run("copy_example_cold.json copy_example_warm.json --fail-on-regression 0").exit_code,
            0);
}

// A gate that passed when a case broke or vanished would pass a broken branch: those fail it too,
// and each case it fails on is named.
TEST(CompareCli, FailOnRegressionAlsoFailsOnCasesTheNewRunLost) {
  const Outcome slower =
      run("copy_example_warm.json copy_example_cold.json --fail-on-regression 5");
  EXPECT_NE(
      slower.out.find("(--fail-on-regression)\n  copy_example/size=4KiB/kernel: 28.2% slower\n"),
      std::string::npos)
      << slower.out;

  // A case of OLD that NEW lacks.
  const std::string renamed = edited_copy("copy_example_cold.json", "copy_example/size=4KiB/kernel",
                                          "copy_example/size=3KiB/kernel", "renamed.json");
  const Outcome lost = run("copy_example_cold.json " + renamed + " --fail-on-regression 5");
  EXPECT_EQ(lost.exit_code, 3) << lost.out << lost.err;
  EXPECT_NE(lost.out.find("regression: 1 case measured in the old run and not in the new one "
                          "(--fail-on-regression)\n  copy_example/size=4KiB/kernel: not in the "
                          "new run\n"),
            std::string::npos)
      << lost.out;

  // The new run with its first case a mismatch.
  const std::string broken = edited_copy("copy_example_cold.json", "\"status\": \"ok\"",
                                         "\"status\": \"mismatch\"", "broken.json");
  const Outcome mismatch = run("copy_example_cold.json " + broken + " --fail-on-regression 5");
  EXPECT_EQ(mismatch.exit_code, 3) << mismatch.out << mismatch.err;
  EXPECT_NE(mismatch.out.find("regression: 1 case measured in the old run and not in the new one "
                              "(--fail-on-regression)\n  copy_example/size=4KiB/kernel: new: "
                              "mismatch\n"),
            std::string::npos)
      << mismatch.out;
  // Without the gate, the same files compare and exit 0.
  EXPECT_EQ(run("copy_example_cold.json " + broken).exit_code, 0);
}

TEST(CompareCli, MarkdownForAPullRequest) {
  const Outcome o = run("copy_example_cold.json copy_example_warm.json --format md");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(
      o.out.find("| name | old [us] | new [us] | new/old | bound | verdict |\n"
                 "|:---|---:|---:|---:|---:|:---|\n"
                 "| copy_example/size=4KiB/kernel | 1.24 | 0.967 | 0.780 | 1.00% | faster |\n"),
      std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("\nsummary: 6 same, 14 faster, 0 slower"), std::string::npos) << o.out;
}

TEST(CompareCli, FoldersAreMatchedByBenchmarkAndCase) {
  const std::string old_dir = scratch("old");
  const std::string new_dir = scratch("new");
  fs::create_directories(old_dir);
  fs::create_directories(new_dir);
  fs::copy_file(results("copy_example_cold.json"), old_dir + "/copy.json");
  fs::copy_file(results("store_cache.json"), old_dir + "/store_cache.json");
  std::ofstream(old_dir + "/notes.txt") << "not a results file";
  fs::copy_file(results("store_cache.json"), new_dir + "/a_store_cache.json");
  fs::copy_file(results("copy_example_warm.json"), new_dir + "/b_copy.json");
  const Outcome o = run("'" + old_dir + "' '" + new_dir + "'");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("summary: 366 same, 14 faster, 0 slower, 0 only in new, 0 only in old"),
            std::string::npos)
      << o.out;
}

// --out-dir writes <b>.ci.json beside <b>.json, whose CI cases are in both: only the first
// file's entry of a name is compared, so a folder compared with itself is the same throughout.
TEST(CompareCli, AFolderComparedWithItselfIsTheSameThroughout) {
  const std::string dir = scratch("results");
  fs::create_directories(dir);
  fs::copy_file(results("copy_example_warm.json"), dir + "/a.json");
  fs::copy_file(results("copy_example_cold.json"), dir + "/b.json");
  const Outcome o = run("--fail-on-regression 5 '" + dir + "' '" + dir + "'");
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("summary: 20 same, 0 faster, 0 slower"), std::string::npos) << o.out;
  EXPECT_NE(o.err.find("20 names are in more than one file"), std::string::npos) << o.err;
}

// Files of unrelated benchmarks compare nothing: an error, not a pass "over 0 cases". Runs of
// another --l2 are compared, with a warning.
TEST(CompareCli, NothingInCommonIsAnErrorAndAnotherL2AWarning) {
  const Outcome unrelated = run("copy_example_cold.json store_cache.json");
  EXPECT_EQ(unrelated.exit_code, 1) << unrelated.out;
  EXPECT_EQ(unrelated.err,
            "jitbench-compare: error: OLD and NEW have no case in common: OLD holds "
            "'copy_example', NEW 'store_cache'\n");
  // The same benchmark, its cases renamed between the runs (act=0 became act=silu).
  const Outcome renamed = run("activation.json activation_2026-12-01.json");
  EXPECT_EQ(renamed.exit_code, 1) << renamed.out;
  EXPECT_EQ(renamed.err,
            "jitbench-compare: error: OLD and NEW have no case in common: both hold 'activation', "
            "but under other case names (OLD's first: "
            "'activation/T=bf16/act=0/d=2048/tokens=1/vectorized', NEW's: "
            "'activation/T=bf16/act=silu/d=2048/tokens=1/vectorized'); a param or value renamed "
            "between the runs? Rename one side's cases\n");
  const Outcome l2 = run("copy_example_cold.json copy_example_warm.json");
  EXPECT_EQ(l2.exit_code, 0) << l2.err;
  EXPECT_NE(l2.err.find("warning: copy_example was measured with --l2 cold in OLD and --l2 warm "
                        "in NEW: its verdicts show the L2 mode's effect"),
            std::string::npos)
      << l2.err;
}

TEST(CompareCli, ReadsTheJsonLinesACrashLeft) {
  // What --out holds mid-run: the context line, two entries, and a torn last line.
  const std::string crash = scratch("crash.json");
  {
    std::ofstream out(crash);
    out << "{\"context\":{\"benchmark\":\"copy_example\"}}\n"
        << "{\"name\":\"copy_example/size=4KiB/kernel\",\"real_time\":0.9,\"time_unit\":\"us\"}\n"
        << "{\"name\":\"copy_example/size=4KiB/memcpy\",\"status\":\"oom\","
           "\"error_occurred\":true,\"error_message\":\"OOM\"}\n"
        << "{\"name\":\"copy_example/size=16KiB/ker";
  }
  const Outcome o = run("copy_example_cold.json '" + crash + "'");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(
      o.out.find("copy_example/size=4KiB/kernel        1.24     0.900    0.726  1.00%  faster"),
      std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("copy_example/size=4KiB/memcpy        1.09         -        -      -  "
                       "not measured (new: OOM)"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("summary: 0 same, 1 faster, 0 slower, 0 only in new, 18 only in old, "
                       "1 not measured"),
            std::string::npos)
      << o.out;
}

TEST(CompareCli, UnreadableInputIsExitOne) {
  const Outcome missing = run("copy_example_cold.json /nonexistent/new.json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "jitbench-compare: error: /nonexistent/new.json: no such file\n");
  const std::string empty_dir = scratch("empty");
  fs::create_directories(empty_dir);
  const Outcome empty = run("'" + empty_dir + "' copy_example_warm.json");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_EQ(empty.err, "jitbench-compare: error: " + empty_dir +
                           ": no results files (*.json) in the folder\n");
}

TEST(CompareCli, BadUsageIsExitTwo) {
  EXPECT_EQ(run("copy_example_cold.json").exit_code, 2);
  EXPECT_EQ(run("a.json b.json c.json").exit_code, 2);
  const Outcome format = run("copy_example_cold.json copy_example_warm.json --format html");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_EQ(format.err.rfind("jitbench-compare: --format: 'html' is not text or md\n", 0), 0u)
      << format.err;
  const Outcome pct = run("copy_example_cold.json copy_example_warm.json --fail-on-regression=-5");
  EXPECT_EQ(pct.exit_code, 2);
  EXPECT_EQ(pct.err.rfind(
                "jitbench-compare: --fail-on-regression: expected a percentage >= 0, got '-5'", 0),
            0u)
      << pct.err;
  // A flag given twice is a mistake to report, not a silent choice of the last.
  const Outcome twice =
      run("copy_example_cold.json copy_example_warm.json --fail-on-regression 70 "
          "--fail-on-regression 60");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(
      twice.err.rfind("jitbench-compare: --fail-on-regression given 2 times; give it once\n", 0),
      0u)
      << twice.err;
}

}  // namespace
