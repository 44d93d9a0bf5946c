#pragma once

#include "schema/json.hpp"

#include <string>
#include <vector>

namespace jitbench::detail {

// What the HTML report draws, read from a results document (result_json.hpp). Both
// `jitbench-report` (files) and `--report` (the run in memory, turned into the same document)
// build this model, so the page does not depend on where the results came from.

// One impl at one case of one run.
struct ReportPoint {
  std::vector<std::string> params;  // in the run's param_names order
  std::string impl;
  std::string status = "ok";  // ok, skipped, mismatch, oom, error
  std::string reason;         // why it was not measured: the entry's error_message
  double time_us = 0;         // real_time: the median for jitbench's files [us]
  double noise = 0;           // relative standard error of the mean, a fraction
  double samples = 0;
  double bandwidth_gbps = 0;  // [GB/s = 1e9 B/s]; 0 when the file has none
  std::string flags;          // N noisy, E eager, M memcpy in graph, T throttled, V CUPTI
  bool noisy = false;

  bool measured() const { return status == "ok" && time_us > 0; }
};

// One results file: one run of one benchmark.
struct ReportRun {
  std::string label;  // names the run's series when several runs of a benchmark are drawn
  std::string benchmark;
  std::string doc;
  std::string device_name;
  std::string date;
  std::string l2_mode;
  std::string command_line;
  std::string jitbench_version;
  std::string cuda_architectures;  // of the benchmark's code, e.g. "sm_90"
  std::string build_type;
  double peak_copy_gbps = 0;  // the device's measured copy bandwidth; 0 when unknown
  std::vector<std::string> param_names;
  std::vector<std::string> impl_names;  // in the run's order, completed from the entries
  std::string reference;
  std::vector<ReportPoint> points;  // in the file's order
};

// Reads a results document. Throws std::runtime_error "what is wrong" (no source prefix) when it
// is not one: no "benchmarks" array, no entries, an entry without name, params or time.
ReportRun report_run_from_json(const JsonValue& document, const std::string& label);

// Reads and parses a results file; the label is the file name without directory and ".json".
// Throws std::runtime_error "PATH: what is wrong" (with LINE:COLUMN for malformed JSON).
ReportRun load_report_run(const std::string& path);

}  // namespace jitbench::detail
