#pragma once

#include <jitbench/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jitbench {

// The results of a run as every output writes them and every reader gives them back: one
// ResultsContext, then one ResultEntry an impl of each case. Their JSON follows Google
// Benchmark's schema, so that its compare.py and the dashboards that read its files work
// unchanged:
//
//   {"context": {"date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
//                "library_build_type", "json_schema_version", then jitbench's: device, clocks,
//                L2, driver, peak copy bandwidth, L2 mode, noise target, command line, ...},
//    "benchmarks": [{"name": "bench/param=value/.../impl", "run_name", "run_type": "iteration",
//                    "repetitions": 1, "repetition_index": 0, "threads": 1,
//                    "iterations": <samples>, "real_time": <median>, "cpu_time": <median>,
//                    "time_unit": "us", counters ("bandwidth_gbps", "noise", "samples", one a
//                    metric ...), "params": {...}, "impl", "status", "reason", "mode", "flags",
//                    ...}]}
//
// A failed, skipped or out-of-memory impl is an entry with "error_occurred": true and
// "error_message", as Google Benchmark writes errors. Figures are held as the file holds them
// (times in us, rounded to 10 significant digits), so that the table, CSV, JSON, --compare and
// the HTML page of a run agree to the last digit, whether they come from the run or its file.
//
//   std::vector<ResultEntry> entries = make_entries(info, case_result);
//   nlohmann::ordered_json j = entries[0];          // to_json
//   ResultEntry back = j.get<ResultEntry>();        // from_json; throws on a malformed entry

// Host facts for the context. Tests pass fixed ones so that output is reproducible.
struct HostInfo {
  std::string host_name;
  std::string executable;
  int num_cpus = 0;
  double mhz_per_cpu = 0;
  std::string library_build_type;  // "release" or "debug"
};
// This machine's facts; the executable is the first word of the command line.
HostInfo current_host(const std::string& command_line);

// The "context" of a results file. Fields a file lacks (Google Benchmark's files lack most)
// keep their defaults.
struct ResultsContext {
  HostInfo host;
  std::string date;  // ISO 8601
  int json_schema_version = 1;
  std::string jitbench_version;
  std::string benchmark;
  std::string doc;
  std::string command_line;
  int device_ordinal = 0;
  std::string device_name;
  std::string device_uuid;         // "GPU-...", as nvidia-smi -L prints it
  std::string compute_capability;  // "9.0"
  int sm_count = 0;
  double sm_clock_mhz = 0;
  double memory_clock_mhz = 0;
  std::int64_t l2_bytes = 0;
  std::int64_t memory_bytes = 0;
  std::string driver_version;      // "13.0"
  std::string runtime_version;     // "13.0"
  std::string cuda_architectures;  // of the benchmark's code: "sm_90"
  std::string build_type;
  double peak_copy_gbps = 0;  // [GB/s = 1e9 B/s]
  std::int64_t peak_copy_bytes = 0;
  double start_sm_clock_mhz = 0;  // throttling is read against it
  std::string l2_mode;
  std::string shard;  // "i/n" of --shard; empty for a whole run
  double max_noise = 0;
  std::vector<std::string> metrics;
  std::vector<std::string> param_names;
  std::vector<std::string> impl_names;
  std::string reference;
  std::size_t case_count = 0;
};

ResultsContext make_context(const RunInfo& info, const HostInfo& host);

// A metric's value as an entry holds it: a time in us, a fraction as it is (metrics.hpp).
struct MetricValue {
  std::string name;
  double value = 0;
};

// What --verify-timing found, in the units of the file.
struct TimingCheckEntry {
  double kernel_time_us = 0;
  double ratio = 0;
  double gap_us = 0;
  double warm_median_us = 0;
  bool disagrees = false;
  bool cold_not_slower = false;
  double traced_time_us = 0;
  bool trace_perturbs = false;
};

// One impl at one case of one run.
struct ResultEntry {
  std::string name;  // "qknorm/head_dim=128/gqa=4/T=bf16/fused": what comparisons match
  std::vector<std::pair<std::string, std::string>> params;  // in the run's order
  std::string impl;
  ImplStatus status = ImplStatus::ok;
  std::string reason;         // for every status but ok
  std::string error_message;  // what a table cell says when not measured: "skip: why", "OOM"

  // Measured impls only.
  double real_time_us = 0;  // the median
  std::size_t samples = 0;
  double noise = 0;                  // relative standard error of the mean, a fraction
  std::vector<MetricValue> metrics;  // the named ones, then the run's quantiles
  double bandwidth_gbps = 0;         // (bytes read + written) / median [GB/s = 1e9 B/s]
  double peak_fraction = 0;          // bandwidth / the device's measured copy peak
  std::optional<double> tflops;      // flops / median [TFLOP/s = 1e12 FLOP/s], when declared

  RunMode mode = RunMode::graph;
  std::string mode_reason;
  std::string flags;  // N, S, E, M, A, T, V, P, L, B (figures of the table's legend)
  bool noisy = false;
  bool too_few_samples = false;
  std::size_t discarded_samples = 0;
  double sm_clock_mhz = 0;
  bool memcpy_in_graph = false;
  std::optional<double> eager_median_us;
  double bytes_read = 0;     // [B] one call
  double bytes_written = 0;  // [B] one call
  double flops = 0;
  std::string rotation_plan;  // warm, rotate, flush_replay, flush_each_call
  int rotation_copies = 1;
  double cold_bytes_touched = 0;  // [B]
  double cold_bytes_copy = 0;     // [B]
  int calls_per_sample = 0;
  bool flushed = false;
  double case_wall_time_s = 0;
  std::optional<CheckResult> check;
  std::optional<TimingCheckEntry> timing_check;
  std::optional<double> jit_compile_s;  // a JIT impl: compiling its kernel, once a process [s]
  std::optional<bool> jit_cache_hit;    // a JIT impl: its kernel came from the disk cache

  bool measured() const { return status == ImplStatus::ok && real_time_us > 0; }
  // The value of a metric by name; nullopt when the entry does not have it.
  std::optional<double> metric(std::string_view metric_name) const;
};

// One entry a selected impl of the case, in the case's impl order: the figures of the results
// (bandwidth, peak fraction, TFLOP/s, the run's metrics) are computed here, once.
std::vector<ResultEntry> make_entries(const RunInfo& info, const CaseResult& result);

void to_json(nlohmann::ordered_json& json, const ResultsContext& context);
void from_json(const nlohmann::ordered_json& json, ResultsContext& context);
void to_json(nlohmann::ordered_json& json, const ResultEntry& entry);
// Throws std::runtime_error naming the field when a field is missing or of the wrong type. An
// entry of Google Benchmark (time_unit ns, no params) reads too.
void from_json(const nlohmann::ordered_json& json, ResultEntry& entry);

// A document as the JSON reporter and the finished --out file write it: indented by two.
std::string results_document(const ResultsContext& context,
                             const std::vector<ResultEntry>& entries);

}  // namespace jitbench
