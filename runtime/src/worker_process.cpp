#include "worker_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace jitbench::detail {

namespace {

constexpr const char* task_variable = "JITBENCH_WORKER";

using Json = nlohmann::ordered_json;

Json task_json(const WorkerTask& task) {
  Json lost = Json::array();
  for (const ImplResult& row : task.lost)
    lost.push_back({{"impl", row.impl}, {"reason", row.reason}});
  return {{"first_case", task.first_case},
          {"lost", lost},
          {"peak_copy_gbps", task.peak_copy_gbps},
          {"peak_copy_bytes", task.peak_copy_bytes},
          {"start_sm_clock_mhz", task.start_sm_clock_mhz},
          {"channel_fd", task.channel_fd}};
}

WorkerTask task_from_json(const Json& json) {
  WorkerTask task;
  task.first_case = json.at("first_case").get<std::size_t>();
  for (const Json& row : json.at("lost")) {
    ImplResult lost;
    lost.impl = row.at("impl").get<std::string>();
    lost.status = ImplStatus::error;
    lost.reason = row.at("reason").get<std::string>();
    task.lost.push_back(std::move(lost));
  }
  task.peak_copy_gbps = json.at("peak_copy_gbps").get<double>();
  task.peak_copy_bytes = json.at("peak_copy_bytes").get<std::int64_t>();
  task.start_sm_clock_mhz = json.at("start_sm_clock_mhz").get<double>();
  task.channel_fd = json.at("channel_fd").get<int>();
  return task;
}

// "exit status 3", "signal 11 (Segmentation fault)".
std::string how_it_ended(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

// Reads the worker's events until it closes the pipe; returns how it said it ended, or nullopt
// when it did not say.
std::optional<WorkerEnd> pass_events_on(FILE* pipe, const WorkerEvents& events) {
  char* line = nullptr;
  std::size_t capacity = 0;
  std::optional<WorkerEnd> end;
  while (getline(&line, &capacity, pipe) != -1) {
    const Json event = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (event.is_discarded() || !event.is_object()) continue;
    if (event.contains("case_started")) {
      events.case_started(event["case_started"].get<std::size_t>());
    } else if (event.contains("impl_started")) {
      events.impl_started(event["impl_started"].get<std::string>());
    } else if (event.contains("case_done")) {
      std::vector<ResultEntry> entries;
      for (const Json& entry : event["case_done"]) entries.push_back(entry.get<ResultEntry>());
      events.case_done(entries);
    } else if (event.contains("context_lost")) {
      end.emplace();
      end->kind = WorkerEnd::Kind::context_lost;
      end->case_index = event["context_lost"].get<std::size_t>();
      end->culprit.impl = event.at("impl").get<std::string>();
      end->culprit.status = ImplStatus::error;
      end->culprit.reason = event.at("reason").get<std::string>();
    } else if (event.contains("hang")) {
      end.emplace();
      end->kind = WorkerEnd::Kind::hang;
      end->message = event["hang"].get<std::string>();
    } else if (event.contains("finished")) {
      end.emplace();
    }
  }
  std::free(line);
  return end;
}

}  // namespace

WorkerEnd run_worker(const std::vector<std::string>& arguments, const WorkerTask& task,
                     const WorkerEvents& events) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("cannot make a pipe for a worker: ") +
                             std::strerror(errno));
  }
  WorkerTask with_channel = task;
  with_channel.channel_fd = fds[1];
  const std::string task_entry =
      std::string(task_variable) + "=" +
      task_json(with_channel).dump(-1, ' ', false, Json::error_handler_t::replace);

  // Built before fork: the child may only make async-signal-safe calls until it execs.
  std::vector<char*> argv;
  for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  const std::string prefix = std::string(task_variable) + "=";
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, prefix.c_str(), prefix.size()) != 0) envp.push_back(*e);
  }
  envp.push_back(const_cast<char*>(task_entry.c_str()));
  envp.push_back(nullptr);

  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error(std::string("cannot start a worker: ") + std::strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    fcntl(fds[1], F_SETFD, 0);  // the worker keeps its end across exec
    execve("/proc/self/exe", argv.data(), envp.data());
    static const char failed[] = "jitbench: cannot start a worker: exec of /proc/self/exe failed\n";
    ssize_t ignored = write(2, failed, sizeof(failed) - 1);
    (void)ignored;
    _exit(127);
  }
  close(fds[1]);
  FILE* pipe = fdopen(fds[0], "r");
  std::optional<WorkerEnd> end;
  if (pipe != nullptr) {
    end = pass_events_on(pipe, events);
    std::fclose(pipe);
  } else {
    close(fds[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (end) return *end;
  WorkerEnd failed;
  failed.kind = WorkerEnd::Kind::failed;
  failed.message = "the worker process ended with " + how_it_ended(status);
  return failed;
}

std::optional<WorkerTask> worker_task_from_environment() {
  const char* text = std::getenv(task_variable);
  if (text == nullptr) return std::nullopt;
  try {
    return task_from_json(Json::parse(text));
  } catch (const Json::exception& e) {
    throw std::runtime_error(std::string(task_variable) + " is not a worker's task: " + e.what());
  }
}

void WorkerChannel::case_started(std::size_t case_index) { send({{"case_started", case_index}}); }

void WorkerChannel::impl_started(const std::string& impl) { send({{"impl_started", impl}}); }

void WorkerChannel::case_done(const std::vector<ResultEntry>& entries) {
  Json list = Json::array();
  for (const ResultEntry& entry : entries) list.push_back(entry);
  send({{"case_done", list}});
}

void WorkerChannel::context_lost(std::size_t case_index, const ImplResult& culprit) {
  send({{"context_lost", case_index}, {"impl", culprit.impl}, {"reason", culprit.reason}});
}

void WorkerChannel::hang(const std::string& message) { send({{"hang", message}}); }

void WorkerChannel::finished() { send({{"finished", true}}); }

void WorkerChannel::send(const Json& event) {
  const std::string line = event.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the first process of the run stopped reading");
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace jitbench::detail
