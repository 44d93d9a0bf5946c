#pragma once

#include "case_runner.hpp"
#include "case_selection.hpp"
#include "worker_process.hpp"
#include <jitbench/result.hpp>
#include <jitbench/run_output.hpp>

#include <string>
#include <vector>

namespace jitbench::detail {

// The selected cases of a run and what measuring them needs besides the runner.
struct RunCases {
  std::string program;                 // argv[0], for messages
  std::vector<std::string> arguments;  // the command line, argv[0] first: a worker's too
  const std::vector<CaseSpec>* cases = nullptr;
  const Selection* selection = nullptr;
  const RunInfo* info = nullptr;
  double hang_timeout_s = 0;
};

// Measures every selected case in order and reports each to `output`, then ends it. A case whose
// impl loses the CUDA context is measured again in a worker (worker_process.hpp) without that
// impl, and so are the cases after it; a hang ends the run with the finished cases reported.
// Returns the exit status: 1 when a case failed or the run stopped early, else output's.
int measure_cases(const RunCases& run, CaseRunner& runner, RunOutput& output);

// Ends the process at once after a hang (gpu_wait.hpp), once the outputs are written: returning
// from main would run destructors and the CUDA runtime's exit handlers, which wait for a device
// that never finishes.
[[noreturn]] void end_after_hang();

// A worker's part of a run: the cases from task.first_case on, sent to `channel`.
int measure_as_worker(const RunCases& run, CaseRunner& runner, WorkerChannel& channel,
                      const WorkerTask& task);

}  // namespace jitbench::detail
