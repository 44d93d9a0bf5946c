#include "emit_bench.hpp"

#include "spec_loader.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace jitbench::gen {
namespace {

using test::read_file;
using test::source_dir;

std::string generate(const std::string& text, const std::string& file = "specs/b.yaml") {
  const LoadResult loaded = load_spec(text, file);
  EXPECT_TRUE(loaded.spec);
  if (!loaded.spec) return "";
  EmitOptions options;
  options.output_name = "b.cu";
  return emit_bench(*loaded.spec, options);
}

// ---- golden files: tests/golden/<case>.yaml and the expected tests/golden/<case>.cu

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() + "/tests/golden")) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesByteForByte) {
  const std::string spec_path = "tests/golden/" + GetParam() + ".yaml";
  const std::string golden_path = "tests/golden/" + GetParam() + ".cu";
  const LoadResult loaded = load_spec(read_file(source_dir() + "/" + spec_path), spec_path);
  ASSERT_TRUE(loaded.spec) << loaded.diagnostics.front().str();
  EmitOptions options;
  options.output_name = GetParam() + ".cu";
  const std::string generated = emit_bench(*loaded.spec, options);
  EXPECT_TRUE(generated == read_file(source_dir() + "/" + golden_path))
      << golden_path << " differs from what jitbench-gen writes now. If the change is intended, "
      << "review it and regenerate:\n  cd " << source_dir() << " && " << JITBENCH_GEN << " --spec "
      << spec_path << " --out " << golden_path;
}

INSTANTIATE_TEST_SUITE_P(Goldens, Golden, ::testing::ValuesIn(golden_names()),
                         [](const auto& info) { return info.param; });

// ---- properties every generated file has

TEST(EmitBench, IsDeterministic) {
  const std::string text = read_file(source_dir() + "/tests/golden/qknorm.yaml");
  EXPECT_EQ(generate(text), generate(text));
}

TEST(EmitBench, LineDirectivesPointAtTheSpecAndBack) {
  const std::string out = generate(
      "benchmark: b\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls:\n  a: f(x, stream)\n");
  const std::string directive = "#line 4 \"specs/b.yaml\"\n    return f(x, stream);\n#line ";
  const std::size_t at = out.find(directive);
  ASSERT_NE(at, std::string::npos) << out;
  // The directive after the call names the line it is followed by.
  const std::size_t back = at + directive.size();
  const int line_after = std::stoi(out.substr(back));
  const int actual = static_cast<int>(std::count(out.begin(), out.begin() + back, '\n')) + 2;
  EXPECT_EQ(line_after, actual);
  EXPECT_NE(out.find(" \"b.cu\"\n  });\n}", back), std::string::npos);
}

// Where a compiler places the line of `out` that holds `needle`: "file:line", as the last
// `#line` above it says.
std::string compiler_line_of(const std::string& out, const std::string& needle) {
  const std::size_t at = out.find(needle);
  if (at == std::string::npos) return "no " + needle;
  const std::size_t directive = out.rfind("\n#line ", at);
  if (directive == std::string::npos) return "no #line above " + needle;
  const std::size_t number = directive + 7;
  const std::size_t name = out.find(' ', number) + 1;
  const std::string file = out.substr(name + 1, out.find('"', name + 1) - name - 1);
  const int below =
      static_cast<int>(std::count(out.begin() + static_cast<std::ptrdiff_t>(name),
                                  out.begin() + static_cast<std::ptrdiff_t>(at), '\n')) -
      1;
  return file + ":" + std::to_string(std::stoi(out.substr(number)) + below);
}

TEST(EmitBench, FoldedCallsKeepTheirLinesSoThatErrorsPointAtThem) {
  const std::string out = generate(
      "benchmark: b\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls:\n"
      "  a: >-\n    f(x,\n    second_line, stream)\n"
      "  b: |\n    g(x,\n      third_line, stream);\n"
      // A break in a literal or after `//` is a space, as YAML folds it: one line.
      "  c: >-\n    h(x, \"in a\n    literal\", stream) // a comment\n    that_continues\n");
  EXPECT_EQ(compiler_line_of(out, "second_line"), "specs/b.yaml:6");
  EXPECT_EQ(compiler_line_of(out, "third_line"), "specs/b.yaml:9");
  EXPECT_NE(out.find("#line 11 \"specs/b.yaml\"\n"
                     "    return h(x, \"in a literal\", stream); // a comment that_continues\n"),
            std::string::npos)
      << out;
}

