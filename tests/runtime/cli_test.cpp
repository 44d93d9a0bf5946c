// The command line: filters, values and the messages a bad one gets.
#include <jitbench/cli.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jitbench {
namespace {

CommandLine parse(std::vector<std::string> args, bool environment_ci = false) {
  args.insert(args.begin(), "bench");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data(), environment_ci);
}

std::string usage_error(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

std::string filter_error(const std::string& text) {
  try {
    parse_filter(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParseFilter, TermsAndValueLists) {
  const auto terms = parse_filter("head_dim=128,T=bf16|fp16");
  ASSERT_EQ(2u, terms.size());
  EXPECT_EQ("head_dim", terms[0].param);
  EXPECT_EQ(std::vector<std::string>{"128"}, terms[0].values);
  EXPECT_EQ("T", terms[1].param);
  EXPECT_EQ((std::vector<std::string>{"bf16", "fp16"}), terms[1].values);
}

TEST(ParseFilter, Errors) {
  EXPECT_EQ("--filter: 'head_dim' is not k=v (values may be a list k=1|2)",
            filter_error("head_dim"));
  EXPECT_EQ("--filter: '=128' is not k=v (values may be a list k=1|2)", filter_error("=128"));
  EXPECT_EQ("--filter: 'k=' is not k=v (values may be a list k=1|2)", filter_error("k="));
  EXPECT_EQ("--filter: '' is not k=v (values may be a list k=1|2)", filter_error("a=1,"));
  EXPECT_EQ("--filter: empty value in 'k=1||2'", filter_error("k=1||2"));
  EXPECT_EQ("--filter: empty value in 'k=1|'", filter_error("k=1|"));
  EXPECT_EQ("--filter: 'k' given twice (for either value, write k=1|2)", filter_error("k=1,k=2"));
}

TEST(CommandLine, Defaults) {
  const Settings s = parse({}).settings;
  const Settings d;
  EXPECT_FALSE(s.selection.ci);
  EXPECT_TRUE(s.selection.filter.empty());
  EXPECT_TRUE(s.selection.impls.empty());
  EXPECT_EQ("text", s.output.format);
  EXPECT_TRUE(s.output.metrics.empty());  // the benchmark's own
  EXPECT_EQ(L2Mode::cold, s.measure.l2);
  EXPECT_TRUE(s.measure.timer.use_graph);
  EXPECT_EQ(d.measure.stopping.max_noise, s.measure.stopping.max_noise);
  EXPECT_EQ(d.measure.stopping.min_samples, s.measure.stopping.min_samples);
  EXPECT_EQ(d.measure.stopping.min_time_s, s.measure.stopping.min_time_s);
  EXPECT_EQ(d.measure.stopping.timeout_s, s.measure.stopping.timeout_s);
  EXPECT_EQ(d.measure.timer.warmup_s, s.measure.timer.warmup_s);
  EXPECT_EQ(0, s.device);
  EXPECT_EQ(d.measure.seed, s.measure.seed);
  EXPECT_TRUE(s.measure.check);
  EXPECT_FALSE(s.output.fail_on_regression_pct);
  EXPECT_EQ(d.measure.verify_threshold, s.measure.verify_threshold);
}

TEST(CommandLine, EveryFlag) {
  const CommandLine cl = parse({"--ci",
                                "--filter",
                                "n=1|2",
                                "--impl",
                                "b,a",
                                "--list",
                                "--format=json",
                                "--out",
                                "o.json",
                                "--metrics",
                                "median,p20",
                                "--l2",
                                "warm",
                                "--no-graph",
                                "--max-noise",
                                "1",
                                "--min-samples",
                                "20",
                                "--min-time",
                                "0.5",
                                "--timeout",
                                "9",
                                "--warmup",
                                "0",
                                "--hang-timeout",
                                "2.5",
                                "--device",
                                "1",
                                "--seed",
                                "0x10",
                                "--no-check",
                                "--compare",
                                "old.json",
                                "--fail-on-regression",
                                "5",
                                "--verify-timing",
                                "--verify-threshold",
                                "2",
                                "--report",
                                "r.html"});
  const Settings& s = cl.settings;
  EXPECT_FALSE(cl.help);
  EXPECT_TRUE(s.selection.ci);
  EXPECT_EQ("n", s.selection.filter.at(0).param);
  EXPECT_EQ((std::vector<std::string>{"b", "a"}), s.selection.impls);
  EXPECT_TRUE(s.selection.list);
  EXPECT_EQ("json", s.output.format);
  EXPECT_EQ("o.json", s.output.out_path);
  EXPECT_EQ((std::vector<std::string>{"median", "p20"}), s.output.metrics);
  EXPECT_EQ(L2Mode::warm, s.measure.l2);
  EXPECT_FALSE(s.measure.timer.use_graph);
  EXPECT_DOUBLE_EQ(0.01, s.measure.stopping.max_noise);
  EXPECT_EQ(20u, s.measure.stopping.min_samples);
  EXPECT_EQ(0.5, s.measure.stopping.min_time_s);
  EXPECT_EQ(9, s.measure.stopping.timeout_s);
  EXPECT_EQ(0, s.measure.timer.warmup_s);
  EXPECT_EQ(2.5, s.measure.hang_timeout_s);
  EXPECT_EQ(1, s.device);
  EXPECT_EQ(16u, s.measure.seed);
  EXPECT_FALSE(s.measure.check);
  EXPECT_EQ("old.json", s.output.compare_path);
  EXPECT_EQ(5, s.output.fail_on_regression_pct.value());
  EXPECT_TRUE(s.measure.verify_timing);
  EXPECT_DOUBLE_EQ(0.02, s.measure.verify_threshold);
  EXPECT_EQ("r.html", s.output.report_path);
}

TEST(CommandLine, L2FlushMeansAFlushBeforeEveryCall) {
  EXPECT_EQ(L2Mode::flush, parse({"--l2", "flush"}).settings.measure.l2);
  EXPECT_STREQ("flush", to_string(L2Mode::flush));
}

TEST(CommandLine, EnvironmentCiMeansCi) {
  EXPECT_TRUE(parse({}, true).settings.selection.ci);
  EXPECT_TRUE(parse({"-h"}).help);
}

TEST(CommandLine, BadFlagsSayWhatWasWrong) {
  EXPECT_EQ("unknown flag '--bogus'", usage_error({"--bogus"}));
  EXPECT_EQ("unknown flag '-x'", usage_error({"-x"}));
  EXPECT_EQ("unexpected argument 'extra'", usage_error({"extra"}));
  EXPECT_EQ("--format: unknown format 'xml' (text, md, csv, json)",
            usage_error({"--format", "xml"}));
  EXPECT_EQ("--l2: expected cold, warm or flush, got 'hot'", usage_error({"--l2", "hot"}));
  EXPECT_EQ(
      "--metrics: unknown metric 'p200'; metrics are median, mean, min, max, stddev, cv and pNN "
      "(p0 to p100, such as p20 or p99.9)",
      usage_error({"--metrics", "median,p200"}));
  EXPECT_EQ("--metrics: 'median' given twice", usage_error({"--metrics", "median,median"}));
  EXPECT_EQ("--impl: empty name in 'a,,b'", usage_error({"--impl", "a,,b"}));
  EXPECT_EQ("--impl: 'a' given twice", usage_error({"--impl", "a,a"}));
  EXPECT_EQ("--max-noise: expected a number, got 'low'", usage_error({"--max-noise", "low"}));
  EXPECT_EQ("--max-noise: must be positive, got '0'", usage_error({"--max-noise", "0"}));
  EXPECT_EQ("--timeout: must be positive, got '-1'", usage_error({"--timeout=-1"}));
  EXPECT_EQ("--hang-timeout: must be positive, got '0'", usage_error({"--hang-timeout", "0"}));
  EXPECT_EQ("--min-time: must not be negative, got '-0.5'", usage_error({"--min-time=-0.5"}));
  EXPECT_EQ("--device: expected a whole number from 0 to 1023, got '-1'",
            usage_error({"--device=-1"}));
  EXPECT_EQ("--device: expected a whole number from 0 to 1023, got '1.5'",
            usage_error({"--device", "1.5"}));
  EXPECT_EQ("--min-samples: expected a whole number from 2 to 1073741824, got '1'",
            usage_error({"--min-samples", "1"}));
  EXPECT_EQ("--seed: expected a whole number from 0 to 18446744073709551615, got 'x'",
            usage_error({"--seed", "x"}));
  EXPECT_EQ("--fail-on-regression needs --compare OLD.json",
            usage_error({"--fail-on-regression", "5"}));
  EXPECT_EQ("--fail-on-regression: must not be negative, got '-5'",
            usage_error({"--compare", "a.json", "--fail-on-regression=-5"}));
  EXPECT_EQ("--filter: 'n' is not k=v (values may be a list k=1|2)",
            usage_error({"--filter", "n"}));
  EXPECT_EQ("Option 'out' is missing an argument", usage_error({"--out"}));
}

TEST(CommandLine, RepeatedFiltersIntersect) {
  const Settings s = parse({"--filter", "batch=1", "--filter", "T=bf16|fp16", "--filter",
                            "T=fp32|fp16|bf16,gqa=4"})
                         .settings;
  ASSERT_EQ(3u, s.selection.filter.size());
  EXPECT_EQ("batch", s.selection.filter[0].param);
  EXPECT_EQ("T", s.selection.filter[1].param);
  EXPECT_EQ((std::vector<std::string>{"bf16", "fp16"}), s.selection.filter[1].values);
  EXPECT_EQ("gqa", s.selection.filter[2].param);
  EXPECT_EQ("--filter: T=bf16 and T=fp16|fp32 have no value in common",
            usage_error({"--filter", "T=bf16", "--filter", "T=fp16|fp32"}));
}

TEST(CommandLine, RepeatedListsJoin) {
  const Settings s =
      parse({"--impl", "a", "--impl", "b,c", "--metrics", "median", "--metrics", "p20"}).settings;
  EXPECT_EQ((std::vector<std::string>{"a", "b", "c"}), s.selection.impls);
  EXPECT_EQ((std::vector<std::string>{"median", "p20"}), s.output.metrics);
  EXPECT_EQ("--impl: 'a' given twice", usage_error({"--impl", "a,b", "--impl", "a"}));
}

TEST(CommandLine, OtherFlagsGivenTwiceAreAnError) {
  EXPECT_EQ("--out given 2 times ('a.json', 'b.json'); give it once",
            usage_error({"--out", "a.json", "--out=b.json"}));
  EXPECT_EQ("--format given 3 times ('csv', 'json', 'csv'); give it once",
            usage_error({"--format", "csv", "--format", "json", "--format", "csv"}));
  EXPECT_EQ("--timeout given 2 times ('1', '1'); give it once",
            usage_error({"--timeout", "1", "--timeout", "1"}));
  // A switch given again says the same thing.
  EXPECT_TRUE(parse({"--ci", "--no-check", "--ci", "--no-check"}).settings.selection.ci);
}

TEST(CiEnvironment, AcceptsTheUsualSpellingsOfTrueAndFalse) {
  for (const char* yes : {"1", "true", "TRUE", "Yes", "on", "ON"}) {
    EXPECT_TRUE(parse_ci_environment(yes)) << yes;
  }
  for (const char* no : {"0", "false", "False", "no", "OFF", ""}) {
    EXPECT_FALSE(parse_ci_environment(no)) << no;
  }
  EXPECT_FALSE(parse_ci_environment(nullptr));
  for (const char* bad : {"maybe", "2", " 1", "truee"}) {
    try {
      parse_ci_environment(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ("JITBENCH_CI: expected 1, true, yes or on (CI grid) or 0, false, no or off, got '" +
                    std::string(bad) + "'",
                e.what());
    }
  }
}

TEST(EnvironmentArguments, AreTheWordsOfJitbenchArgs) {
  EXPECT_TRUE(environment_arguments(nullptr).empty());
  EXPECT_TRUE(environment_arguments(" \t ").empty());
  EXPECT_EQ((std::vector<std::string>{"--filter", "T=bf16,batch=1|2", "--out-dir", "r"}),
            environment_arguments("  --filter T=bf16,batch=1|2\t--out-dir   r "));
}

TEST(OutDir, NamesAFileABenchmarkItsGridAndAShard) {
  const SelectionSettings full;
  EXPECT_EQ("results/qknorm.json", out_dir_file("results", "qknorm", full));
  EXPECT_EQ("results/qknorm.json", out_dir_file("results/", "qknorm", full));
  SelectionSettings ci;
  ci.ci = true;
  EXPECT_EQ("results/qknorm.ci.json", out_dir_file("results", "qknorm", ci));
  SelectionSettings shard;
  shard.shard = Shard{2, 8};
  EXPECT_EQ("/tmp/r/qknorm.2of8.json", out_dir_file("/tmp/r", "qknorm", shard));
  EXPECT_EQ("r", parse({"--out-dir", "r"}).out_dir);
  EXPECT_EQ("--out-dir: empty folder name", usage_error({"--out-dir", ""}));
  EXPECT_EQ("--out and --out-dir: give one of them",
            usage_error({"--out-dir", "r", "--out", "a.json"}));
  EXPECT_EQ("--out-dir given 2 times ('r', 's'); give it once",
            usage_error({"--out-dir", "r", "--out-dir", "s"}));
}

TEST(CommandLine, HelpListsEveryFlagWithItsDefault) {
  // Long descriptions wrap; compare with the whitespace collapsed.
  std::string help;
  for (char c : help_text("bench")) {
    if (c == '\n') c = ' ';
    if (c != ' ' || help.empty() || help.back() != ' ') help += c;
  }
  for (const char* flag : {"--ci",
                           "--filter",
                           "--impl",
                           "--list",
                           "--format",
                           "--out",
                           "--metrics",
                           "--compare",
                           "--fail-on-regression",
                           "--report",
                           "--l2",
                           "--no-graph",
                           "--max-noise",
                           "--min-samples",
                           "--min-time",
                           "--timeout",
                           "--warmup",
                           "--hang-timeout",
                           "--device",
                           "--seed",
                           "--no-check",
                           "--verify-timing",
                           "--verify-threshold",
                           "--help"}) {
    EXPECT_NE(std::string::npos, help.find(flag)) << flag;
  }
  for (const char* default_text :
       {"(default: text)", "(default: cold)", "(default: 0.5)", "(default: 10)", "(default: 0.02)",
        "(default: 5)", "(default: 0.01)", "(default: 60)", "(default: every case)",
        "(default: all)", "(default: the benchmark's, else median)"}) {
    EXPECT_NE(std::string::npos, help.find(default_text)) << default_text << "\n" << help;
  }
  EXPECT_NE(std::string::npos, help.find("JITBENCH_CI=1"));
  EXPECT_NE(std::string::npos, help.find("Exit codes"));
  // One default a flag: --device's depends on CTest, so cxxopts must not add its own.
  const std::size_t device = help.find("--device");
  const std::string device_text = help.substr(device, help.find("--seed") - device);
  EXPECT_NE(std::string::npos, device_text.find("(default: the GPU CTest hands the test, else 0)"));
  EXPECT_EQ(device_text.find("(default:"), device_text.rfind("(default:")) << device_text;
}

TEST(CommandLine, UsageLineNamesTheMainFlags) {
  EXPECT_EQ(
      "usage: bench [--ci] [--filter k=v[,k=v]] [--impl a,b] [--list] [--format "
      "text|md|csv|json] [--out FILE] [--compare OLD.json [--fail-on-regression PCT]] [flags]; "
      "--help lists all",
      usage_line("bench"));
}

}  // namespace
}  // namespace jitbench
