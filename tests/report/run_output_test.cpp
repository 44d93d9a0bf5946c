// RunOutput end to end, without a GPU: the table on stdout, --out written case by case and
// surviving a crash, --compare with --fail-on-regression, and the usage errors it raises.
#include "result_fixture.hpp"
#include <jitbench/results.hpp>
#include <jitbench/results_reader.hpp>
#include <jitbench/run_output.hpp>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace jitbench::detail {
namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "jitbench_report_" + std::to_string(::getpid()) + "_" + name;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs the fixture's cases through a RunOutput; the first `count` of them (all by default).
int run(const OutputSettings& settings, std::ostream& out, std::ostream& err, std::size_t count = 5,
        double slow_down = 1) {
  RunOutput output(settings, out, err);
  output.begin(testing::fixture_info());
  std::vector<CaseResult> cases = testing::fixture_cases();
  for (std::size_t i = 0; i < count; ++i) {
    for (ImplResult& impl : cases[i].impls) impl.summary.median *= slow_down;
    output.case_started(i, cases[i].param_values);
    output.impl_started("fused");
    output.case_done(cases[i]);
  }
  return output.end();
}

TEST(RunOutput, TextTableOnStdoutProgressOnStderr) {
  std::ostringstream out, err;
  EXPECT_EQ(0, run(OutputSettings{}, out, err));
  EXPECT_EQ(0u, out.str().find("qknorm: Fused in-place RMSNorm"));
  EXPECT_NE(std::string::npos, out.str().find("head_dim  gqa  T       fused [us]"));
  EXPECT_EQ(0u, err.str().find("[1/5] head_dim=128 gqa=4 T=bf16  fused 0.512 us"));
}

TEST(RunOutput, OutFileHoldsTheWholeDocumentAtTheEnd) {
  OutputSettings settings;
  settings.out_path = temp_path("whole.json");
  settings.format = "json";
  std::ostringstream out, err;
  EXPECT_EQ(0, run(settings, out, err));
  const ResultsFile file = load_results(settings.out_path);
  EXPECT_TRUE(file.complete);
  EXPECT_EQ("NVIDIA H200", file.context.device_name);
  EXPECT_EQ(15u, file.entries.size());
  // The same document as --format json prints, byte for byte.
  EXPECT_EQ(out.str(), read_file(settings.out_path));
  EXPECT_FALSE(std::ifstream(settings.out_path + ".tmp").good());
  std::remove(settings.out_path.c_str());
}

// Reports two cases, then dies as from kill -9: no destructor, no end().
void report_two_cases_then_die(const OutputSettings& settings) {
  std::ostringstream out;
  std::ostringstream err;
  RunOutput output(settings, out, err);
  output.begin(testing::fixture_info());
  const auto cases = testing::fixture_cases();
  output.case_done(cases[0]);
  output.case_done(cases[1]);
  raise(SIGKILL);
}

TEST(RunOutput, OutFileSurvivesACrashBetweenCases) {
  OutputSettings settings;
  settings.out_path = temp_path("crash.json");
  EXPECT_EXIT(report_two_cases_then_die(settings), ::testing::KilledBySignal(SIGKILL), "");
  const ResultsFile run = load_results(settings.out_path);
  EXPECT_FALSE(run.complete);
  ASSERT_EQ(6u, run.entries.size());
  EXPECT_EQ("qknorm/head_dim=128/gqa=4/T=bf16/fused", run.entries[0].name);
  EXPECT_EQ("qknorm/head_dim=128/gqa=8/T=bf16/naive", run.entries[5].name);
  EXPECT_EQ("qknorm", run.context.benchmark);
  std::remove(settings.out_path.c_str());
}

TEST(RunOutput, CompareAgainstTheSameRunIsSame) {
  OutputSettings first;
  first.out_path = temp_path("old.json");
  first.format = "json";
  std::ostringstream out, err;
  ASSERT_EQ(0, run(first, out, err));

  OutputSettings second;
  second.compare_path = first.out_path;
  second.fail_on_regression_pct = 1;
  std::ostringstream out2, err2;
  EXPECT_EQ(0, run(second, out2, err2, 4));
  EXPECT_NE(std::string::npos,
            out2.str().find("summary: 7 same, 0 faster, 0 slower, 0 only in new, 3 only in old, "
                            "5 not measured; geomean new/old 1.000 over 7 cases"))
      << out2.str();
  std::remove(first.out_path.c_str());
}

