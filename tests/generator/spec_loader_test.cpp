#include "spec_loader.hpp"

#include "test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace jitbench::gen {
namespace {

using test::read_file;
using test::source_dir;

std::vector<std::string> messages(const LoadResult& result) {
  std::vector<std::string> out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.str());
  return out;
}

Spec load_ok(const std::string& text) {
  LoadResult result = load_spec(text, "specs/ok.yaml");
  EXPECT_TRUE(result.spec) << ::testing::PrintToString(messages(result));
  return result.spec ? *result.spec : Spec{};
}

std::vector<std::string> load_errors(const std::string& text) {
  const LoadResult result = load_spec(text, "specs/x.yaml");
  EXPECT_FALSE(result.spec);
  return messages(result);
}

// ---- one fixture a kind of error: tests/generator/fixtures/<error>.yaml ends with the errors it
// must produce, as `# expect: LINE:COL: message` lines.

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(source_dir() + "/tests/generator/fixtures")) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, ReportsExactlyTheExpectedErrors) {
  const std::string relative = "tests/generator/fixtures/" + GetParam() + ".yaml";
  const std::string text = read_file(source_dir() + "/" + relative);
  std::vector<std::string> expected;
  std::istringstream lines(text);
  const std::string marker = "# expect: ";
  for (std::string line; std::getline(lines, line);) {
    if (line.compare(0, marker.size(), marker) != 0) continue;
    const std::string rest = line.substr(marker.size());
    // "LINE:COL: message", or "message" for an error about the whole file.
    const std::size_t colon = rest.find(": ");
    const bool located =
        colon != std::string::npos && rest.find_first_not_of("0123456789:") == colon + 1;
    expected.push_back(located ? relative + ":" + rest.substr(0, colon) +
                                     ": error: " + rest.substr(colon + 2)
                               : relative + ": error: " + rest);
  }
  ASSERT_FALSE(expected.empty()) << relative << " has no '# expect:' line";
  const LoadResult result = load_spec(text, relative);
  EXPECT_FALSE(result.spec);
  EXPECT_EQ(messages(result), expected);
}

INSTANTIATE_TEST_SUITE_P(SpecErrors, Fixture, ::testing::ValuesIn(fixture_names()),
                         [](const auto& info) { return info.param; });

// ---- bad input that is not worth a file in the repository

TEST(SpecLoader, TooLargeIsAnErrorWithoutParsing) {
  const std::string text(10 * 1024 * 1024, '#');
  EXPECT_EQ(load_errors(text),
            std::vector<std::string>{"specs/x.yaml: error: the file is 10485760 bytes; a spec may "
                                     "be at most 1048576"});
}

TEST(SpecLoader, EmptyTextIsAnEmptySpec) {
  EXPECT_EQ(load_errors(""),
            std::vector<std::string>{"specs/x.yaml:1:1: error: the spec is empty; it must be a "
                                     "mapping with the keys 'benchmark', 'tensors' and 'impls' at "
                                     "least"});
}

TEST(SpecLoader, DeepJunkIsAnErrorNotACrash) {
  for (const std::string& junk :
       {std::string(200000, '['), std::string(200000, '{'), "a: " + std::string(100000, '['), [] {
          std::string s;
          for (int i = 0; i < 1400; ++i)
            s += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
          return s;
        }()}) {
    const LoadResult result = load_spec(junk, "specs/x.yaml");
    EXPECT_FALSE(result.spec);
    EXPECT_FALSE(result.diagnostics.empty());
  }
}

TEST(SpecLoader, BinaryJunkIsAnError) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
  EXPECT_FALSE(load_spec(junk, "specs/x.yaml").spec);
}

TEST(SpecLoader, ManyAliasesDoNotExplode) {
  // A "billion laughs": the loader visits the known structure only, so aliases cost nothing.
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    const char p = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [*" + p + ", *" + p + ", *" + p + ", *" + p + "]\n";
  }
  text += "benchmark: x\ntensors: {t: {shape: [*k], dtype: fp32}}\nimpls: {run: f()}\n";
  EXPECT_FALSE(load_spec(text, "specs/x.yaml").spec);
}

