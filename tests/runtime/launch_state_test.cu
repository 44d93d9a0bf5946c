// A tiny kernel reads the same with the reference check as without it, first or fifth in its
// process: nothing the runtime does around the timing may change what a graph replay costs
// (docs/timing.md, "Launch state").

#include "gpu_test_support.cuh"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace jitbench {
namespace {

// The median [us] of impl `kernel` in each case, in run order, from a --format csv table.
std::vector<double> kernel_medians_us(const std::string& csv) {
  std::istringstream lines(csv);
  std::string line;
  std::vector<std::string> header;
  std::vector<double> medians;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (header.empty()) {
      header = fields;
      continue;
    }
    const auto column = [&](const std::string& name) {
      const auto at = std::find(header.begin(), header.end(), name);
      return at == header.end() || std::size_t(at - header.begin()) >= fields.size()
                 ? std::string()
                 : fields[std::size_t(at - header.begin())];
    };
    if (column("impl") == "kernel") medians.push_back(std::stod(column("median_us")));
  }
  return medians;
}

std::vector<double> run_bench(const std::string& flags) {
  const std::string command =
      std::string(JITBENCH_LAUNCH_STATE_BENCH) + " --format csv --impl kernel " + flags;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string output;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, got);
  const int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 0) << command << "\n" << output;
  return kernel_medians_us(output);
}

// Two figures of the same calls agree when within 1% or 0.03 us, whichever is larger.
void expect_same_figure(double us, double baseline_us, const std::string& what) {
  const double allowed_us = std::max(0.01 * baseline_us, 0.03);
  EXPECT_NEAR(us, baseline_us, allowed_us) << what;
}

TEST(LaunchState, TinyKernelReadsTheSameWithTheCheckAndInAnyPosition) {
  JITBENCH_REQUIRE_GPU();
  const std::vector<double> unchecked = run_bench("--no-check");
  const std::vector<double> checked = run_bench("");
  ASSERT_EQ(unchecked.size(), 5u);
  ASSERT_EQ(checked.size(), 5u);
  // The first case without the check is the bare launch cost: nothing ran before it.
  const double baseline_us = unchecked[0];
  for (std::size_t i = 0; i < 5; ++i) {
    const std::string position = "case " + std::to_string(i + 1) + " of 5";
    expect_same_figure(checked[i], baseline_us, "checked, " + position);
    expect_same_figure(unchecked[i], baseline_us, "--no-check, " + position);
  }
}

}  // namespace
}  // namespace jitbench
