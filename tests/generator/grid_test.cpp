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

TEST(Grid, NoAxesIsOneCase) {
  const Spec spec =
      load("benchmark: one\ntensors: {x: {shape: [4], dtype: fp32}}\nimpls: {a: f()}\n");
  EXPECT_EQ(format_grid(spec, expand_grid(spec, false), false), "one, full grid: 1 case\n");
}

}  // namespace
}  // namespace jitbench::gen
