#include "grid.hpp"

#include "spec_loader.hpp"

#include <gtest/gtest.h>

namespace jitbench::gen {
namespace {

Spec load(const std::string& text) {
  LoadResult loaded = load_spec(text, "specs/g.yaml");
  EXPECT_TRUE(loaded.spec);
  return loaded.spec ? *loaded.spec : Spec{};
}

const char* const grid_spec =
    "benchmark: g\nparams:\n  n: {values: [1, 2, 3], ci: [2, 3]}\n  m: {values: [10, 20]}\n"
    "types:\n  T: {values: [bf16, fp32], ci: [fp32]}\nskip_if: n == 3 && m == 20\n"
    "tensors: {x: {shape: [n], dtype: T}}\nimpls: {a: f()}\n";

TEST(Grid, ExpandsTypesThenParamsLastFastest) {
  const Spec spec = load(grid_spec);
  const Grid grid = expand_grid(spec, false);
  EXPECT_EQ(grid.columns, (std::vector<std::string>{"T", "n", "m"}));
  ASSERT_EQ(grid.rows.size(), 12u);
  EXPECT_EQ(grid.rows[0].values, (std::vector<std::string>{"bf16", "1", "10"}));
  EXPECT_EQ(grid.rows[1].values, (std::vector<std::string>{"bf16", "1", "20"}));
  EXPECT_EQ(grid.rows[6].values, (std::vector<std::string>{"fp32", "1", "10"}));
  EXPECT_TRUE(grid.rows[5].skipped);
  EXPECT_FALSE(grid.rows[4].skipped);
}

TEST(Grid, ListsTheCiGrid) {
  const Spec spec = load(grid_spec);
  EXPECT_EQ(format_grid(spec, expand_grid(spec, true), true),
            "T     n  m\n"
            "fp32  2  10\n"
            "fp32  3  10\n"
            "g, CI grid: 2 cases\n");
  const std::string full = format_grid(spec, expand_grid(spec, false), false);
  const std::string head =
      "T     n  m\n"
      "bf16  1  10\n"
      "bf16  1  20\n";
  EXPECT_EQ(full.substr(0, head.size()), head);
  EXPECT_NE(full.find("bf16  3  20  (skipped)\n"), std::string::npos) << full;
  EXPECT_NE(full.find("g, full grid: 12 cases, 2 skipped by skip_if\n"), std::string::npos);
}

TEST(Grid, AZipIsOneAxisAtThePlaceOfItsFirstParam) {
  const Spec spec = load(
      "benchmark: z\nparams:\n  q: {values: [32, 64, 8], ci: [64, 8]}\n  b: {values: [1, 2]}\n"
      "  kv: {values: [8, 8, 1], ci: [8, 1]}\nzip: [[kv, q]]\n"
      "tensors: {x: {shape: [q, kv, b], dtype: fp32}}\nimpls: {a: f()}\n");
  const std::vector<GridAxis> axes = grid_axes(spec);
  ASSERT_EQ(axes.size(), 2u);
  EXPECT_EQ(axes[0].params, (std::vector<std::size_t>{2, 0}));  // as the zip lists them
  EXPECT_EQ(axes[0].ci, (std::vector<bool>{false, true, true}));
  EXPECT_EQ(format_grid(spec, expand_grid(spec, true), true),
            "q   b  kv\n"
            "64  1  8\n"
            "8   1  1\n"
            "z, CI grid: 2 cases\n");
  EXPECT_EQ(expand_grid(spec, false).rows.size(), 6u);
}

TEST(Grid, TheCiPointsOfAZipMayShareAValue) {
  const Spec spec = load(
      "benchmark: z\nparams:\n  q: {values: [32, 64, 8], ci: [32, 64]}\n"
      "  kv: {values: [8, 8, 1], ci: [8, 8]}\nzip: [[q, kv]]\n"
      "tensors: {x: {shape: [q, kv], dtype: fp32}}\nimpls: {a: f()}\n");
  EXPECT_EQ(format_grid(spec, expand_grid(spec, true), true),
            "q   kv\n"
            "32  8\n"
            "64  8\n"
            "z, CI grid: 2 cases\n");
}

TEST(Grid, NamedCasesFollowTheGridOverTheAxesTheyDoNotGive) {
  const Spec spec = load(
      "benchmark: m\nparams:\n  act: {values: {silu: A::silu, gelu: A::gelu}}\n"
      "  d: {values: [64]}\n  t: {values: [1, 16], ci: [16]}\n"
      "cases:\n  llama3-8b: {act: silu, d: 14336}\n  qwen3-32b: {act: gelu, d: 25600, ci: true}\n"
      "skip_if: d > 20000 && t > 1\ntensors: {x: {shape: [d, t], dtype: fp32}}\nimpls: {a: f()}\n");
  EXPECT_EQ(format_grid(spec, expand_grid(spec, false), false),
            "case       act   d      t\n"
            "grid       silu  64     1\n"
            "grid       silu  64     16\n"
            "grid       gelu  64     1\n"
            "grid       gelu  64     16\n"
            "llama3-8b  silu  14336  1\n"
            "llama3-8b  silu  14336  16\n"
            "qwen3-32b  gelu  25600  1\n"
            "qwen3-32b  gelu  25600  16  (skipped)\n"
            "m, full grid: 8 cases, 4 from named cases, 1 skipped by skip_if\n");
  EXPECT_EQ(format_grid(spec, expand_grid(spec, true), true),
            "case       act   d      t\n"
            "grid       silu  64     16\n"
            "qwen3-32b  gelu  25600  16  (skipped)\n"
            "m, CI grid: 2 cases, 1 from named cases, 1 skipped by skip_if\n");
}

TEST(Grid, NoAxesIsOneCase) {
  const Spec spec =
      load("benchmark: one\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls: {a: f()}\n");
  EXPECT_EQ(format_grid(spec, expand_grid(spec, false), false), "one, full grid: 1 case\n");
}

}  // namespace
}  // namespace jitbench::gen
