// Every reporter's exact output for the fixed result set.
#include "golden.hpp"
#include "reporters/reporters.hpp"
#include "result_fixture.hpp"
#include <jitbench/reporter.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace jitbench {
namespace {

using testing::expect_golden;
using testing::fixture_cases;
using testing::fixture_info;

std::string render(std::string_view format, const RunInfo& info = fixture_info(),
                   const std::vector<CaseResult>& cases = fixture_cases()) {
  std::ostringstream out;
  auto reporter = make_reporter(format, out);
  testing::report_all(*reporter, info, cases);
  return out.str();
}

HostInfo fixed_host() { return {"gpu-node-7", "./bench_qknorm", 16, 2400, "release"}; }

// Two impls, the two first cases, no flags or FLOPs: narrow enough for one table.
RunInfo narrow_info() {
  RunInfo info = fixture_info();
  info.impl_names = {"fused", "naive"};
  return info;
}

std::vector<CaseResult> narrow_cases() {
  std::vector<CaseResult> cases = fixture_cases();
  cases.resize(2);
  for (CaseResult& c : cases) {
    c.impls.erase(c.impls.begin() + 1);
    c.flops = 0;
    for (ImplResult& impl : c.impls) {
      impl.memcpy_in_graph = false;
      impl.timing_check.reset();
      impl.discarded_samples = 0;
    }
  }
  return cases;
}

TEST(ReporterGolden, TextFitsInOneTable) {
  const std::string text = render("text", narrow_info(), narrow_cases());
  expect_golden("text_narrow.txt", text);
}

TEST(ReporterGolden, TextWideTableHoistsConstantsThenSplitsByImpl) {
  expect_golden("text_wide.txt", render("text"));
}

TEST(ReporterGolden, TextWithMoreMetrics) {
  RunInfo info = narrow_info();
  info.metrics = {"median", "p20", "cv"};
  expect_golden("text_metrics.txt", render("text", info, narrow_cases()));
}

TEST(ReporterGolden, Markdown) { expect_golden("md.md", render("md")); }

TEST(ReporterGolden, Csv) { expect_golden("csv.csv", render("csv")); }

TEST(ReporterGolden, Json) {
  std::ostringstream out;
  auto reporter = detail::make_json_reporter(out, fixed_host());
  testing::report_all(*reporter, fixture_info(), fixture_cases());
  expect_golden("json.json", out.str());
}

TEST(ReporterGolden, TextLinesStayWithinTheWidth) {
  // One impl with every optional column (TFLOP/s, speedup, the three CUPTI ones and flags) is
  // wider than 100 on its own, so the wide case is checked without --verify-timing.
  std::vector<CaseResult> unverified = fixture_cases();
  for (CaseResult& c : unverified) {
    for (ImplResult& impl : c.impls) impl.timing_check.reset();
  }
  for (const std::string& text : {render("text", fixture_info(), unverified),
                                  render("text", narrow_info(), narrow_cases())}) {
    std::istringstream lines(text);
    bool in_table = false;
    for (std::string line; std::getline(lines, line);) {
      // Table rows start after the heading; the legend and notes are prose.
      if (line.rfind("head_dim", 0) == 0) in_table = true;
      if (line.empty()) in_table = false;
      if (in_table) {
        EXPECT_LE(line.size(), 100u) << line;
      }
    }
  }
}

TEST(Reporter, VerifiedCasesWithDifferentPlansGetAPlanColumn) {
  std::vector<CaseResult> cases = narrow_cases();
  for (CaseResult& c : cases) c.impls[0].timing_check = TimingCheck{1e-6, 1.0, 0, 0.8e-6};
  cases[1].impls[0].rotation_plan = "flush_replay";
  cases[1].impls[0].rotation_copies = 1024;
  cases[1].impls[0].cold_bytes_touched = 4096;
  const std::string text = render("text", narrow_info(), cases);
  EXPECT_NE(text.find("cold L2"), std::string::npos) << text;
  EXPECT_NE(text.find("cold L2 P1: 64 copies, 1.88 MiB/call"), std::string::npos) << text;
  EXPECT_NE(text.find("cold L2 P2: 1024 copies+flush, 4 KiB/call"), std::string::npos) << text;
  const auto row = text.find("\n  8  P2 ");
  EXPECT_NE(row, std::string::npos) << text;
}

TEST(Reporter, JitImplsShowTheirCompileTimeApartFromTheTiming) {
  std::vector<CaseResult> cases = narrow_cases();
  cases[0].impls[0].jit_compile_s = 0.412;
  cases[1].impls[0].jit_compile_s = 0.00312;
  cases[1].impls[0].jit_cache_hit = true;
  const std::string text = render("text", narrow_info(), cases);
  EXPECT_NE(text.find("fused jit [s]"), std::string::npos) << text;
  EXPECT_EQ(text.find("naive jit [s]"), std::string::npos) << "naive is no JIT impl: " << text;
  EXPECT_NE(text.find("  0.412  "), std::string::npos) << text;
  EXPECT_NE(text.find("  0.00312 hit  "), std::string::npos) << text;
  EXPECT_NE(
      text.find("\njit: seconds to compile a JIT impl's kernel (NVRTC) and load it, once a "
                "process, never timed\nhit: the kernel was read from the JIT cache instead\n"),
      std::string::npos)
      << text;

  std::ostringstream json;
  auto reporter = detail::make_json_reporter(json, fixed_host());
  testing::report_all(*reporter, narrow_info(), cases);
  EXPECT_NE(json.str().find("\"jit_compile_s\": 0.412,\n      \"jit_cache_hit\": false"),
            std::string::npos)
      << json.str();
  EXPECT_NE(json.str().find("\"jit_compile_s\": 0.00312,\n      \"jit_cache_hit\": true"),
            std::string::npos);
}

TEST(Reporter, UnknownFormatListsTheKnownOnes) {
  std::ostringstream out;
  try {
    make_reporter("xml", out);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ("unknown format 'xml' (known: text, md, csv, json)", e.what());
  }
}

TEST(Reporter, EmptyRunSaysSo) {
  RunInfo info = fixture_info();
  info.case_count = 0;
  const std::string text = render("text", info, {});
  EXPECT_NE(text.find("(no cases)"), std::string::npos) << text;
}

}  // namespace
}  // namespace jitbench
