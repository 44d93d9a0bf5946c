// The machine-readable reporters read back: JSON against Google Benchmark's schema, field by
// field, and CSV as a table with one row a case and impl.
#include "figures.hpp"
#include "reporters/reporters.hpp"
#include "result_fixture.hpp"
#include "schema/json.hpp"
#include <jitbench/reporter.hpp>
#include <jitbench/results.hpp>

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace jitbench {
namespace {

using detail::JsonValue;
using testing::fixture_cases;
using testing::fixture_info;

std::string render(std::string_view format, const RunInfo& info) {
  std::ostringstream out;
  auto reporter = make_reporter(format, out);
  reporter->begin(info);
  for (const CaseResult& c : fixture_cases()) reporter->report_case(c);
  reporter->end();
  return out.str();
}

// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(JsonReporter, ContextHasGoogleBenchmarkAndDeviceFields) {
  const JsonValue doc = detail::parse_json(render("json", fixture_info()));
  const JsonValue& c = doc.at("context");
  for (const char* key : {"date", "host_name", "executable", "library_build_type"}) {
    EXPECT_TRUE(c.at(key).is_string()) << key;
  }
  EXPECT_TRUE(c.at("num_cpus").is_number());
  EXPECT_TRUE(c.at("mhz_per_cpu").is_number());
  EXPECT_EQ(1, c.at("json_schema_version").number());
  EXPECT_EQ("2026-11-29T10:00:00+00:00", c.at("date").string());
  EXPECT_EQ("./bench_qknorm", c.at("executable").string());
  EXPECT_EQ("0.1.0", c.at("jitbench_version").string());
  EXPECT_EQ("NVIDIA H200", c.at("device_name").string());
  EXPECT_EQ(1980, c.at("sm_clock_mhz").number());
  EXPECT_EQ(3201, c.at("memory_clock_mhz").number());
  EXPECT_EQ(60 << 20, c.at("l2_bytes").number());
  EXPECT_EQ("13.0", c.at("driver_version").string());
  EXPECT_EQ("12.8", c.at("runtime_version").string());
  EXPECT_EQ("sm_90", c.at("cuda_architectures").string());
  EXPECT_EQ("Release", c.at("build_type").string());
  EXPECT_EQ(4260, c.at("peak_copy_gbps").number());
  EXPECT_EQ(1980, c.at("start_sm_clock_mhz").number());
  EXPECT_EQ("cold", c.at("l2_mode").string());
  EXPECT_EQ(0.005, c.at("max_noise").number());
  EXPECT_EQ("./bench_qknorm --ci --out run.json", c.at("command_line").string());
  EXPECT_EQ(3u, c.at("param_names").items().size());
  EXPECT_EQ("naive", c.at("reference").string());
}

TEST(JsonReporter, MeasuredEntryFollowsTheSchema) {
  const JsonValue doc = detail::parse_json(render("json", fixture_info()));
  const auto& entries = doc.at("benchmarks").items();
  ASSERT_EQ(15u, entries.size());  // 5 cases x 3 impls
  const JsonValue& e = entries[0];
  const std::vector<CaseResult> cases = fixture_cases();
  const ImplResult& expected = cases[0].impls[0];
  EXPECT_EQ("qknorm/head_dim=128/gqa=4/T=bf16/fused", e.at("name").string());
  EXPECT_EQ(e.at("name"), e.at("run_name"));
  EXPECT_EQ("iteration", e.at("run_type").string());
  EXPECT_EQ(1, e.at("repetitions").number());
  EXPECT_EQ(0, e.at("repetition_index").number());
  EXPECT_EQ(1, e.at("threads").number());
  EXPECT_EQ(7, e.at("iterations").number());
  EXPECT_EQ("us", e.at("time_unit").string());
  EXPECT_NEAR(expected.summary.median * 1e6, e.at("real_time").number(), 1e-12);
  EXPECT_EQ(e.at("real_time"), e.at("cpu_time"));
  EXPECT_EQ(e.at("real_time"), e.at("median"));
  EXPECT_NEAR(expected.bandwidth_gbps, e.at("bandwidth_gbps").number(), 1e-6);
  EXPECT_NEAR(expected.bandwidth_gbps * 1e9, e.at("bytes_per_second").number(), 1e3);
  EXPECT_NEAR(expected.summary.rse, e.at("noise").number(), 1e-11);
  EXPECT_NEAR(expected.summary.cv, e.at("cv").number(), 1e-11);
  EXPECT_EQ(7, e.at("samples").number());
  EXPECT_NEAR(expected.summary.min * 1e6, e.at("min").number(), 1e-9);
  EXPECT_NEAR(expected.summary.max * 1e6, e.at("max").number(), 1e-9);
  EXPECT_NEAR(expected.summary.mean * 1e6, e.at("mean").number(), 1e-9);
  EXPECT_NEAR(*expected.tflops, e.at("tflops").number(), 1e-6);
  EXPECT_EQ(nullptr, e.find("error_occurred"));
  EXPECT_EQ("128", e.at("params").at("head_dim").string());
  EXPECT_EQ("bf16", e.at("params").at("T").string());
  EXPECT_EQ("fused", e.at("impl").string());
  EXPECT_EQ("ok", e.at("status").string());
  EXPECT_EQ("graph", e.at("mode").string());
  EXPECT_EQ(1310720, e.at("bytes_read").number());
  EXPECT_EQ(655360, e.at("bytes_written").number());
  // Google Benchmark's counters are plain numbers at the top level of the entry.
  for (const auto& [key, value] : e.members()) {
    EXPECT_TRUE(value.is_number() || value.is_string() || value.is_bool() || key == "params" ||
                key == "check" || key == "timing_check")
        << key;
  }
}

TEST(JsonReporter, FlagsAndFailuresAreKept) {
  const JsonValue doc = detail::parse_json(render("json", fixture_info()));
  std::map<std::string, const JsonValue*> by_name;
  for (const JsonValue& e : doc.at("benchmarks").items()) by_name[e.at("name").string()] = &e;
  const JsonValue& noisy = *by_name.at("qknorm/head_dim=128/gqa=4/T=bf16/separate");
  EXPECT_EQ("N", noisy.at("flags").string());
  EXPECT_TRUE(noisy.at("noisy").boolean());
  const JsonValue& memcpy = *by_name.at("qknorm/head_dim=128/gqa=8/T=bf16/fused");
  EXPECT_EQ("M", memcpy.at("flags").string());
  EXPECT_NEAR(0.8123, memcpy.at("eager_median_us").number(), 1e-12);
  const JsonValue& eager = *by_name.at("qknorm/head_dim=128/gqa=8/T=bf16/separate");
  EXPECT_EQ("eager", eager.at("mode").string());
  EXPECT_NE("", eager.at("mode_reason").string());
  const JsonValue& disagrees = *by_name.at("qknorm/head_dim=128/gqa=4/T=bf16/naive");
  EXPECT_TRUE(disagrees.at("timing_check").at("disagrees").boolean());

  const JsonValue& skipped = *by_name.at("qknorm/head_dim=64/gqa=4/T=fp16/fused");
  EXPECT_TRUE(skipped.at("error_occurred").boolean());
  EXPECT_EQ("skip: head_dim == 64 && batch_size > 4096", skipped.at("error_message").string());
  EXPECT_EQ("skipped", skipped.at("status").string());
  EXPECT_EQ(0, skipped.at("iterations").number());
  const JsonValue& mismatch = *by_name.at("qknorm/head_dim=256/gqa=8/T=fp16/fused");
  EXPECT_EQ("mismatch", mismatch.at("status").string());
  EXPECT_FALSE(mismatch.at("check").at("passed").boolean());
  EXPECT_EQ(0.31, mismatch.at("check").at("max_error").number());
  EXPECT_EQ(17, mismatch.at("check").at("mismatches").number());
  EXPECT_EQ("oom", by_name.at("qknorm/head_dim=512/gqa=8/T=fp16/naive")->at("status").string());
}

TEST(Status, AHangRowSaysSoAndReadsBack) {
  ImplResult hung = testing::failed(
      "fused", ImplStatus::hang, "warm-up: a graph replay of 1024 calls still running after 5 s");
  EXPECT_EQ("hang: warm-up: a graph replay of 1024 calls still running after 5 s",
            detail::failure_text(hung));
  EXPECT_EQ("hang", detail::status_name(ImplStatus::hang));
  EXPECT_EQ(ImplStatus::hang, detail::status_from_name("hang"));
}

TEST(Flags, ColdNotSlowerThanWarmIsFlaggedL) {
  std::vector<CaseResult> cases = fixture_cases();
  ImplResult& impl = cases[0].impls[2];  // measured with --verify-timing in the fixture
  ASSERT_TRUE(impl.timing_check.has_value());
  impl.timing_check->disagrees = false;
  impl.timing_check->cold_not_slower = true;
  EXPECT_EQ("L", detail::impl_flags(impl));
  std::ostringstream out;
  auto reporter = make_reporter("text", out);
  reporter->begin(fixture_info());
  for (const CaseResult& c : cases) reporter->report_case(c);
  reporter->end();
  EXPECT_NE(out.str().find("L  cold L2 not slower than warm on a working set smaller than L2"),
            std::string::npos)
      << out.str();
}

TEST(JsonReporter, QuantileMetricsBecomeCounters) {
  RunInfo info = fixture_info();
  info.metrics = {"median", "p20", "p99.9"};
  const JsonValue doc = detail::parse_json(render("json", info));
  const JsonValue& e = doc.at("benchmarks").at(0);
  const std::vector<CaseResult> cases = fixture_cases();
  const ImplResult& expected = cases[0].impls[0];
  EXPECT_NEAR(quantile(expected.samples_s, 0.2) * 1e6, e.at("p20").number(), 1e-9);
  EXPECT_NEAR(quantile(expected.samples_s, 0.999) * 1e6, e.at("p99.9").number(), 1e-9);
}

TEST(JsonReporter, ReadsBackAsResults) {
  const detail::StoredRun run = detail::read_results(render("json", fixture_info()), "run.json");
  ASSERT_EQ(15u, run.results.size());
  EXPECT_TRUE(run.complete);
  EXPECT_EQ("NVIDIA H200", run.context.at("device_name").string());
  EXPECT_TRUE(run.results[0].measured);
  EXPECT_NEAR(fixture_cases()[0].impls[0].summary.median, run.results[0].time_s, 1e-15);
  EXPECT_FALSE(run.results[6].measured);
  EXPECT_EQ("skip: head_dim == 64 && batch_size > 4096", run.results[6].status);
}

TEST(CsvReporter, ParsesBackOneRowACaseAndImpl) {
  const auto rows = parse_csv(render("csv", fixture_info()));
  ASSERT_EQ(16u, rows.size());
  const std::vector<std::string>& header = rows[0];
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  for (const char* name : {"benchmark", "head_dim", "gqa", "T", "impl", "status", "reason",
                           "median_us", "noise", "bandwidth_gbps", "speedup", "flags"}) {
    EXPECT_TRUE(column.count(name)) << name;
  }
  for (const auto& row : rows) EXPECT_EQ(header.size(), row.size());
  const auto& first = rows[1];
  EXPECT_EQ("qknorm", first[column["benchmark"]]);
  EXPECT_EQ("128", first[column["head_dim"]]);
  EXPECT_EQ("fused", first[column["impl"]]);
  EXPECT_EQ("ok", first[column["status"]]);
  EXPECT_NEAR(0.5123, std::stod(first[column["median_us"]]), 1e-12);
  EXPECT_NEAR(1.734 / 0.5123, std::stod(first[column["speedup"]]), 1e-6);
  const auto& error = rows[11];
  EXPECT_EQ("separate", error[column["impl"]]);
  EXPECT_EQ("error: cudaErrorIllegalAddress: an illegal memory access was encountered",
            error[column["reason"]]);
  EXPECT_EQ("", error[column["median_us"]]);
}

TEST(CsvReporter, QuotesFieldsWithCommasQuotesAndNewlines) {
  RunInfo info = fixture_info();
  std::vector<CaseResult> cases = {fixture_cases()[2]};
  cases[0].impls[0].reason = "a, \"b\"\nc";
  std::ostringstream out;
  auto reporter = make_reporter("csv", out);
  reporter->begin(info);
  reporter->report_case(cases[0]);
  reporter->end();
  const auto rows = parse_csv(out.str());
  ASSERT_EQ(4u, rows.size());
  EXPECT_EQ("skip: a, \"b\"\nc", rows[1][6]);
}

}  // namespace
}  // namespace jitbench
