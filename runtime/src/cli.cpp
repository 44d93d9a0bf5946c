#include <jitbench/cli.hpp>
#include <jitbench/metrics.hpp>
#include <jitbench/reporter.hpp>

#include <cxxopts.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

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

template <class Names>
std::string joined(const Names& names, const char* separator) {
  std::string text;
  for (std::string_view name : names) text += (text.empty() ? "" : separator) + std::string(name);
  return text;
}

// A Settings default as help prints it: "0.5", not "0.500000".
std::string shown(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

cxxopts::Options make_options(std::string_view program) {
  const Settings d;
  const std::string formats = joined(reporter_formats(), ", ");
  cxxopts::Options options(std::string(program),
                           "A jitbench benchmark: times every case of its grid with CUDA graphs "
                           "on a cold L2.");
  options.custom_help("[flags]");
  options.set_width(100);
  auto text = [](const std::string& default_value) {
    return cxxopts::value<std::string>()->default_value(default_value);
  };
  auto required_text = [] { return cxxopts::value<std::string>(); };
  // Every value is read as text and converted here, so that a bad value is reported with the
  // flag's name and what it expects.
  // clang-format off
  options.add_options("Cases")
    ("ci", "Run the CI subset of the grid (also JITBENCH_CI=1)")
    ("filter", "Select cases: k=v[,k=v], a value may be a list k=1|2 (default: every case)", required_text(), "k=v")
    ("impl", "Run only these impls: a,b (default: all)", required_text(), "a,b")
    ("shard", "Run part i of n of the selected cases, balanced by their bytes (default: 1/1)", required_text(), "i/n")
    ("list", "Print the selected cases, one a line, and run nothing");
  options.add_options("Output")
    ("format", "Table format on stdout: " + formats, text(d.output.format), "FMT")
    ("out", "Also write results to FILE as JSON, case by case (default: none)", required_text(), "FILE")
    ("out-dir", "As --out, to DIR/<benchmark>.json (.ci.json for the CI grid, .<i>of<n>.json for a shard)", required_text(), "DIR")
    ("metrics", "Latency columns: " + metric_names_text() + " (default: the benchmark's, else median)", required_text(), "m,m")
    ("compare", "Compare with an earlier --out or --format json file", required_text(), "OLD.json")
    ("fail-on-regression", "With --compare: exit 3 when a case is slower by more than PCT % (beyond the noise), or failed where OLD.json measured it", required_text(), "PCT")
    ("report", "Write an HTML report to FILE at the end (default: none)", required_text(), "FILE");
  options.add_options("Measurement")
    ("l2", "L2 state when timing: cold, warm, or flush (cold by a flush before every call)", text("cold"), "MODE")
    ("no-graph", "Time eager launches (behind a spin kernel) instead of CUDA graph replays")
    ("max-noise", "Stop sampling when the relative standard error of the mean is below PCT %", text(shown(d.measure.stopping.max_noise * 100)), "PCT")
    ("min-samples", "Samples at least, per impl", text(std::to_string(d.measure.stopping.min_samples)), "N")
    ("min-time", "GPU time sampled at least, per impl [s]", text(shown(d.measure.stopping.min_time_s)), "S")
    ("timeout", "Sampling time at most, per case [s]; then the case is marked noisy", text(shown(d.measure.stopping.timeout_s)), "S")
    ("warmup", "Warm-up time per impl before sampling [s]", text(shown(d.measure.timer.warmup_s)), "S")
    ("hang-timeout", "Longest wait for the GPU [s]: work not done by then is a hang, and the run stops", text(shown(d.measure.hang_timeout_s)), "S")
    ("device", "CUDA device ordinal (default: the GPU CTest hands the test, else " + std::to_string(d.device) + ")", required_text(), "N")
    ("seed", "Seed for the input fill", text(std::to_string(d.measure.seed)), "N")
    ("no-check", "Skip the correctness check against the reference impl")
    ("verify-timing", "Cross-check every case against CUPTI kernel times")
    ("verify-threshold", "Disagreement with CUPTI that flags a case [%]", text(shown(d.measure.verify_threshold * 100)), "PCT")
    ("h,help", "Print this help");
  // clang-format on
  return options;
}

// cxxopts quotes names with typographic quotes on some builds; messages here use plain ones.
std::string plain_quotes(std::string message) {
  for (const char* quote : {"\u2018", "\u2019"}) {
    for (std::size_t at = message.find(quote); at != std::string::npos; at = message.find(quote)) {
      message.replace(at, std::char_traits<char>::length(quote), "'");
    }
  }
  return message;
}

std::string text_of(const cxxopts::ParseResult& r, const char* flag) {
  return r[flag].as<std::string>();
}

double number(const cxxopts::ParseResult& r, const char* flag) {
  const std::string text = text_of(r, flag);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !std::isfinite(value)) {
    throw UsageError(std::string("--") + flag + ": expected a number, got '" + text + "'");
  }
  return value;
}

