// A CUDA error that loses the context (sticky_fault_bench.cu writes through a wild pointer) does
// not end the run: the case is measured again in a new process without the impl that lost it, and
// so are the cases after it; the first process keeps the outputs.

#include "command_outcome.hpp"
#include "gpu_test_support.cuh"
#include <jitbench/results_reader.hpp>

#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>

namespace jitbench {
namespace {

using Outcome = testing::CommandOutcome;

Outcome run_sticky_bench(const std::string& args) {
  return testing::run_command(std::string(JITBENCH_STICKY_FAULT_BENCH) + " " + args + " 2>&1");
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "jitbench_lost_context_" + std::to_string(::getpid()) + "_" + name;
}

// "case/impl" -> the entry, from a results file.
std::map<std::string, ResultEntry> entries_by_name(const ResultsFile& file) {
  std::map<std::string, ResultEntry> entries;
  for (const ResultEntry& e : file.entries) entries[e.params.at(0).second + "/" + e.impl] = e;
  return entries;
}

TEST(LostContext, TheRunGoesOnInANewProcessWithoutTheImplThatLostIt) {
  JITBENCH_REQUIRE_GPU();
  const std::string out = temp_path("run.json");
  const Outcome o =
      run_sticky_bench("--filter 'case=good|wild1|ref_wild|wild2|after' --out " + out);
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("impl 'wild' lost the CUDA context in case 2 of 5"), std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("impl 'store' lost the CUDA context in case 3 of 5"), std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("impl 'wild' lost the CUDA context in case 4 of 5"), std::string::npos)
      << o.output;

  const ResultsFile results = load_results(out);
  EXPECT_TRUE(results.complete);
  ASSERT_EQ(results.entries.size(), 15u) << o.output;
  const auto e = entries_by_name(results);
  for (const char* measured :
       {"good/store", "good/wild", "good/other", "wild1/store", "wild1/other", "wild2/store",
        "wild2/other", "after/store", "after/wild", "after/other"}) {
    EXPECT_TRUE(e.at(measured).measured()) << measured << ": " << e.at(measured).reason;
  }
  for (const char* lost : {"wild1/wild", "wild2/wild", "ref_wild/store"}) {
    EXPECT_EQ(e.at(lost).status, ImplStatus::error) << lost;
    EXPECT_NE(e.at(lost).reason.find("cudaErrorIllegalAddress"), std::string::npos)
        << lost << ": " << e.at(lost).reason;
    EXPECT_NE(e.at(lost).reason.find("lost the CUDA context, so the case was measured again"),
              std::string::npos)
        << lost << ": " << e.at(lost).reason;
  }
  // Without the reference's output, the others of its case are not checked, so not timed.
  for (const char* unchecked : {"ref_wild/wild", "ref_wild/other"}) {
    EXPECT_EQ(e.at(unchecked).status, ImplStatus::skipped) << unchecked;
    EXPECT_NE(e.at(unchecked).reason.find("the reference 'store' failed"), std::string::npos)
        << unchecked << ": " << e.at(unchecked).reason;
  }
  // Every row is read against the first process's copy peak.
  EXPECT_GT(e.at("after/other").peak_fraction, 0);
  std::remove(out.c_str());
}

TEST(LostContext, AHangInANewProcessEndsTheRunWithItsCasesReported) {
  JITBENCH_REQUIRE_GPU();
  const Outcome o =
      run_sticky_bench("--filter 'case=wild1|after|stuck' --hang-timeout 3 --format csv");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("impl 'other' hung in "), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("stops after 3 of 3 cases"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\nsticky_fault,after,other,ok,"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\nsticky_fault,stuck,other,hang,"), std::string::npos) << o.output;
}

}  // namespace
}  // namespace jitbench
