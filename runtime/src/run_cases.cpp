#include "run_cases.hpp"

#include <jitbench/format.hpp>

#include <cuda_runtime_api.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

namespace jitbench::detail {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;

bool failed_status(ImplStatus status) {
  return status == ImplStatus::error || status == ImplStatus::mismatch ||
         status == ImplStatus::hang;
}

bool case_failed(const CaseResult& result) {
  return std::any_of(result.impls.begin(), result.impls.end(),
                     [](const ImplResult& r) { return failed_status(r.status); });
}

bool case_failed(const std::vector<ResultEntry>& entries) {
  return std::any_of(entries.begin(), entries.end(),
                     [](const ResultEntry& e) { return failed_status(e.status); });
}

const CaseSpec& case_at(const RunCases& run, std::size_t n) {
  return (*run.cases)[run.selection->cases[n]];
}

void say_hang(const RunCases& run, const std::string& what, std::size_t finished) {
  std::cerr << run.program << ": " << what
            << "; the GPU cannot be recovered while it runs, so the run stops after " << finished
            << " of " << run.selection->cases.size() << " cases (--hang-timeout "
            << run.hang_timeout_s << " s); finished cases are reported\n";
}

// The row the impl that lost the context keeps when its case is measured again without it.
ImplResult lost_row(ImplResult culprit) {
  culprit.reason +=
      "; it lost the CUDA context, so the case was measured again without it in a "
      "new process";
  return culprit;
}

// Measures the cases from where `lost` says the context was lost, in one worker after another,
// and reports them to `output`. Returns how the last worker ended.
WorkerEnd go_on_in_workers(const RunCases& run, WorkerEnd lost, RunOutput& output, bool& failed,
                           std::size_t& finished) {
  const RunInfo& info = *run.info;
  WorkerTask task;
  task.peak_copy_gbps = info.device.peak_copy_gbps;
  task.peak_copy_bytes = info.device.peak_copy_bytes;
  task.start_sm_clock_mhz = info.device.start_sm_clock_mhz;
  WorkerEvents events;
  events.case_started = [&](std::size_t n) {
    output.case_started(n, case_at(run, n).param_values);
  };
  events.impl_started = [&](const std::string& impl) { output.impl_started(impl); };
  events.case_done = [&](const std::vector<ResultEntry>& entries) {
    failed = failed || case_failed(entries);
    output.case_done(entries);
    ++finished;
  };
  while (lost.kind == WorkerEnd::Kind::context_lost) {
    const std::size_t n = lost.case_index;
    std::cerr << run.program << ": impl '" << lost.culprit.impl
              << "' lost the CUDA context in case " << n + 1 << " of "
              << run.selection->cases.size() << " (" << lost.culprit.reason
              << "); the run goes on in a new process\n";
    if (task.first_case != n) task.lost.clear();
    const bool again = std::any_of(task.lost.begin(), task.lost.end(), [&](const ImplResult& r) {
      return r.impl == lost.culprit.impl;
    });
    if (again) {
      lost.kind = WorkerEnd::Kind::failed;
      lost.message = "impl '" + lost.culprit.impl + "' was not to run in case " +
                     std::to_string(n + 1) + ", yet the context was lost there again";
      break;
    }
    task.first_case = n;
    task.lost.push_back(lost_row(lost.culprit));
    lost = run_worker(run.arguments, task, events);
  }
  return lost;
}

}  // namespace

void end_after_hang() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(exit_failed);
}

int measure_cases(const RunCases& run, CaseRunner& runner, RunOutput& output) {
  bool failed = false;
  std::size_t finished = 0;
  std::optional<WorkerEnd> lost;
  for (std::size_t n = 0; n < run.selection->cases.size() && !lost; ++n) {
    const CaseSpec& spec = case_at(run, n);
    output.case_started(n, spec.param_values);
    try {
      const CaseResult result = runner.run(spec, run.selection->impls);
      failed = failed || case_failed(result);
      output.case_done(result);
      ++finished;
    } catch (const StickyCudaError& e) {
      lost.emplace();
      lost->kind = WorkerEnd::Kind::context_lost;
      lost->case_index = n;
      lost->culprit = e.culprit();
    } catch (const HungImpl& e) {
      output.case_done(e.partial());
      output.end();
      say_hang(run, e.what(), n + 1);
      end_after_hang();
    }
  }
  if (!lost) {
    const int output_status = output.end();
    return failed ? exit_failed : output_status;
  }
  // This process cannot use the GPU again; the reset frees what it holds there for the workers.
  cudaDeviceReset();
  const WorkerEnd end = go_on_in_workers(run, *lost, output, failed, finished);
  output.end();
  if (end.kind == WorkerEnd::Kind::hang) {
    say_hang(run, end.message, finished);
  } else if (end.kind == WorkerEnd::Kind::failed) {
    std::cerr << run.program << ": error: " << end.message << "; the run stops after "
              << count_of(static_cast<long long>(finished), "case") << " of "
              << run.selection->cases.size() << ", finished cases are reported\n";
  }
  return exit_failed;
}

int measure_as_worker(const RunCases& run, CaseRunner& runner, WorkerChannel& channel,
                      const WorkerTask& task) {
  for (std::size_t n = task.first_case; n < run.selection->cases.size(); ++n) {
    channel.case_started(n);
    try {
      const CaseResult result =
          runner.run(case_at(run, n), run.selection->impls,
                     n == task.first_case ? task.lost : std::vector<ImplResult>{});
      channel.case_done(make_entries(*run.info, result));
    } catch (const StickyCudaError& e) {
      channel.context_lost(n, e.culprit());
      return exit_failed;
    } catch (const HungImpl& e) {
      channel.case_done(make_entries(*run.info, e.partial()));
      channel.hang(e.what());
      end_after_hang();
    }
  }
  channel.finished();
  return exit_ok;
}

}  // namespace jitbench::detail
