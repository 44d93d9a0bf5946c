#pragma once

#include "schema/json.hpp"
#include <jitbench/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace jitbench::detail {

// Results as JSON, in Google Benchmark's schema so that its compare.py and the dashboards that
// read its files work unchanged:
//
//   {"context": {"date", "host_name", "executable", "num_cpus", "mhz_per_cpu",
//                "library_build_type", "json_schema_version", then jitbench's: device, clocks,
//                L2, driver, peak copy bandwidth, L2 mode, noise target, command line, ...},
//    "benchmarks": [{"name": "bench/param=value/.../impl", "run_name", "run_type": "iteration",
//                    "repetitions": 1, "repetition_index": 0, "threads": 1,
//                    "iterations": <samples>, "real_time": <median>, "cpu_time": <median>,
//                    "time_unit": "us", counters ("bandwidth_gbps", "noise", "samples", ...),
//                    "params": {...}, "impl", "status", "reason", "mode", "flags", ...}]}
//
// A failed, skipped or out-of-memory impl is an entry with "error_occurred": true and
// "error_message", as Google Benchmark writes errors. The JSON reporter, the --out file and
// --compare all go through this file.

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

JsonValue context_json(const RunInfo& info, const HostInfo& host);
// One entry a selected impl of the case, in the case's impl order.
std::vector<JsonValue> benchmark_entries(const RunInfo& info, const CaseResult& result);

// One benchmark of a results file, as --compare needs it.
struct StoredResult {
  std::string name;
  bool measured = false;  // no error_occurred and a positive time
  std::string status;     // "ok", or why it was not measured ("error: ...", "skipped: ...")
  double time_s = 0;      // real_time, converted from its time_unit
  double noise = 0;       // relative standard error of the mean; 0 when the file has none
};
// Reads one entry; throws std::runtime_error when required fields are missing or mistyped.
StoredResult stored_result(const JsonValue& entry);

// A results file read back.
struct StoredRun {
  JsonValue context = JsonValue::object();
  std::vector<StoredResult> results;
  bool complete = true;  // false: the JSON lines of a run that did not finish
};
// Reads a results file: a whole document (ours or Google Benchmark's), or the JSON lines that a
// run cut short by a crash or Ctrl-C leaves in --out (a torn last line is dropped). Throws
// std::runtime_error "SOURCE:LINE:COLUMN: what is wrong" when it is neither.
StoredRun read_results(std::string_view text, const std::string& source);
// read_results on a file's contents; throws std::runtime_error when it cannot be read.
StoredRun load_results_file(const std::string& path);

}  // namespace jitbench::detail
