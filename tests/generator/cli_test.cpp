// jitbench-gen as a build runs it: exit codes, what goes to stdout and stderr, files.

#include "test_util.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace jitbench::gen {
namespace {

namespace fs = std::filesystem;
using test::read_file;
using test::source_dir;

struct GenRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs jitbench-gen with `args` from the source directory, so that paths read as in the repo.
GenRun run(const std::string& args) {
  const std::string command =
      "cd '" + source_dir() + "' && '" + std::string(JITBENCH_GEN) + "' " + args + " 2>&1";
  GenRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    result.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

fs::path temp_dir() {
  const fs::path dir =
      fs::temp_directory_path() /
      ("jitbench_cli_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  // Empty, whatever an earlier run of the test left there (MissingIncludeIsAnErrorAtItsLine
  // writes the header that its first step must not find).
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Cli, WritesTheGoldenOutput) {
  const fs::path out = temp_dir() / "sub" / "qknorm.cu";
  const GenRun r = run("--spec tests/golden/qknorm.yaml --out " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "");
  EXPECT_TRUE(read_file(out.string()) == read_file(source_dir() + "/tests/golden/qknorm.cu"));
  EXPECT_FALSE(fs::exists(out.string() + ".tmp"));
}

// The spec copied into two checkouts at different paths generates the same bytes when named
// by its path from the source root, as add_jit_benchmark names it.
TEST(Cli, TheSameSpecGivesTheSameBytesInEveryCheckout) {
  const fs::path dir = temp_dir();
  std::string outputs[2];
  for (int i = 0; i < 2; ++i) {
    const fs::path checkout = dir / ("checkout" + std::to_string(i)) / "tests" / "golden";
    fs::create_directories(checkout);
    for (const char* file : {"qknorm.yaml", "golden_kernels.cuh"}) {
      fs::copy_file(source_dir() + "/tests/golden/" + file, checkout / file,
                    fs::copy_options::overwrite_existing);
    }
    const fs::path out = dir / ("qknorm" + std::to_string(i)) / "qknorm.cu";
    const GenRun r = run("--spec " + (checkout / "qknorm.yaml").string() +
                         " --spec-name tests/golden/qknorm.yaml --out " + out.string());
    EXPECT_EQ(r.status, 0) << r.output;
    outputs[i] = read_file(out.string());
    EXPECT_EQ(outputs[i].find(dir.string()), std::string::npos);
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0], read_file(source_dir() + "/tests/golden/qknorm.cu"));
}

TEST(Cli, CheckValidatesOnly) {
  EXPECT_EQ(run("--spec tests/golden/qknorm.yaml --check").status, 0);
  const GenRun r = run("--spec tests/generator/fixtures/unknown_key.yaml --check");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output,
            "tests/generator/fixtures/unknown_key.yaml:3:7: error: unknown key 'valus' (did you "
            "mean 'values'?)\n1 error in tests/generator/fixtures/unknown_key.yaml\n");
}

// A warning goes to stderr and the spec still generates: the build goes on.
TEST(Cli, AWarningIsPrintedAndTheSpecGenerates) {
  const fs::path dir = temp_dir();
  const fs::path spec = dir / "two.yaml";
  {
    std::ofstream file(spec);
    file << "benchmark: two\ntensors:\n  x: {shape: [4], dtype: fp32}\nimpls:\n"
            "  fast: f(x, stream)\n  naive: g(x, stream)\n";
  }
  const fs::path out = dir / "two.cu";
  const GenRun r = run("--spec " + spec.string() + " --out " + out.string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, spec.string() +
                          ":4:1: warning: 2 impls and no 'reference': no impl's result is "
                          "checked; 'reference: fast' checks the others against that one before "
                          "they are timed\n");
  EXPECT_TRUE(fs::exists(out));
}

TEST(Cli, AnErrorWritesNothing) {
  const fs::path out = temp_dir() / "x.cu";
  const GenRun r = run("--spec tests/generator/fixtures/many_errors.yaml --out " + out.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("5 errors in tests/generator/fixtures/many_errors.yaml\n"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, ListsTheGrid) {
  const GenRun ci = run("--spec tests/golden/qknorm.yaml --list --ci");
  EXPECT_EQ(ci.status, 0);
  EXPECT_EQ(ci.output,
            "T     head_dim  gqa  num_kv_heads  batch_size\n"
            "bf16  128       4    1             16\n"
            "qknorm, CI grid: 1 case\n");
  const GenRun full = run("--spec tests/golden/qknorm.yaml --list");
  EXPECT_EQ(full.status, 0);
  EXPECT_NE(full.output.find("qknorm, full grid: 896 cases, 16 skipped by skip_if\n"),
            std::string::npos)
      << full.output.substr(full.output.size() - 200);
}

TEST(Cli, MissingFileAndDirectory) {
  const GenRun missing = run("--spec specs/no_such_spec.yaml --check");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.output,
            "specs/no_such_spec.yaml: error: cannot open the spec: No such file or directory\n");
  const GenRun directory = run("--spec tests/golden --check");
  EXPECT_EQ(directory.status, 1);
  EXPECT_EQ(directory.output, "tests/golden: error: cannot open the spec: it is a directory\n");
}

TEST(Cli, EmptyAndHugeFiles) {
  const fs::path dir = temp_dir();
  test::write_file((dir / "empty.yaml").string(), "");
  const GenRun empty = run("--spec " + (dir / "empty.yaml").string() + " --check");
  EXPECT_EQ(empty.status, 1);
  EXPECT_NE(empty.output.find("empty.yaml:1:1: error: the spec is empty"), std::string::npos);

  test::write_file((dir / "huge.yaml").string(),
                   "benchmark: huge\ndoc: " + std::string(10 * 1024 * 1024, 'x') + "\n");
  const GenRun huge = run("--spec " + (dir / "huge.yaml").string() + " --check");
  EXPECT_EQ(huge.status, 1);
  EXPECT_EQ(huge.output, (dir / "huge.yaml").string() +
                             ": error: the file is 10485782 bytes; a spec may be at most "
                             "1048576\n");
  // A device that never ends: read no more than the limit.
  const GenRun endless = run("--spec /dev/zero --check");
  EXPECT_EQ(endless.status, 1);
  EXPECT_EQ(
      endless.output,
      "/dev/zero: error: the file is more than 1048576 bytes; a spec may be at most 1048576\n");
}

TEST(Cli, MissingIncludeIsAnErrorAtItsLine) {
  const fs::path dir = temp_dir();
  fs::create_directories(dir / "project" / "kernels");
  test::write_file((dir / "project" / "kernels" / "here.cuh").string(), "#pragma once\n");
  fs::create_directories(dir / "specs");
  const std::string spec = (dir / "specs" / "x.yaml").string();
  test::write_file(spec,
                   "benchmark: x\ninclude: [kernels/here.cuh,\n          kernels/nope.cuh]\n"
                   "tensors: {x: {shape: [4], dtype: fp32}}\nimpls: {run: \"f(x, stream)\"}\n");
  const GenRun found_one = run("--spec " + spec + " --check -I " + (dir / "project").string());
  EXPECT_EQ(found_one.status, 1);
  EXPECT_EQ(found_one.output, spec + ":3:11: error: header 'kernels/nope.cuh' not found in '" +
                                  (dir / "specs").string() + "' or '" + (dir / "project").string() +
                                  "'\n1 error in " + spec + "\n");
  // Without -I only the spec's directory is searched, and the message says how to add one.
  const GenRun without = run("--spec " + spec + " --out " + (dir / "x.cu").string());
  EXPECT_EQ(without.status, 1);
  EXPECT_NE(
      without.output.find(spec + ":2:11: error: header 'kernels/here.cuh' not found in '" +
                          (dir / "specs").string() + "' (jitbench-gen -I DIR searches DIR too)\n"),
      std::string::npos)
      << without.output;
  EXPECT_FALSE(fs::exists(dir / "x.cu"));

  test::write_file((dir / "project" / "kernels" / "nope.cuh").string(), "#pragma once\n");
  EXPECT_EQ(
      run("--spec " + spec + " --check -I /nonexistent -I " + (dir / "project").string()).status,
      0);
  // --list needs no header.
  EXPECT_EQ(run("--spec " + spec + " --list").status, 0);
}

TEST(Cli, MissingJitSourceIsAnErrorAtItsLine) {
  const fs::path dir = temp_dir();
  const std::string spec = (dir / "x.yaml").string();
  test::write_file(spec,
                   "benchmark: x\ntensors: {x: {shape: [256], dtype: fp32}}\nimpls:\n  jit:\n"
                   "    source: kernels/nope.cuh\n    kernel: k\n    grid: 1\n    block: 256\n"
                   "    args: [x]\n");
  const GenRun missing = run("--spec " + spec + " --check");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.output, spec + ":5:13: error: JIT source 'kernels/nope.cuh' of impl 'jit' " +
                                "not found in '" + dir.string() +
                                "' (jitbench-gen -I DIR searches DIR too)\n1 error in " + spec +
                                "\n");
  fs::create_directories(dir / "kernels");
  test::write_file((dir / "kernels" / "nope.cuh").string(), "__global__ void k(float*) {}\n");
  EXPECT_EQ(run("--spec " + spec + " --check").status, 0);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("--spec tests/golden/qknorm.yaml").status, 2);
  EXPECT_EQ(run("--spec tests/golden/qknorm.yaml --check --list").status, 2);
  EXPECT_EQ(run("--spec tests/golden/qknorm.yaml --check --ci").status, 2);
  EXPECT_EQ(run("--spec tests/golden/qknorm.yaml --check --bogus").status, 2);
  const GenRun help = run("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.output.find("--check"), std::string::npos);
}

}  // namespace
}  // namespace jitbench::gen