// ---- what a valid spec becomes

// The specs we ship, and the docs' examples that users copy, load without a warning: each warning
// names a spec that times something other than what it seems to (warm writes, unused axes).
TEST(SpecLoader, ShippedSpecsLoadWithoutWarnings) {
  std::size_t loaded = 0;
  for (const char* dir : {"/specs", "/docs/examples/specs"}) {
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() + dir)) {
      if (entry.path().extension() != ".yaml") continue;
      const LoadResult result = load_spec(read_file(entry.path().string()), entry.path().string());
      EXPECT_TRUE(result.spec) << ::testing::PrintToString(messages(result));
      std::vector<std::string> warnings;
      for (const Diagnostic& d : result.warnings) warnings.push_back(d.str());
      EXPECT_EQ(warnings, std::vector<std::string>{}) << entry.path();
      ++loaded;
    }
  }
  EXPECT_GE(loaded, 6u);
}

TEST(SpecLoader, LoadsTheDesignExample) {
  const Spec spec = load_ok(read_file(source_dir() + "/tests/golden/qknorm.yaml"));
  EXPECT_EQ(spec.benchmark, "qknorm");
  EXPECT_EQ(spec.file, "specs/ok.yaml");
  ASSERT_EQ(spec.params.size(), 4u);
  EXPECT_EQ(spec.params[0].name, "head_dim");
  EXPECT_TRUE(spec.params[0].compile_time);
  EXPECT_EQ(spec.params[0].values, (std::vector<std::int64_t>{64, 128, 256, 512}));
  EXPECT_EQ(spec.params[0].ci, (std::vector<std::size_t>{1}));  // positions: 128
  EXPECT_EQ(spec.params[3].values.size(), 14u);
  EXPECT_EQ(spec.params[3].values.back(), 8192);
  ASSERT_EQ(spec.types.size(), 1u);
  EXPECT_EQ(spec.types[0].values, (std::vector<std::string>{"bf16", "fp16"}));
  ASSERT_EQ(spec.tensors.size(), 4u);
  EXPECT_TRUE(spec.tensors[0].dtype_is_axis);
  EXPECT_FALSE(spec.tensors[2].cold);
  EXPECT_EQ(spec.reads.size(), 4u);
  EXPECT_EQ(spec.writes.size(), 2u);
  ASSERT_EQ(spec.impls.size(), 3u);
  EXPECT_EQ(spec.impls[0].name, "fused");
  EXPECT_EQ(spec.impls[0].call_line, 22);
  EXPECT_EQ(spec.reference, "naive");
  EXPECT_EQ(spec.tolerance.size(), 2u);
  EXPECT_EQ(spec.tolerance[0].value, "2e-2");
  EXPECT_EQ(spec.metrics, (std::vector<std::string>{"median", "p20", "p80"}));
}

