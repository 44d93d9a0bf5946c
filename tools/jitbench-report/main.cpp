// jitbench-report: draws results files as one HTML page. Flags and file I/O only; the model,
// the layout and the page are in jitbench::report (jitbench/html_report.hpp), which --report
// uses too.

#include <jitbench/file_output.hpp>
#include <jitbench/html_report.hpp>
#include <jitbench/results_reader.hpp>

#include <cxxopts.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_input_error = 1;
constexpr int exit_usage = 2;

using jitbench::ReportRun;

// Two files with the same name in different folders would get the same series label: those
// runs are labelled by the path as given instead.
void disambiguate_labels(std::vector<ReportRun>& runs, const std::vector<std::string>& paths) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    for (std::size_t j = 0; j < runs.size(); ++j) {
      if (i != j && runs[i].label == runs[j].label && paths[i] != paths[j]) {
        runs[i].label = paths[i];
        runs[j].label = paths[j];
      }
    }
  }
}

// cxxopts takes a one-letter name as a short option only, but `--x PARAM` and `--y WHAT` are
// what the docs (and every benchmark's long flags) lead users to type: spell them as -x and -y.
std::vector<std::string> short_axis_flags(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (std::size_t i = 1; i < args.size(); ++i) {
    for (const char* axis : {"x", "y"}) {
      const std::string flag = std::string("--") + axis;
      if (args[i] == flag) {
        args[i] = flag.substr(1);
      } else if (args[i].rfind(flag + "=", 0) == 0) {
        const std::string value = args[i].substr(flag.size() + 1);
        args[i] = flag.substr(1);
        args.insert(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, value);
      }
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options options("jitbench-report",
                           "Draws jitbench results files (--out or --format json) as one "
                           "self-contained HTML page: charts and tables of every benchmark.");
  // clang-format off
  options.add_options()
    ("o,out", "Write the page here ('-': standard output)", cxxopts::value<std::string>(), "FILE")
    ("x", "The param along the x axis (default: the one with the most values)",
     cxxopts::value<std::string>(), "PARAM")
    ("y", "What the charts show: latency, bandwidth or both",
     cxxopts::value<std::string>()->default_value("both"), "WHAT")
    ("max-charts", "Charts a benchmark before the rest are folded into a list",
     cxxopts::value<std::size_t>()->default_value("12"), "N")
    ("title", "The page's title (default: the benchmarks' names)", cxxopts::value<std::string>(),
     "TEXT")
    ("inputs", "Results files", cxxopts::value<std::vector<std::string>>())
    ("h,help", "Print this help");
  // clang-format on
  options.parse_positional({"inputs"});
  options.positional_help("RESULTS.json|FOLDER [MORE ...]")
      .custom_help("-o report.html [--x PARAM] [--y latency|bandwidth|both]");

  std::vector<std::string> arg_text = short_axis_flags(argc, argv);
  std::vector<const char*> arg_pointers;
  for (const std::string& arg : arg_text) arg_pointers.push_back(arg.c_str());
  cxxopts::ParseResult args;
  try {
    args = options.parse(static_cast<int>(arg_pointers.size()), arg_pointers.data());
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "jitbench-report: " << e.what() << "\n" << options.help();
    return exit_usage;
  }
  if (args.count("help")) {
    std::cout << options.help();
    return exit_ok;
  }
  jitbench::ReportOptions report;
  const auto y = jitbench::y_axis_from_name(args["y"].as<std::string>());
  std::string problem;
  if (!args.count("inputs")) {
    problem = "no results file given";
  } else if (!args.count("out")) {
    problem = "-o FILE is required";
  } else if (!y) {
    problem = "--y: '" + args["y"].as<std::string>() + "' is not latency, bandwidth or both";
  } else if (args["max-charts"].as<std::size_t>() == 0) {
    problem = "--max-charts: must be at least 1";
  }
  if (!problem.empty()) {
    std::cerr << "jitbench-report: " << problem << "\n" << options.help();
    return exit_usage;
  }
  report.y = *y;
  report.max_charts = args["max-charts"].as<std::size_t>();
  if (args.count("x")) report.x_param = args["x"].as<std::string>();
  if (args.count("title")) report.title = args["title"].as<std::string>();

  const std::string out = args["out"].as<std::string>();
  try {
    std::vector<std::string> paths;
    for (const std::string& input : args["inputs"].as<std::vector<std::string>>()) {
      for (std::string& file : jitbench::results_files(input)) paths.push_back(std::move(file));
    }
    std::vector<ReportRun> runs;
    for (const std::string& path : paths) runs.push_back(jitbench::load_report_run(path));
    disambiguate_labels(runs, paths);
    if (out == "-") {
      jitbench::write_report_page(std::cout, runs, report);
    } else {
      jitbench::write_atomically(
          out, [&](std::ostream& file) { jitbench::write_report_page(file, runs, report); });
    }
  } catch (const std::runtime_error& e) {
    std::cerr << "jitbench-report: error: " << e.what() << "\n";
    return exit_input_error;
  }
  return exit_ok;
}