double positive(const cxxopts::ParseResult& r, const char* flag) {
  const double value = number(r, flag);
  if (!(value > 0)) {
    throw UsageError(std::string("--") + flag + ": must be positive, got '" + text_of(r, flag) +
                     "'");
  }
  return value;
}

double non_negative(const cxxopts::ParseResult& r, const char* flag) {
  const double value = number(r, flag);
  if (value < 0) {
    throw UsageError(std::string("--") + flag + ": must not be negative, got '" + text_of(r, flag) +
                     "'");
  }
  return value;
}

// A whole number in [min, max], decimal or 0x hex.
std::uint64_t whole(const cxxopts::ParseResult& r, const char* flag, std::uint64_t min,
                    std::uint64_t max) {
  const std::string text = text_of(r, flag);
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 0);
  const bool digits = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]));
  if (!digits || end != text.c_str() + text.size() || errno != 0 || value < min || value > max) {
    throw UsageError(std::string("--") + flag + ": expected a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

// Every value each flag was given, in order: cxxopts keeps only the last.
using GivenFlags = std::map<std::string, std::vector<std::string>>;

GivenFlags given_flags(const cxxopts::ParseResult& r) {
  GivenFlags given;
  for (const cxxopts::KeyValue& flag : r.arguments()) given[flag.key()].push_back(flag.value());
  return given;
}

// Flags that may be given more than once: lists join, filters intersect, and a switch given
// again says the same thing. Any other flag given twice is an error, not a silent choice.
const char* const repeatable_flags[] = {"filter",   "impl",     "metrics",       "ci",  "list",
                                        "no-graph", "no-check", "verify-timing", "help"};

void reject_repeated_flags(const GivenFlags& given) {
  for (const auto& [flag, values] : given) {
    if (values.size() < 2 || std::find(std::begin(repeatable_flags), std::end(repeatable_flags),
                                       flag) != std::end(repeatable_flags)) {
      continue;
    }
    std::string shown;
    for (const std::string& value : values) shown += (shown.empty() ? "'" : ", '") + value + "'";
    throw UsageError("--" + flag + " given " + std::to_string(values.size()) + " times (" + shown +
                     "); give it once");
  }
}

// "a,b" with no empty or repeated names.
std::vector<std::string> name_list(const std::string& text, const char* flag) {
  std::vector<std::string> names = split(text, ',');
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      throw UsageError(std::string("--") + flag + ": empty name in '" + text + "'");
    }
    if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
        names.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw UsageError(std::string("--") + flag + ": '" + names[i] + "' given twice");
    }
  }
  return names;
}

// The terms of every --filter flag: a case must pass all of them, so a param that two flags
// name keeps the values both allow.
std::vector<FilterTerm> merged_filters(const std::vector<std::string>& flags) {
  std::vector<FilterTerm> merged;
  for (const std::string& text : flags) {
    for (FilterTerm& term : parse_filter(text)) {
      const auto earlier = std::find_if(merged.begin(), merged.end(),
                                        [&](const FilterTerm& t) { return t.param == term.param; });
      if (earlier == merged.end()) {
        merged.push_back(std::move(term));
        continue;
      }
      std::vector<std::string> both;
      for (const std::string& v : earlier->values) {
        if (std::find(term.values.begin(), term.values.end(), v) != term.values.end()) {
          both.push_back(v);
        }
      }
      if (both.empty()) {
        throw UsageError("--filter: " + earlier->param + "=" + joined(earlier->values, "|") +
                         " and " + term.param + "=" + joined(term.values, "|") +
                         " have no value in common");
      }
      earlier->values = std::move(both);
    }
  }
  return merged;
}

}  // namespace