// Specs that build but check nothing their author seems to want checked: warned of, at the key.
TEST(SpecLoader, WarnsOfImplsThatNothingChecks) {
  const std::string head = "benchmark: b\ntensors:\n  x: {shape: [1], dtype: fp32}\n";
  const auto warnings = [](const LoadResult& result) {
    std::vector<std::string> out;
    for (const Diagnostic& d : result.warnings) out.push_back(d.str());
    return out;
  };
  const LoadResult two =
      load_spec(head + "impls:\n  fast: f(x, stream)\n  naive: g(x, stream)\n", "specs/b.yaml");
  EXPECT_TRUE(two.spec);
  EXPECT_EQ(warnings(two), std::vector<std::string>{
                               "specs/b.yaml:4:1: warning: 2 impls and no 'reference': no impl's "
                               "result is checked; 'reference: fast' checks the others against "
                               "that one before they are timed"});
  const LoadResult tolerance =
      load_spec(head + "impls:\n  fast: f(x, stream)\ntolerance: {fp32: 1e-3}\n", "specs/b.yaml");
  EXPECT_TRUE(tolerance.spec);
  EXPECT_EQ(warnings(tolerance),
            std::vector<std::string>{"specs/b.yaml:6:1: warning: 'tolerance' without 'reference' "
                                     "applies to nothing: no impl's result is checked"});
  // One impl, or a reference with an output to compare: nothing to warn of.
  EXPECT_TRUE(load_spec(head + "impls:\n  fast: f(x, stream)\n", "specs/b.yaml").warnings.empty());
  EXPECT_TRUE(load_spec(head + "impls:\n  fast: f(x, stream)\n  naive: g(x, stream)\n"
                               "reference: naive\ntolerance: {fp32: 1e-3}\nmemory: {write: [x]}\n",
                        "specs/b.yaml")
                  .warnings.empty());
  // A reference and no tensor in memory.write: the check compares nothing.
  const LoadResult no_outputs =
      load_spec(head +
                    "impls:\n  fast: f(x, stream)\n  naive: g(x, stream)\n"
                    "reference: naive\nmemory: {read: [x]}\n",
                "specs/b.yaml");
  EXPECT_TRUE(no_outputs.spec);
  EXPECT_EQ(warnings(no_outputs),
            std::vector<std::string>{
                "specs/b.yaml:7:1: warning: 'reference' checks the tensors that memory.write "
                "names, and it names none: no impl's result is checked; list the outputs under "
                "memory.write (by tensor)"});
  // A tolerance for a dtype that no output (memory.write) takes.
  const LoadResult typo = load_spec(
      "benchmark: b\ntypes:\n  T: {values: [fp32, bf16]}\n"
      "tensors:\n  x: {shape: [1], dtype: T}\n  y: {shape: [1], dtype: T}\n"
      "memory: {read: [x], write: [y]}\nimpls:\n  a: f(x, y, stream)\n  b: g(x, y, stream)\n"
      "reference: a\n"
      "tolerance: {fp16: 1e-1, fp32: 1e-4}\n",
      "specs/b.yaml");
  EXPECT_TRUE(typo.spec);
  EXPECT_EQ(warnings(typo),
            std::vector<std::string>{"specs/b.yaml:12:13: warning: tolerance for fp16 applies to "
                                     "nothing: no output (memory.write) is fp16; the outputs are "
                                     "'fp32' and 'bf16'"});
  // No such warning when an output's dtype failed to load: its error is the one to read.
  const std::string broken_head = "benchmark: b\nparams:\n  n: {values: [1, 2]}\ntypes:\n";
  const std::string broken_tail =
      "memory: {read: [x], write: [y]}\nimpls:\n  a: f(x, y)\n  b: g(x, y)\nreference: b\n"
      "tolerance: {bf16: 2e-2, fp32: 1e-4}\n";
  const LoadResult broken_axis =
      load_spec(broken_head +
                    "  T: {values: [bf16, fp61, fp32]}\n"
                    "tensors:\n  x: {shape: [n], dtype: T}\n  y: {shape: [n], dtype: T}\n" +
                    broken_tail,
                "specs/b.yaml");
  EXPECT_EQ(messages(broken_axis),
            std::vector<std::string>{
                "specs/b.yaml:5:22: error: unknown dtype 'fp61' (did you mean 'fp64'?)"});
  EXPECT_EQ(warnings(broken_axis), std::vector<std::string>{});
  const LoadResult broken_dtype =
      load_spec(broken_head +
                    "  T: {values: [bf16, fp32]}\n"
                    "tensors:\n  x: {shape: [n], dtype: T}\n  y: {shape: [n], dtype: bfloat16}\n" +
                    broken_tail,
                "specs/b.yaml");
  EXPECT_EQ(messages(broken_dtype),
            std::vector<std::string>{
                "specs/b.yaml:8:26: error: unknown dtype 'bfloat16' of tensor 'y'; use a type "
                "axis or one of 'bf16', 'fp16', 'fp32', 'fp64', 'int8', 'int32', 'int64', "
                "'uint8', 'fp8_e4m3', and 'fp8_e5m2'"});
  EXPECT_EQ(warnings(broken_dtype), std::vector<std::string>{});
  // Nor when an output failed to load.
  const LoadResult broken_output = load_spec(
      "benchmark: b\ntensors:\n  x: {shape: [1], dtype: fp32}\n  y: {shape: [1], dtype: bf16}\n"
      "memory: {write: [x, {tensor: y, bytes: nn}]}\nimpls:\n  a: f(x, y)\n  b: g(x, y)\n"
      "reference: b\ntolerance: {bf16: 2e-2}\n",
      "specs/b.yaml");
  EXPECT_EQ(messages(broken_output),
            std::vector<std::string>{"specs/b.yaml:5:40: error: unknown param 'nn' in bytes"});
  EXPECT_EQ(warnings(broken_output), std::vector<std::string>{});
  // A param or type axis that no call sees times the same calls again for each of its values.
  const LoadResult unused = load_spec(
      "benchmark: b\nparams:\n  n: {values: [1, 2]}\n  iters: {values: [1, 2, 3]}\n"
      "  once: {values: [7]}\n  v: {values: [4, 8]}\n"
      "types:\n  T: {values: [fp32, bf16]}\n  U: {values: [fp32, fp16]}\n"
      "tensors:\n  x: {shape: [n], dtype: fp32}\nimpls:\n  a: f<T>(x, v, stream)\n",
      "specs/b.yaml");
  EXPECT_TRUE(unused.spec);
  EXPECT_EQ(
      warnings(unused),
      (std::vector<std::string>{
          "specs/b.yaml:4:3: warning: param 'iters' reaches no call: no tensor, byte count or "
          "impl uses it, so its 3 values time the same calls 3 times",
          "specs/b.yaml:9:3: warning: type axis 'U' reaches no call: no tensor, byte count or "
          "impl uses it, so its 2 values time the same calls 2 times"}));
  // A zipped param that no call sees adds no cases while another param of its zip is used.
  EXPECT_TRUE(load_spec("benchmark: b\nparams:\n  q: {values: [32, 64]}\n"
                        "  kv: {values: [8, 8]}\nzip: [[q, kv]]\n"
                        "tensors:\n  x: {shape: [q], dtype: fp32}\nimpls:\n  a: f(x, stream)\n",
                        "specs/b.yaml")
                  .warnings.empty());
  // A call string that never names stream launches on another stream than the one checked and
  // timed; a JIT impl is launched on it by the runtime.
  const LoadResult streamless =
      load_spec(head +
                    "impls:\n  fast: f(x, stream)\n  legacy: |\n    g<<<1, 1>>>(x);\n"
                    "    return cudaGetLastError();\n  jit:\n    source: k.cuh\n    kernel: k\n"
                    "    args: [x]\n    grid: [1]\n    block: [32]\nreference: fast\n"
                    "memory: {write: [x]}\n",
                "specs/b.yaml");
  EXPECT_TRUE(streamless.spec);
  EXPECT_EQ(warnings(streamless),
            std::vector<std::string>{
                "specs/b.yaml:6:3: warning: impl 'legacy' never names 'stream': its work runs on "
                "another stream than the one the check waits for and the timing captures (a "
                "mismatch or an error row); pass 'stream' to its launches"});
  // A written tensor marked cold: false is one buffer that the calls keep in L2 for each other;
  // one that is only read (a weight) is not warned of.
  const LoadResult warm_write = load_spec(
      "benchmark: b\ntensors:\n  w: {shape: [4], dtype: fp32, cold: false}\n"
      "  cache: {shape: [64], dtype: fp32, cold: false}\n  y: {shape: [4], dtype: fp32}\n"
      "memory: {read: [w], write: [{tensor: cache, elements: 4}, y]}\n"
      "impls:\n  a: f(w, cache, y, stream)\n",
      "specs/b.yaml");
  EXPECT_TRUE(warm_write.spec);
  EXPECT_EQ(warnings(warm_write),
            std::vector<std::string>{
                "specs/b.yaml:4:43: warning: tensor 'cache' is written by a call (memory.write) "
                "and marked cold: false: its one buffer, shared by every rotation copy, keeps "
                "the lines a call writes in L2 for the calls after it, so its writes are timed "
                "warm (on an H200, a KV-cache scatter into a shared 32 MiB cache took up to 14% "
                "less time than into rotated copies); leave it cold unless a real workload "
                "keeps it in L2"});
  // `bytes` of a tensor typed by an axis of several sizes counts one size for all; `elements`
  // does not, nor does an axis of one size (bf16 and fp16).
  const std::string typed =
      "benchmark: b\nparams: {n: {values: [64]}}\ntypes: {T: {values: [bf16, fp16, fp32]}}\n"
      "tensors:\n  x: {shape: [n], dtype: T}\n  y: {shape: [n], dtype: T}\n"
      "impls:\n  a: f(x, y, stream)\n";
  const LoadResult untyped = load_spec(
      typed + "memory: {read: [{tensor: x, bytes: n * 2}], write: [y]}\n", "specs/b.yaml");
  EXPECT_TRUE(untyped.spec);
  EXPECT_EQ(warnings(untyped),
            std::vector<std::string>{
                "specs/b.yaml:9:17: warning: 'bytes' of tensor 'x', whose dtype is the type axis "
                "'T' (bf16 2 bytes an element, fp32 4): an expression sees no types, so it counts "
                "the same bytes for every type, and they are wrong for all but one; give "
                "'elements' instead, which counts each type's element size"});
  EXPECT_TRUE(warnings(load_spec(typed + "memory: {read: [{tensor: x, elements: n}], write: [y]}\n",
                                 "specs/b.yaml"))
                  .empty());
  const std::string half =
      "benchmark: b\nparams: {n: {values: [64]}}\ntypes: {T: {values: [bf16, fp16]}}\n"
      "tensors:\n  x: {shape: [n], dtype: T}\n  y: {shape: [n], dtype: T}\n"
      "impls:\n  a: f(x, y, stream)\nmemory: {read: [{tensor: x, bytes: n * 2}], write: [y]}\n";
  EXPECT_TRUE(warnings(load_spec(half, "specs/b.yaml")).empty());
  // Warnings come with errors too, and do not make a spec fail.
  const LoadResult broken =
      load_spec(head + "impls:\n  a: f()\n  b: g()\nmetrics: [p050]\n", "specs/b.yaml");
  EXPECT_FALSE(broken.spec);
  EXPECT_EQ(broken.warnings.size(), 1u);
}

