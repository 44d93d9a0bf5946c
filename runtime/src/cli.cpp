#include <jitbench/cli.hpp>
#include <jitbench/reporter.hpp>
#include <jitbench/statistics.hpp>

#include <cxxopts.hpp>

#include <algorithm>

namespace jitbench {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

cxxopts::Options make_options(std::string_view program) {
  const Settings d;
  cxxopts::Options options(std::string(program), "A jitbench benchmark: times every case of its "
                                                  "grid with CUDA graphs on a cold L2.");
  // clang-format off
  options.add_options()
    ("ci", "Run the CI subset of the grid (also JITBENCH_CI=1)")
    ("filter", "Select cases: k=v[,k=v], a value may be a list k=1|2", cxxopts::value<std::string>())
    ("impl", "Run only these impls: a,b", cxxopts::value<std::string>())
    ("list", "Print the selected cases, one a line, and run nothing")
    ("format", "Table format on stdout: text, md, csv, json", cxxopts::value<std::string>()->default_value(d.format))
    ("out", "Also write results to FILE (json), case by case", cxxopts::value<std::string>())
    ("metrics", "Latency columns: median, mean, min, max, stddev, cv, pNN", cxxopts::value<std::string>()->default_value("median"))
    ("l2", "L2 state when timing: cold or warm", cxxopts::value<std::string>()->default_value("cold"))
    ("no-graph", "Time eager launches (behind a spin kernel) instead of CUDA graph replays")
    ("max-noise", "Stop sampling when the relative standard error of the mean is below this [%]", cxxopts::value<double>()->default_value("0.5"))
    ("min-samples", "Samples at least, per impl", cxxopts::value<std::size_t>()->default_value(std::to_string(d.stopping.min_samples)))
    ("min-time", "GPU time sampled at least, per impl [s]", cxxopts::value<double>()->default_value("0.02"))
    ("timeout", "Sampling time at most, per case [s]; then the case is marked noisy", cxxopts::value<double>()->default_value("5"))
    ("warmup", "Warm-up time per impl before sampling [s]", cxxopts::value<double>()->default_value("0.01"))
    ("device", "CUDA device ordinal", cxxopts::value<int>()->default_value("0"))
    ("seed", "Seed for the input fill", cxxopts::value<std::uint64_t>()->default_value(std::to_string(d.seed)))
    ("no-check", "Skip the correctness check against the reference impl")
    ("compare", "Compare with an earlier --out/--format json result", cxxopts::value<std::string>())
    ("fail-on-regression", "With --compare: exit 3 when a case is slower by more than PCT %", cxxopts::value<double>())
    ("verify-timing", "Cross-check every case against CUPTI kernel times")
    ("verify-threshold", "Disagreement with CUPTI that flags a case [%]", cxxopts::value<double>()->default_value("5"))
    ("report", "Write an HTML report with plots to FILE at the end", cxxopts::value<std::string>())
    ("h,help", "Print this help");
  // clang-format on
  return options;
}

double positive(const cxxopts::ParseResult& r, const char* name) {
  const double v = r[name].as<double>();
  if (!(v > 0)) {
    throw UsageError(std::string("--") + name + " must be positive, got " + std::to_string(v));
  }
  return v;
}

}  // namespace

std::vector<FilterTerm> parse_filter(std::string_view text) {
  std::vector<FilterTerm> terms;
  for (const std::string& part : split(text, ',')) {
    const std::size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == part.size()) {
      throw UsageError("--filter: '" + part + "' is not k=v (values may be a list k=1|2)");
    }
    FilterTerm term{part.substr(0, eq), split(std::string_view(part).substr(eq + 1), '|')};
    for (const std::string& v : term.values) {
      if (v.empty()) throw UsageError("--filter: empty value in '" + part + "'");
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

std::string usage_line(std::string_view program) {
  return "usage: " + std::string(program) +
         " [--ci] [--filter k=v[,k=v]] [--impl a,b] [--list] [--format text|md|csv|json]"
         " [--out FILE] [--l2 cold|warm] [--no-graph] [--help] ...";
}

std::string help_text(std::string_view program) { return make_options(program).help(); }

CommandLine parse_command_line(int argc, const char* const* argv, bool environment_ci) {
  const std::string program = argc > 0 ? argv[0] : "benchmark";
  cxxopts::Options options = make_options(program);
  cxxopts::ParseResult r;
  try {
    r = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(e.what());
  }
  if (!r.unmatched().empty()) throw UsageError("unexpected argument '" + r.unmatched()[0] + "'");

  CommandLine cl;
  cl.help = r.count("help") > 0;
  Settings& s = cl.settings;
  s.ci = r.count("ci") > 0 || environment_ci;
  if (r.count("filter")) s.filter = parse_filter(r["filter"].as<std::string>());
  if (r.count("impl")) s.impls = split(r["impl"].as<std::string>(), ',');
  s.list = r.count("list") > 0;
  s.format = r["format"].as<std::string>();
  const auto formats = reporter_formats();
  if (std::find(formats.begin(), formats.end(), s.format) == formats.end()) {
    throw UsageError("--format: unknown format '" + s.format + "' (text, md, csv, json)");
  }
  if (r.count("out")) s.out_path = r["out"].as<std::string>();
  s.metrics = split(r["metrics"].as<std::string>(), ',');
  for (const std::string& m : s.metrics) {
    if (!is_metric_name(m)) {
      throw UsageError("--metrics: unknown metric '" + m +
                       "' (median, mean, min, max, stddev, cv, pNN)");
    }
  }
  const std::string l2 = r["l2"].as<std::string>();
  if (l2 != "cold" && l2 != "warm") throw UsageError("--l2: expected cold or warm, got '" + l2 + "'");
  s.l2 = l2 == "cold" ? L2Mode::cold : L2Mode::warm;
  s.use_graph = r.count("no-graph") == 0;
  s.stopping.max_noise = positive(r, "max-noise") / 100.0;
  s.stopping.min_samples = r["min-samples"].as<std::size_t>();
  s.stopping.min_time_s = r["min-time"].as<double>();
  if (s.stopping.min_time_s < 0) throw UsageError("--min-time must not be negative");
  s.stopping.timeout_s = positive(r, "timeout");
  s.warmup_s = r["warmup"].as<double>();
  if (s.warmup_s < 0) throw UsageError("--warmup must not be negative");
  s.device = r["device"].as<int>();
  if (s.device < 0) throw UsageError("--device must not be negative");
  s.seed = r["seed"].as<std::uint64_t>();
  s.check = r.count("no-check") == 0;
  if (r.count("compare")) s.compare_path = r["compare"].as<std::string>();
  if (r.count("fail-on-regression")) {
    if (s.compare_path.empty()) throw UsageError("--fail-on-regression needs --compare OLD.json");
    s.fail_on_regression_pct = r["fail-on-regression"].as<double>();
  }
  s.verify_timing = r.count("verify-timing") > 0;
  s.verify_threshold = positive(r, "verify-threshold") / 100.0;
  if (r.count("report")) s.report_path = r["report"].as<std::string>();
  return cl;
}

}  // namespace jitbench
