#include "case_runner.hpp"
#include "case_selection.hpp"
#include "ctest_resources.hpp"
#include "device.hpp"
#include "device_problem.hpp"
#include "gpu_wait.hpp"
#include "kernel_trace.hpp"
#include "run_cases.hpp"
#include "worker_process.hpp"
#include <jitbench/benchmark.hpp>
#include <jitbench/build_info.hpp>
#include <jitbench/cli.hpp>
#include <jitbench/format.hpp>
#include <jitbench/run_output.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>

namespace jitbench {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr int exit_no_device = 77;

// The command line with JITBENCH_ARGS's flags first.
std::vector<std::string> arguments_with_environment(int argc, char** argv,
                                                    const std::vector<std::string>& extra) {
  std::vector<std::string> args;
  if (argc > 0) args.emplace_back(argv[0]);
  args.insert(args.end(), extra.begin(), extra.end());
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return args;
}

// The folder of --out-dir, made when missing.
void make_out_dir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw UsageError("--out-dir: cannot make '" + dir + "': " + error.message());
}

std::string now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S%z", &local);
  return text;
}

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += argv[i];
  }
  return line;
}

int run(int argc, char** argv, const BenchmarkDesc& desc, const BuildInfo& build) {
  const std::string program = argc > 0 ? argv[0] : desc.name;
  CommandLine cl;
  std::vector<CaseSpec> cases;
  detail::Selection selection;
  const std::vector<std::string> environment = environment_arguments(std::getenv("JITBENCH_ARGS"));
  try {
    const std::vector<std::string> args = arguments_with_environment(argc, argv, environment);
    std::vector<const char*> arg_pointers;
    for (const std::string& a : args) arg_pointers.push_back(a.c_str());
    cl = parse_command_line(static_cast<int>(arg_pointers.size()), arg_pointers.data(),
                            parse_ci_environment(std::getenv("JITBENCH_CI")));
    if (cl.help) {
      std::cout << help_text(program);
      return exit_ok;
    }
    // Under `ctest -j`, the GPU CTest handed this test (add_jit_benchmark claims one).
    const auto ctest_device = detail::ctest_gpu(std::getenv("CTEST_RESOURCE_GROUP_COUNT"),
                                                std::getenv("CTEST_RESOURCE_GROUP_0_GPUS"));
    if (ctest_device && !cl.device_given) cl.settings.device = *ctest_device;
    cases = desc.make_cases(cl.settings.selection.ci);
    selection = detail::select_cases(desc, cases, cl.settings.selection);
    if (!cl.out_dir.empty() && !cl.settings.selection.list) {
      make_out_dir(cl.out_dir);
      cl.settings.output.out_path = out_dir_file(cl.out_dir, desc.name, cl.settings.selection);
    }
  } catch (const UsageError& e) {
    std::cerr << usage_line(program) << "\n" << program << ": error: " << e.what() << "\n";
    if (!environment.empty()) {
      std::cerr << program << ": (JITBENCH_ARGS adds '" << std::getenv("JITBENCH_ARGS")
                << "' before the command line)\n";
    }
    return exit_usage;
  }
  Settings& settings = cl.settings;
  // A worker carries on a run whose first process lost its CUDA context (worker_process.hpp):
  // the first process keeps the outputs and has said what a user needs to know.
  const std::optional<detail::WorkerTask> worker = detail::worker_task_from_environment();
  // Every output is checked before any device work: a bad path is found at once, GPU or not,
  // and by --list too, which is how a command line is tried without a GPU.
  std::optional<RunOutput> output;
  settings.output.benchmark = desc.name;
  settings.output.l2_mode = to_string(settings.measure.l2);
  try {
    if (!worker) output.emplace(settings.output, std::cout, std::cerr);
  } catch (const std::invalid_argument& e) {
    std::cerr << usage_line(program) << "\n" << program << ": error: " << e.what() << "\n";
    return exit_usage;
  }
  if (settings.selection.list) {
    detail::print_case_list(desc, cases, selection, std::cout);
    return exit_ok;
  }

  if (const auto problem = detail::find_device_problem(settings.device)) {
    std::cerr << program << ": " << *problem << "; "
              << count_of(static_cast<long long>(selection.cases.size()), "case") << " skipped\n";
    return exit_no_device;
  }
  if (settings.measure.verify_timing) {
    try {
      detail::load_cupti();
    } catch (const std::runtime_error& e) {
      std::cerr << program << ": error: " << e.what() << "\n";
      return exit_failed;
    }
  }

  detail::DeviceContext device(settings.device);
  const auto warning = missing_sass_warning(build, device.info().cc_major, device.info().cc_minor);
  if (warning && !worker) std::cerr << program << ": warning: " << *warning << "\n";
  std::optional<detail::WorkerChannel> channel;
  if (worker) channel.emplace(worker->channel_fd);
  // Before the first wait for the GPU: it sets the watch's limit.
  detail::CaseRunner runner(desc, settings.measure, device, [&](const std::string& impl) {
    if (channel) {
      channel->impl_started(impl);
    } else {
      output->impl_started(impl);
    }
  });
  if (worker) {
    device.take_copy_peak(worker->peak_copy_gbps, worker->peak_copy_bytes,
                          worker->start_sm_clock_mhz);
  } else {
    device.measure_copy_peak();
  }

  RunInfo info;
  info.benchmark = desc.name;
  info.doc = desc.doc;
  info.param_names = desc.param_names;
  for (std::size_t i : selection.impls) info.impl_names.push_back(desc.impl_names[i]);
  info.reference = desc.reference;
  info.metrics = settings.output.metrics.empty() ? desc.metrics : settings.output.metrics;
  info.date = now_iso8601();
  info.jitbench_version = JITBENCH_VERSION;
  info.command_line = joined_command_line(argc, argv);
  info.device = device.info();
  info.build = build;
  info.l2_mode = to_string(settings.measure.l2);
  const Shard& shard = settings.selection.shard;
  if (shard.count > 1) info.shard = std::to_string(shard.index) + "/" + std::to_string(shard.count);
  info.max_noise = settings.measure.stopping.max_noise;
  info.case_count = selection.cases.size();

  detail::RunCases run_cases;
  run_cases.program = program;
  run_cases.arguments.assign(argv, argv + argc);
  run_cases.cases = &cases;
  run_cases.selection = &selection;
  run_cases.info = &info;
  run_cases.hang_timeout_s = settings.measure.hang_timeout_s;
  if (worker) return detail::measure_as_worker(run_cases, runner, *channel, *worker);
  output->begin(info);
  return detail::measure_cases(run_cases, runner, *output);
}

}  // namespace

int run_main(int argc, char** argv, const BenchmarkDesc& desc, const BuildInfo& build) {
  try {
    return run(argc, argv, desc, build);
  } catch (const std::exception& e) {
    std::cerr << (argc > 0 ? argv[0] : desc.name.c_str()) << ": error: " << e.what() << "\n";
    if (detail::gpu_watch().hung()) detail::end_after_hang();
    return exit_failed;
  }
}

}  // namespace jitbench