// A spec names metrics as --metrics does: every name of the registry, quantiles with decimals.
TEST(SpecLoader, AcceptsTheMetricsTheCommandLineAccepts) {
  const std::string head =
      "benchmark: b\ntensors:\n  x: {shape: [1], dtype: fp32}\nimpls:\n  run: f(x, stream)\n";
  const Spec spec = load_ok(head + "metrics: [p99.9, p0.5, p100, cv, stddev]\n");
  EXPECT_EQ(spec.metrics, (std::vector<std::string>{"p99.9", "p0.5", "p100", "cv", "stddev"}));
  for (const char* bad : {"p050", "p50.0", "p1e1", "p100.5"}) {
    EXPECT_EQ(
        load_errors(head + "metrics: [" + bad + "]\n"),
        std::vector<std::string>{"specs/x.yaml:6:11: error: unknown metric '" + std::string(bad) +
                                 "'; metrics are median, mean, min, max, stddev, cv and pNN "
                                 "(p0 to p100, such as p20 or p99.9)"})
        << bad;
  }
}

TEST(SpecLoader, DefaultsCiToTheFirstValueAndKeepsValuesOrder) {
  const Spec spec = load_ok(
      "benchmark: b\nparams:\n  n: {values: [8, 2, 4], ci: [4, 8]}\n  m: {values: {range: [1, "
      "10, 4]}}\ntypes:\n  T: {values: [fp16, fp32]}\ntensors:\n  x: {shape: [n, m], dtype: "
      "T}\nimpls:\n  a: f()\n");
  EXPECT_EQ(spec.params[0].ci, (std::vector<std::size_t>{0, 2}));  // 8, 4
  EXPECT_EQ(spec.params[1].values, (std::vector<std::int64_t>{1, 5, 9}));
  EXPECT_EQ(spec.params[1].ci, (std::vector<std::size_t>{0}));
  EXPECT_EQ(spec.types[0].ci, (std::vector<std::string>{"fp16"}));
}