bool parse_ci_environment(const char* value) {
  if (value == nullptr) return false;
  std::string lower;
  for (const char* c = value; *c != '\0'; ++c) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  }
  for (const char* yes : {"1", "true", "yes", "on"}) {
    if (lower == yes) return true;
  }
  for (const char* no : {"", "0", "false", "no", "off"}) {
    if (lower == no) return false;
  }
  const std::string expected = "expected 1, true, yes or on (CI grid) or 0, false, no or off";
  throw UsageError("JITBENCH_CI: " + expected + ", got '" + value + "'");
}

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
    for (const FilterTerm& earlier : terms) {
      if (earlier.param == term.param) {
        throw UsageError("--filter: '" + term.param + "' given twice (for either value, write " +
                         term.param + "=" + earlier.values[0] + "|" + term.values[0] + ")");
      }
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

std::vector<std::string> environment_arguments(const char* value) {
  std::vector<std::string> words;
  if (value == nullptr) return words;
  std::string word;
  for (const char* c = value;; ++c) {
    if (*c == '\0' || std::isspace(static_cast<unsigned char>(*c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      if (*c == '\0') break;
    } else {
      word += *c;
    }
  }
  return words;
}

std::string out_dir_file(const std::string& dir, const std::string& benchmark,
                         const SelectionSettings& selection) {
  std::string file = benchmark;
  if (selection.ci) file += ".ci";
  if (selection.shard.count > 1) {
    file +=
        "." + std::to_string(selection.shard.index) + "of" + std::to_string(selection.shard.count);
  }
  return dir + (dir.back() == '/' ? "" : "/") + file + ".json";
}

std::string usage_line(std::string_view program) {
  return "usage: " + std::string(program) +
         " [--ci] [--filter k=v[,k=v]] [--impl a,b] [--list] [--format " +
         joined(reporter_formats(), "|") +
         "] [--out FILE] [--compare OLD.json [--fail-on-regression PCT]] [flags]; --help lists "
         "all";
}

std::string help_text(std::string_view program) {
  return make_options(program).help({"Cases", "Output", "Measurement"}) +
         "\n--filter, --impl and --metrics may be repeated: filters intersect, lists join.\n"
         "JITBENCH_CI=1 (or true, yes, on) in the environment means --ci.\n"
         "JITBENCH_ARGS in the environment holds flags taken before the command line's (for runs\n"
         "that ctest starts), such as JITBENCH_ARGS='--filter T=bf16 --out-dir results'.\n"
         "Exit codes: 0 ok, 1 a case failed (correctness, error, hang), 2 bad usage, 3 "
         "regression\nbeyond --fail-on-regression, 77 no CUDA device.\n";
}

Shard parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  const auto number = [&](std::string_view digits) {
    if (digits.empty() || digits.size() > 4 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return 0;
    }
    return std::stoi(std::string(digits));
  };
  Shard shard;
  if (slash != std::string_view::npos) {
    shard.index = number(text.substr(0, slash));
    shard.count = number(text.substr(slash + 1));
  }
  if (slash == std::string_view::npos || shard.index < 1 || shard.count < 1 ||
      shard.index > shard.count) {
    throw UsageError("--shard: expected i/n with 1 <= i <= n, such as 2/4, got '" +
                     std::string(text) + "'");
  }
  return shard;
}

CommandLine parse_command_line(int argc, const char* const* argv, bool environment_ci) {
  const std::string program = argc > 0 ? argv[0] : "benchmark";
  cxxopts::Options options = make_options(program);
  cxxopts::ParseResult r;
  try {
    r = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::no_such_option& e) {
    const std::string message = plain_quotes(e.what());
    const std::size_t open = message.find('\'');
    const std::size_t close = message.find('\'', open + 1);
    const std::string name = message.substr(open + 1, close - open - 1);
    throw UsageError("unknown flag '" + std::string(name.size() == 1 ? "-" : "--") + name + "'");
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(plain_quotes(e.what()));
  }
  if (!r.unmatched().empty()) throw UsageError("unexpected argument '" + r.unmatched()[0] + "'");

  const GivenFlags given = given_flags(r);
  reject_repeated_flags(given);

  CommandLine cl;
  cl.help = r.count("help") > 0;
  Settings& s = cl.settings;
  s.selection.ci = r.count("ci") > 0 || environment_ci;
  if (r.count("filter")) s.selection.filter = merged_filters(given.at("filter"));
  // A list flag given twice is one list: --impl a --impl b is --impl a,b.
  if (r.count("impl")) s.selection.impls = name_list(joined(given.at("impl"), ","), "impl");
  if (r.count("shard")) s.selection.shard = parse_shard(text_of(r, "shard"));
  s.selection.list = r.count("list") > 0;
  s.output.format = text_of(r, "format");
  const auto formats = reporter_formats();
  if (std::find(formats.begin(), formats.end(), s.output.format) == formats.end()) {
    throw UsageError("--format: unknown format '" + s.output.format + "' (" +
                     joined(formats, ", ") + ")");
  }
  if (r.count("out")) s.output.out_path = text_of(r, "out");
  if (r.count("out-dir")) {
    if (r.count("out")) throw UsageError("--out and --out-dir: give one of them");
    cl.out_dir = text_of(r, "out-dir");
    if (cl.out_dir.empty()) throw UsageError("--out-dir: empty folder name");
  }
  if (r.count("metrics")) {
    s.output.metrics = name_list(joined(given.at("metrics"), ","), "metrics");
    for (const std::string& m : s.output.metrics) {
      if (!find_metric(m)) {
        throw UsageError("--metrics: unknown metric '" + m + "'; metrics are " +
                         metric_names_text());
      }
    }
  }
  const std::string l2 = text_of(r, "l2");
  if (l2 == "cold") {
    s.measure.l2 = L2Mode::cold;
  } else if (l2 == "warm") {
    s.measure.l2 = L2Mode::warm;
  } else if (l2 == "flush") {
    s.measure.l2 = L2Mode::flush;
  } else {
    throw UsageError("--l2: expected cold, warm or flush, got '" + l2 + "'");
  }
  s.measure.timer.use_graph = r.count("no-graph") == 0;
  s.measure.stopping.max_noise = positive(r, "max-noise") / 100.0;
  // The noise of a mean needs two samples.
  s.measure.stopping.min_samples = static_cast<std::size_t>(whole(r, "min-samples", 2, 1u << 30));
  s.measure.stopping.min_time_s = non_negative(r, "min-time");
  s.measure.stopping.timeout_s = positive(r, "timeout");
  s.measure.timer.warmup_s = non_negative(r, "warmup");
  s.measure.hang_timeout_s = positive(r, "hang-timeout");
  cl.device_given = r.count("device") > 0;
  if (cl.device_given) s.device = static_cast<int>(whole(r, "device", 0, 1023));
  s.measure.seed = whole(r, "seed", 0, ~std::uint64_t{0});
  s.measure.check = r.count("no-check") == 0;
  if (r.count("compare")) s.output.compare_path = text_of(r, "compare");
  if (r.count("fail-on-regression")) {
    if (s.output.compare_path.empty())
      throw UsageError("--fail-on-regression needs --compare OLD.json");
    s.output.fail_on_regression_pct = non_negative(r, "fail-on-regression");
  }
  s.measure.verify_timing = r.count("verify-timing") > 0;
  s.measure.verify_threshold = positive(r, "verify-threshold") / 100.0;
  if (r.count("report")) s.output.report_path = text_of(r, "report");
  return cl;
}

}  // namespace jitbench