TEST(EmitBench, BindsOnlyWhatTheCallUses) {
  const std::string out = generate(
      "benchmark: b\nparams:\n  n: {values: [1]}\n  m: {values: [2]}\n"
      "tensors:\n  x: {shape: [n], dtype: fp32}\n  y: {shape: [m], dtype: fp32}\n"
      "impls:\n  a: \"f(y, cfg.x, n, \\\"x m\\\") // stream\"\n  b: g()\n");
  EXPECT_NE(out.find("void run_a(const Case& params, jitbench::Launch& launch) {\n"
                     "  const jitbench::TensorView<jitbench::fp32> y(launch.tensor(1));\n"
                     "  const std::int64_t n = params.n;\n"
                     "  jitbench::check_launch(\"a\", [&] {\n#line"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    return f(y, cfg.x, n, \"x m\"); // stream\n"), std::string::npos) << out;
  EXPECT_NE(out.find("void run_b(const Case&, jitbench::Launch&) {\n"), std::string::npos);
}

TEST(EmitBench, TemplatesOverTheDispatchAxesTheCallUses) {
  const std::string out = generate(
      "benchmark: b\nparams:\n  k: {values: [1, 2], ci: [2], compile_time: true}\n"
      "types:\n  T: {values: [fp32, bf16]}\n"
      "tensors:\n  x: {shape: [k], dtype: T}\n"
      "impls:\n  a: f<T, k>(x)\n  b: g<T>(x)\n  c: h(x)\n  d: i()\n");
  EXPECT_NE(out.find("template <class T, std::int64_t k>\nvoid run_a("), std::string::npos);
  EXPECT_NE(out.find("template <class T>\nvoid run_b("), std::string::npos);
  // c does not name T, but its tensor's view is typed by it.
  EXPECT_NE(out.find("template <class T>\nvoid run_c("), std::string::npos);
  EXPECT_NE(out.find("\nvoid run_d("), std::string::npos);
  // The CI combination first and unconditionally; the others only in a full build.
  EXPECT_NE(out.find("  if (params.T == jitbench::DType::fp32 && params.k == 2) {\n"
                     "    return {run_a<jitbench::fp32, 2>, run_b<jitbench::fp32>, "
                     "run_c<jitbench::fp32>, run_d};\n"
                     "  }\n#ifndef JITBENCH_CI_ONLY\n"),
            std::string::npos)
      << out;
}

TEST(EmitBench, TensorsAreViewsTypedByTheirDtype) {
  const std::string out = generate(
      "benchmark: b\ntypes:\n  T: {values: [bf16]}\n"
      "tensors:\n  x: {shape: [4], dtype: T}\n  i: {shape: [4], dtype: int64}\n"
      "impls:\n  a: f(x, i, stream)\n");
  EXPECT_NE(out.find("  const jitbench::TensorView<T> x(launch.tensor(0));\n"
                     "  const jitbench::TensorView<jitbench::int64> i(launch.tensor(1));\n"),
            std::string::npos)
      << out;
}

// `elements` become bytes at the size of the tensor's dtype in each case: the type axis's value
// or the fixed dtype.
TEST(EmitBench, ElementsAreCountedInTheBytesOfTheTensorsDtype) {
  const std::string out = generate(
      "benchmark: b\nparams:\n  n: {values: [4]}\ntypes:\n  T: {values: [bf16, fp32]}\n"
      "tensors:\n  x: {shape: [n, 8], dtype: T}\n  i: {shape: [n], dtype: int32}\n"
      "memory:\n  read: [{tensor: x, elements: \"n * 2\"}, {tensor: i, elements: \"n / 2\"}]\n"
      "impls:\n  a: f(x, i, stream)\n");
  EXPECT_NE(out.find("spec.reads = {{\"x\", static_cast<double>(n * 2) * "
                     "jitbench::dtype_size_bytes(params.T)},\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("{\"i\", static_cast<double>(n / 2) * "
                     "jitbench::dtype_size_bytes(jitbench::DType::int32)}};\n"),
            std::string::npos)
      << out;
}

TEST(EmitBench, StatementsRunAsWrittenInsideTheLaunchCheck) {
  const std::string out = generate(
      "benchmark: b\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls:\n"
      "  a: |\n    f(x, stream);\n    return cudaGetLastError();\n");
  EXPECT_NE(out.find("  jitbench::check_launch(\"a\", [&] {\n#line 5 \"specs/b.yaml\"\n"
                     "    f(x, stream);\n    return cudaGetLastError();\n#line "),
            std::string::npos)
      << out;
}

TEST(EmitBench, ANameOfOneMappedValueNeedsNoCase) {
  const std::string out = generate(
      "benchmark: b\nparams:\n  mode: {values: {only: golden::Mode::fast}}\n"
      "tensors:\n  x: {shape: [4], dtype: fp32}\n"
      "impls:\n  a: f(x, mode)\n"
      "  j:\n    source: k.cuh\n    kernel: k<$mode>\n    grid: 1\n    block: 32\n");
  EXPECT_NE(out.find("void run_a(const Case&, jitbench::Launch& launch) {\n"
                     "  const jitbench::TensorView<jitbench::fp32> x(launch.tensor(0));\n"
                     "  const auto mode = golden::Mode::fast;\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("jitbench::JitCall jit_j(const Case&) {\n"
                     "  const char* const mode = \"golden::Mode::fast\";\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("call.kernel = std::string(\"k<\") + mode + \">\";\n"), std::string::npos)
      << out;
}

TEST(EmitBench, CasesAloneWithoutOtherAxesLoopOverTheCasesOnly) {
  const std::string out = generate(
      "benchmark: b\nparams:\n  n: {}\ncases:\n  small: {n: 4}\n  large: {n: 64, ci: true}\n"
      "tensors:\n  x: {shape: [n], dtype: fp32}\nimpls:\n  a: f(x, n)\n");
  EXPECT_EQ(out.find("struct Axes"), std::string::npos) << out;
  EXPECT_NE(out.find("std::vector<jitbench::CaseSpec> make_cases(bool ci) {\n"
                     "  std::vector<jitbench::CaseSpec> cases;\n"
                     "  for (const NamedCase& named_case : named_cases) {\n"
                     "    if (ci && !named_case.ci) continue;\n"
                     "    cases.push_back(make_case({named_case.case_name, named_case.n}));\n"
                     "  }\n"
                     "  return cases;\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    {\"small\", 4, false},\n    {\"large\", 64, true},\n"), std::string::npos)
      << out;
}

TEST(EmitBench, GridWithoutAxesHasOneCase) {
  const std::string out = generate(read_file(source_dir() + "/tests/golden/minimal.yaml"));
  EXPECT_NE(out.find("return {make_case(Case{})};"), std::string::npos);
  EXPECT_EQ(out.find("#ifndef JITBENCH_CI_ONLY"), std::string::npos);
}

}  // namespace
}  // namespace jitbench::gen
