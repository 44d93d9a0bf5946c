#pragma once

// Runs a command line through the shell, as a user would, for the tests of whole benchmark
// processes: their exit codes and what they print.

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace jitbench::testing {

struct CommandOutcome {
  int exit_code = -1;  // -1: it did not exit (a signal), or did not start
  std::string output;  // stdout, and stderr where the command redirects it there
  double wall_s = 0;
};

inline CommandOutcome run_command(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  CommandOutcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) outcome.output.append(buffer, n);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

}  // namespace jitbench::testing
