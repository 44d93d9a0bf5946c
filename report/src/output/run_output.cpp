#include "model/figures.hpp"
#include "output/out_file.hpp"
#include "output/progress.hpp"
#include <jitbench/compare.hpp>
#include <jitbench/file_output.hpp>
#include <jitbench/html_report.hpp>
#include <jitbench/reporter.hpp>
#include <jitbench/results_reader.hpp>
#include <jitbench/run_output.hpp>

#include <unistd.h>

#include <iostream>
#include <optional>
#include <stdexcept>

namespace jitbench {

namespace {

// A --compare file is a baseline for this run only when it holds cases of the same benchmark,
// measured with the same --l2; else every verdict compares unlike runs, or none is given and a
// regression gate passes on nothing.
void check_comparable(const ResultsFile& old_run, const OutputSettings& settings) {
  const std::string& path = settings.compare_path;
  const std::string old_benchmark = benchmark_of(old_run);
  if (!settings.benchmark.empty() &&
      (old_run.entries.empty() || old_benchmark != settings.benchmark)) {
    const std::string held =
        old_run.entries.empty() ? "no case at all" : "cases of '" + old_benchmark + "'";
    throw std::invalid_argument("--compare: " + path + " holds no case of benchmark '" +
                                settings.benchmark + "' (it holds " + held + ")");
  }
  const std::string& old_mode = old_run.context.l2_mode;
  if (!settings.l2_mode.empty() && !old_mode.empty() && old_mode != settings.l2_mode) {
    throw std::invalid_argument("--compare: " + path + " was measured with --l2 " + old_mode +
                                ", this run with --l2 " + settings.l2_mode +
                                ": compare runs of one L2 mode");
  }
}

}  // namespace

struct RunOutput::State {
  State(const OutputSettings& s, std::ostream& o, std::ostream& e)
      : settings(s), out(o), err(e), progress(e, &e == &std::cerr && isatty(2) == 1, clock) {}

  OutputSettings settings;
  std::ostream& out;
  std::ostream& err;
  SteadyClock clock;
  detail::Progress progress;
  std::unique_ptr<Reporter> reporter;
  std::optional<detail::OutFile> out_file;
  std::optional<ResultsFile> old_run;
  ResultsFile run;  // every case's entries, for --compare and --report
  RunInfo info;
  bool ended = false;
};

RunOutput::RunOutput(const OutputSettings& settings, std::ostream& out, std::ostream& err)
    : state_(std::make_unique<State>(settings, out, err)) {
  try {
    state_->reporter = make_reporter(settings.format, out);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--format: ") + e.what());
  }
  // Before --out: both may name the same file, and the old results must be read first.
  if (!settings.compare_path.empty()) {
    try {
      state_->old_run = load_results(settings.compare_path);
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(std::string("--compare: ") + e.what());
    }
    check_comparable(*state_->old_run, settings);
  }
  for (const auto& [flag, path] :
       {std::pair{"--out", settings.out_path}, {"--report", settings.report_path}}) {
    if (path.empty()) continue;
    try {
      check_writable(path);
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument(std::string(flag) + ": " + e.what());
    }
  }
}

RunOutput::~RunOutput() = default;

void RunOutput::begin(const RunInfo& info) {
  State& s = *state_;
  s.info = info;
  if (s.info.metrics.empty()) s.info.metrics = {"median"};
  s.reporter->begin(s.info);
  s.run.source = s.info.benchmark;
  s.run.context = make_context(s.info, current_host(s.info.command_line));
  if (!s.settings.out_path.empty()) {
    s.out_file.emplace(s.settings.out_path);
    s.out_file->begin(s.run.context);
  }
  s.progress.begin(s.info.case_count);
}

void RunOutput::case_started(std::size_t index, const std::vector<std::string>& param_values) {
  state_->progress.case_started(index, detail::case_label(state_->info.param_names, param_values));
}

void RunOutput::impl_started(const std::string& impl) { state_->progress.impl_started(impl); }

void RunOutput::case_done(const CaseResult& result) {
  case_done(make_entries(state_->info, result));
}

void RunOutput::case_done(const std::vector<ResultEntry>& entries) {
  State& s = *state_;
  // The file first: it is what survives a crash in the reporters or the next case.
  if (s.out_file) s.out_file->add(entries);
  s.reporter->report_case(entries);
  if (s.old_run || !s.settings.report_path.empty()) {
    s.run.entries.insert(s.run.entries.end(), entries.begin(), entries.end());
  }
  s.progress.case_done(entries);
}

int RunOutput::end() {
  State& s = *state_;
  if (s.ended) return 0;
  s.ended = true;
  int status = 0;
  s.progress.end();
  s.reporter->end();
  if (s.out_file) {
    try {
      s.out_file->finish();
    } catch (const std::runtime_error& e) {
      s.err << "jitbench: --out: " << e.what() << " (the results so far are in "
            << s.settings.out_path << " as JSON lines)\n";
      status = 1;
    }
  }
  std::vector<Comparison> comparisons;
  if (s.old_run) {
    comparisons = compare_results(s.old_run->entries, s.run.entries);
    // A table format on stdout takes the comparison after it, in its own form; csv and json
    // stay parseable.
    const bool markdown = s.settings.format == "md";
    std::ostream& sink = s.settings.format == "text" || markdown ? s.out : s.err;
    write_comparison(sink, comparisons, s.settings.compare_path,
                     markdown ? CompareFormat::markdown : CompareFormat::text);
    if (s.settings.fail_on_regression_pct) {
      const double percent = *s.settings.fail_on_regression_pct;
      const std::string failed = regression_report(comparisons, percent, /*missing_counts=*/false);
      if (!failed.empty()) {
        sink << failed;
        status = 3;
      }
    }
    sink.flush();
  }
  if (!s.settings.report_path.empty()) {
    try {
      write_atomically(s.settings.report_path,
                       [&](std::ostream& file) { write_html_report(file, s.run, comparisons); });
    } catch (const std::runtime_error& e) {
      s.err << "jitbench: --report: " << e.what() << '\n';
      if (status == 0) status = 1;
    }
  }
  return status;
}

}  // namespace jitbench
