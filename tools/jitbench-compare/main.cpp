// jitbench-compare OLD NEW: two runs compared case by case, offline, with the verdicts and
// summary of --compare. Flags and file I/O only; the comparison is jitbench::report's
// (jitbench/compare.hpp).

#include "results_inputs.hpp"
#include <jitbench/compare.hpp>

#include <cxxopts.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_input_error = 1;
constexpr int exit_usage = 2;
constexpr int exit_regression = 3;

// A percentage for --fail-on-regression: a number >= 0.
bool parse_percent(const std::string& text, double& percent) {
  char* end = nullptr;
  percent = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(percent) &&
         percent >= 0;
}

// A benchmark measured with another --l2 on each side: its verdicts compare unlike runs.
void warn_l2_modes(const jitbench::compare_tool::Side& old_side,
                   const jitbench::compare_tool::Side& new_side) {
  for (const auto& [benchmark, old_mode] : old_side.l2_modes) {
    const auto now = new_side.l2_modes.find(benchmark);
    if (now == new_side.l2_modes.end() || old_mode.empty() || now->second.empty() ||
        now->second == old_mode) {
      continue;
    }
    std::cerr << "jitbench-compare: warning: " << benchmark << " was measured with --l2 "
              << old_mode << " in OLD and --l2 " << now->second
              << " in NEW: its verdicts show the L2 mode's effect, not a change\n";
  }
}

// The benchmarks a side holds: 'a', 'b'.
std::string benchmarks_of(const jitbench::compare_tool::Side& side) {
  std::string text;
  for (const auto& entry : side.l2_modes) text += (text.empty() ? "'" : ", '") + entry.first + "'";
  return text.empty() ? "none" : text;
}

// Why OLD and NEW share no case. Where they hold the same benchmark, its cases are named
// differently on the two sides: a param or value renamed between the runs, most likely.
std::string no_common_case(const jitbench::compare_tool::Side& old_side,
                           const jitbench::compare_tool::Side& new_side) {
  const auto first_of = [](const jitbench::compare_tool::Side& side, const std::string& bench) {
    for (const auto& entry : side.entries) {
      if (entry.name.rfind(bench + "/", 0) == 0) return entry.name;
    }
    return std::string();
  };
  for (const auto& mode : old_side.l2_modes) {
    const std::string& bench = mode.first;
    if (new_side.l2_modes.count(bench) == 0) continue;
    const std::string old_name = first_of(old_side, bench);
    const std::string new_name = first_of(new_side, bench);
    if (old_name.empty() || new_name.empty()) continue;
    return "OLD and NEW have no case in common: both hold '" + bench +
           "', but under other case names (OLD's first: '" + old_name + "', NEW's: '" + new_name +
           "'); a param or value renamed between the runs? Rename one side's cases";
  }
  return "OLD and NEW have no case in common: OLD holds " + benchmarks_of(old_side) + ", NEW " +
         benchmarks_of(new_side);
}

void warn_repeated(const std::string& path, const std::vector<std::string>& repeated) {
  if (repeated.empty()) return;
  std::cerr << "jitbench-compare: warning: " << path << ": " << repeated.size()
            << (repeated.size() == 1 ? " name is" : " names are")
            << " in more than one file (first: " << repeated.front()
            << "); the first file's entry is compared\n";
}

}  // namespace

int main(int argc, char** argv) {
  cxxopts::Options options("jitbench-compare",
                           "Compares two jitbench runs case by case, offline: OLD and NEW are "
                           "results files (--out or --format json) or folders of them, matched "
                           "by benchmark, params and impl.");
  // clang-format off
  options.add_options()
    ("fail-on-regression", "Exit 3 when a case is slower by more than PCT % (beyond the noise), or is in OLD and failed or missing in NEW", cxxopts::value<std::string>(), "PCT")
    ("format", "text, or md for a Markdown table (a pull-request comment)", cxxopts::value<std::string>()->default_value("text"), "FMT")
    ("inputs", "OLD and NEW", cxxopts::value<std::vector<std::string>>())
    ("h,help", "Print this help");
  // clang-format on
  options.parse_positional({"inputs"});
  options.positional_help("OLD NEW").custom_help("[--format text|md] [--fail-on-regression PCT]");

  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    std::cerr << "jitbench-compare: " << e.what() << "\n" << options.help();
    return exit_usage;
  }
  if (args.count("help")) {
    std::cout << options.help();
    return exit_ok;
  }
  const std::string format = args["format"].as<std::string>();
  double percent = 0;
  std::string problem;
  if (!args.count("inputs") || args["inputs"].as<std::vector<std::string>>().size() != 2) {
    problem = "give two results files or folders: OLD NEW";
  }
  for (const char* flag : {"format", "fail-on-regression"}) {
    if (problem.empty() && args.count(flag) > 1) {
      problem = std::string("--") + flag + " given " + std::to_string(args.count(flag)) +
                " times; give it once";
    }
  }
  if (problem.empty() && format != "text" && format != "md") {
    problem = "--format: '" + format + "' is not text or md";
  } else if (problem.empty() && args.count("fail-on-regression") &&
             !parse_percent(args["fail-on-regression"].as<std::string>(), percent)) {
    problem = "--fail-on-regression: expected a percentage >= 0, got '" +
              args["fail-on-regression"].as<std::string>() + "'";
  }
  if (!problem.empty()) {
    std::cerr << "jitbench-compare: " << problem << "\n" << options.help();
    return exit_usage;
  }

  const auto inputs = args["inputs"].as<std::vector<std::string>>();
  std::vector<jitbench::Comparison> comparisons;
  try {
    const auto old_side = jitbench::compare_tool::load_side(inputs[0]);
    const auto new_side = jitbench::compare_tool::load_side(inputs[1]);
    warn_repeated(inputs[0], old_side.repeated);
    warn_repeated(inputs[1], new_side.repeated);
    warn_l2_modes(old_side, new_side);
    comparisons = jitbench::compare_results(old_side.entries, new_side.entries);
    const bool any_common =
        std::any_of(comparisons.begin(), comparisons.end(), [](const jitbench::Comparison& c) {
          return c.verdict != jitbench::Verdict::only_old &&
                 c.verdict != jitbench::Verdict::only_new;
        });
    if (!any_common) {
      throw std::runtime_error(no_common_case(old_side, new_side));
    }
  } catch (const std::runtime_error& e) {
    std::cerr << "jitbench-compare: error: " << e.what() << "\n";
    return exit_input_error;
  }
  jitbench::write_comparison(
      std::cout, comparisons, inputs[0],
      format == "md" ? jitbench::CompareFormat::markdown : jitbench::CompareFormat::text);
  if (args.count("fail-on-regression")) {
    const std::string failed =
        jitbench::regression_report(comparisons, percent, /*missing_counts=*/true);
    if (!failed.empty()) {
      std::cout << failed;
      return exit_regression;
    }
  }
  return exit_ok;
}