TEST(RunOutput, RegressionBeyondThePercentExits3) {
  OutputSettings first;
  first.out_path = temp_path("base.json");
  std::ostringstream out, err;
  ASSERT_EQ(0, run(first, out, err));

  OutputSettings second;
  second.compare_path = first.out_path;
  second.fail_on_regression_pct = 5;
  second.format = "csv";
  std::ostringstream out2, err2;
  EXPECT_EQ(3, run(second, out2, err2, 5, 1.2));
  // csv keeps stdout parseable: the comparison goes to stderr.
  EXPECT_EQ(std::string::npos, out2.str().find("summary:"));
  EXPECT_NE(std::string::npos, err2.str().find("0 same, 0 faster, 7 slower")) << err2.str();
  EXPECT_NE(
      std::string::npos,
      err2.str().find("regression: 7 cases slower by more than 5.00% (--fail-on-regression)"));

  second.fail_on_regression_pct = 25;
  std::ostringstream out3, err3;
  EXPECT_EQ(0, run(second, out3, err3, 5, 1.2));
  std::remove(first.out_path.c_str());
}

std::string construction_error(const OutputSettings& settings) {
  std::ostringstream out, err;
  try {
    RunOutput output(settings, out, err);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(RunOutput, UnreadableCompareFileIsAUsageError) {
  OutputSettings settings;
  settings.compare_path = "/nonexistent/old.json";
  EXPECT_EQ("--compare: /nonexistent/old.json: no such file", construction_error(settings));
  const std::string bad = temp_path("bad.json");
  std::ofstream(bad) << "{\"benchmarks\": [\n  {\"name\": 1,}\n]}";
  settings.compare_path = bad;
  EXPECT_EQ("--compare: " + bad +
                ":2:14: syntax error while parsing object key - unexpected '}'; expected string "
                "literal",
            construction_error(settings));
  std::remove(bad.c_str());
}

TEST(RunOutput, UnwritableOutputsAreUsageErrorsBeforeAnythingIsWritten) {
  OutputSettings settings;
  settings.out_path = "/nonexistent/dir/out.json";
  EXPECT_EQ(
      "--out: cannot write '/nonexistent/dir/out.json': directory '/nonexistent/dir' does not "
      "exist",
      construction_error(settings));
  settings.out_path = ::testing::TempDir();
  EXPECT_EQ("--out: cannot write '" + settings.out_path + "': it is a directory",
            construction_error(settings));
  settings.out_path.clear();
  settings.report_path = "/nonexistent/report.html";
  EXPECT_EQ(
      "--report: cannot write '/nonexistent/report.html': directory '/nonexistent' does not "
      "exist",
      construction_error(settings));
  settings.report_path.clear();

  // A writable --out is not created, let alone emptied, until the run begins.
  settings.out_path = temp_path("not_yet.json");
  std::ofstream(settings.out_path) << "old results";
  {
    std::ostringstream out, err;
    RunOutput output(settings, out, err);
    EXPECT_EQ("old results", read_file(settings.out_path));
  }
  std::remove(settings.out_path.c_str());
  settings.out_path.clear();
  settings.out_path.clear();
  settings.format = "xml";
  EXPECT_EQ("--format: unknown format 'xml' (known: text, md, csv, json)",
            construction_error(settings));
}

TEST(RunOutput, ReportWritesAPage) {
  OutputSettings settings;
  settings.report_path = temp_path("report.html");
  std::ostringstream out, err;
  EXPECT_EQ(0, run(settings, out, err));
  const std::string page = read_file(settings.report_path);
  EXPECT_EQ(0u, page.find("<!DOCTYPE html>"));
  EXPECT_NE(std::string::npos, page.find("qknorm"));
  std::remove(settings.report_path.c_str());
}

}  // namespace
}  // namespace jitbench::detail
