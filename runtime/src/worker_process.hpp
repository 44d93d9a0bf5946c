#pragma once

// After a CUDA error that loses the context (an illegal address, a trap), a process cannot use
// the GPU again. The run goes on in a worker: a new process of the same benchmark, started with
// the same command line and environment, which measures the cases from the one where the context
// was lost, without the impls that lost it there, and sends what happens back on a pipe. The
// first process keeps every output (the table, --out, the progress line), so that the run reads
// as one; a worker that loses the context in turn ends, and the next one starts where it left.
//
//   // the first process, its device reset:
//   WorkerEnd end = run_worker(argv, task, events);
//   // a worker, in run_main:
//   if (const std::optional<WorkerTask> task = worker_task_from_environment()) ...

#include <jitbench/result.hpp>
#include <jitbench/results.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jitbench::detail {

// What a worker is to do.
struct WorkerTask {
  std::size_t first_case = 0;    // into the selection's cases
  std::vector<ImplResult> lost;  // the rows of the impls that lost the context in first_case
  // The first process's measurements at its start (DeviceContext::measure_copy_peak), so that
  // every row of the run is read against the same peak and clock.
  double peak_copy_gbps = 0;
  std::int64_t peak_copy_bytes = 0;
  double start_sm_clock_mhz = 0;
  int channel_fd = -1;  // the pipe's end the worker writes its events to (run_worker sets it)
};

// What a worker reports, as it happens.
struct WorkerEvents {
  std::function<void(std::size_t case_index)> case_started;
  std::function<void(const std::string& impl)> impl_started;
  std::function<void(const std::vector<ResultEntry>& entries)> case_done;
};

// How a worker ended.
struct WorkerEnd {
  enum class Kind {
    finished,      // every case measured
    context_lost,  // in case_index, by culprit: the next worker starts there
    hang,          // message says what; the run must stop
    failed,        // it ended without saying why: message says how it ended
  };
  Kind kind = Kind::finished;
  std::size_t case_index = 0;
  ImplResult culprit;
  std::string message;
};

// Starts this executable (/proc/self/exe) with `arguments` (argv[0] first) as a worker for `task`,
// passes its events on as they come and returns how it ended.
WorkerEnd run_worker(const std::vector<std::string>& arguments, const WorkerTask& task,
                     const WorkerEvents& events);

// The task of this process when it is a worker; nullopt for a run started by a user. Throws
// std::runtime_error when the task cannot be read.
std::optional<WorkerTask> worker_task_from_environment();

// A worker's side of the pipe: one JSON line an event.
class WorkerChannel {
 public:
  WorkerChannel() = default;
  explicit WorkerChannel(int fd) : fd_(fd) {}

  void case_started(std::size_t case_index);
  void impl_started(const std::string& impl);
  void case_done(const std::vector<ResultEntry>& entries);
  void context_lost(std::size_t case_index, const ImplResult& culprit);
  void hang(const std::string& message);
  void finished();

 private:
  void send(const nlohmann::ordered_json& event);

  int fd_ = -1;
};

}  // namespace jitbench::detail