TEST(SpecLoader, ValuesThatAreNames) {
  const Spec spec = load_ok(
      "benchmark: b\nparams:\n"
      "  act: {values: {silu: kernels::Activation::silu, gelu: \"f(1, 2)\"}, ci: [gelu], "
      "compile_time: true}\n"
      "  mode: {values: [fast, exact-2, v1.5], ci: [v1.5, fast]}\n"
      "tensors:\n  x: {shape: [4], dtype: fp32}\nimpls:\n  a: f(x, act, mode)\n");
  const Param& act = spec.params[0];
  EXPECT_EQ(act.kind, ParamKind::mapped);
  ASSERT_EQ(act.names.size(), 2u);
  EXPECT_EQ(act.names[1].name, "gelu");
  EXPECT_EQ(act.names[1].cpp, "f(1, 2)");
  EXPECT_EQ(act.ci, (std::vector<std::size_t>{1}));
  EXPECT_TRUE(act.compile_time);
  const Param& mode = spec.params[1];
  EXPECT_EQ(mode.kind, ParamKind::string);
  EXPECT_EQ(mode.text(1), "exact-2");
  EXPECT_EQ(mode.ci, (std::vector<std::size_t>{0, 2}));  // in the order of values
}

TEST(SpecLoader, ZipsAndCases) {
  const Spec spec = load_ok(
      "benchmark: b\nparams:\n  q: {values: [32, 64, 8], ci: [8, 32]}\n"
      "  kv: {values: [8, 8, 1], ci: [1, 8]}\n  d: {}\n"
      "zip: [[q, kv]]\ntypes:\n  T: {values: [bf16, fp16]}\n"
      "cases:\n  a: {d: 128, T: fp16}\n  b: {d: 256, T: fp16, ci: true}\n"
      "tensors:\n  x: {shape: [q, kv, d], dtype: T}\nimpls:\n  a: f(x)\n");
  ASSERT_EQ(spec.zips.size(), 1u);
  EXPECT_EQ(spec.zips[0].params, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(spec.zips[0].name, "q_and_kv");
  EXPECT_EQ(spec.params[0].ci, (std::vector<std::size_t>{0, 2}));  // (32, 8) and (8, 1)
  EXPECT_EQ(spec.params[1].ci, spec.params[0].ci);
  EXPECT_FALSE(spec.params[2].has_values);
  EXPECT_FALSE(spec.has_grid());
  ASSERT_EQ(spec.cases.size(), 2u);
  EXPECT_EQ(spec.cases[1].name, "b");
  EXPECT_EQ(spec.cases[1].params[2], std::optional<std::int64_t>(256));
  EXPECT_EQ(spec.cases[1].types[0], std::optional<std::size_t>(1));
  EXPECT_FALSE(spec.cases[0].params[0].has_value());
  EXPECT_FALSE(spec.cases[0].ci);  // a case marked ci: only that one
  EXPECT_TRUE(spec.cases[1].ci);
}

TEST(SpecLoader, TensorInitAndTraffic) {
  const Spec spec = load_ok(
      "benchmark: b\nparams: {n: {values: [4]}}\ntensors:\n"
      "  i: {shape: [n], dtype: int32, init: randperm(n * 2)}\n"
      "  r: {shape: [n], dtype: fp32, range: [0, 5e-1]}\n"
      "memory:\n  read: [i, {tensor: r, bytes: n * 2}]\n  write: [{bytes: \"8\"}]\n"
      "impls: {a: f()}\n");
  EXPECT_EQ(spec.tensors[0].init, InitKind::randperm);
  ASSERT_TRUE(spec.tensors[0].randperm_range);
  EXPECT_EQ(spec.tensors[0].randperm_range->expr.text, "n * 2");
  EXPECT_EQ(spec.tensors[1].low, "0");
  EXPECT_EQ(spec.tensors[1].high, "5e-1");
  ASSERT_EQ(spec.reads.size(), 2u);
  EXPECT_EQ(spec.reads[1].tensor, "r");
  ASSERT_TRUE(spec.reads[1].bytes);
  EXPECT_EQ(spec.writes[0].tensor, "");
}

TEST(SpecLoader, ErrorColumnsPointIntoQuotedExpressions) {
  EXPECT_EQ(load_errors("benchmark: b\nparams: {n: {values: [1]}}\n"
                        "tensors: {x: {shape: [\"n + mm\"], dtype: fp32}}\nimpls: {a: f()}\n"),
            std::vector<std::string>{"specs/x.yaml:3:28: error: unknown param 'mm' in dimension "
                                     "0 of tensor 'x'; it may use 'n'"});
  // A folded block scalar's offsets are not columns: the error points at the scalar.
  EXPECT_EQ(load_errors("benchmark: b\ntensors: {x: {shape: [4], dtype: fp32}}\n"
                        "flops: >-\n  4 *\n  z\nimpls: {a: f()}\n"),
            std::vector<std::string>{"specs/x.yaml:3:8: error: unknown param 'z' in flops"});
}

// The quoting hints of tests/generator/fixtures/ (expression_starting_with_bang.yaml...) in the
// cases a fixture does not show.
TEST(SpecLoader, QuotingHintsQuoteWhatTheValueHoldsAndLeaveAliasesAlone) {
  const std::string head = "benchmark: b\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls:\n";
  EXPECT_EQ(load_errors(head + "  a: f(x, \"s\", n ? 1: 2)\n"),
            std::vector<std::string>{"specs/x.yaml:4:21: error: invalid YAML: illegal map value; "
                                     "YAML reads ': ' in a value as the end of a key, so quote "
                                     "it: a: 'f(x, \"s\", n ? 1: 2)'"});
  // `*name` names an anchor the spec may have meant: no hint. The message names it whatever the
  // yaml-cpp version (0.8 appends the name to its own, 0.7 does not).
  EXPECT_EQ(load_errors(head + "  a: *call\n"),
            std::vector<std::string>{"specs/x.yaml:4:6: error: invalid YAML: the alias '*call' "
                                     "names no anchor ('&call') defined before it"});
  // Quoted values are split by nothing.
  EXPECT_TRUE(load_spec("benchmark: b\nparams: {n: {values: [1, 2]}}\n"
                        "tensors: {x: {shape: [\"min(n, 2)\"], dtype: fp32}}\n"
                        "impls: {a: \"f(x, n, stream)\"}\n",
                        "specs/x.yaml")
                  .spec);
}

TEST(SpecLoader, BlockScalarCallsStartOnTheNextLine) {
  const Spec spec = load_ok(
      "benchmark: b\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls:\n"
      "  a: |\n    f();\n    g();\n");
  EXPECT_EQ(spec.impls[0].call_line, 5);
  EXPECT_EQ(spec.impls[0].call, "f();\ng();\n");
}

TEST(SpecLoader, AcceptedKeysNameEveryMapping) {
  const std::vector<std::string> keys = accepted_keys();
  for (const char* key :
       {"benchmark", "params.<name>.compile_time", "params.<name>.values.pow2", "types.<name>.ci",
        "tensors.<name>.init", "memory.write", "memory.<read|write>[].bytes", "metrics"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

}  // namespace
}  // namespace jitbench::gen
