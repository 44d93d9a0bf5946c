// The CSV and JSON reporters: both write each case as it finishes.
#include "figures.hpp"
#include "reporters/reporters.hpp"
#include "schema/json.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

namespace jitbench::detail {

namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csv_number(double value) {
  return std::isfinite(value) ? json_number(round_significant(value)) : "";
}

bool is_summary_metric(const std::string& metric) {
  return metric == "median" || metric == "mean" || metric == "min" || metric == "max" ||
         metric == "stddev" || metric == "cv";
}

class CsvReporter final : public Reporter {
 public:
  explicit CsvReporter(std::ostream& out) : out_(out) {}

  void begin(const RunInfo& info) override {
    info_ = info;
    std::vector<std::string> header = {"benchmark"};
    header.insert(header.end(), info.param_names.begin(), info.param_names.end());
    for (const char* name : {"impl", "status", "reason", "mode", "samples", "median_us", "mean_us",
                             "min_us", "max_us", "stddev_us", "cv", "noise"}) {
      header.emplace_back(name);
    }
    for (const std::string& m : info.metrics) {
      if (!is_summary_metric(m)) header.push_back(m + "_us");
    }
    for (const char* name : {"bandwidth_gbps", "peak_fraction", "tflops", "speedup", "flags",
                             "eager_median_us", "bytes_read", "bytes_written"}) {
      header.emplace_back(name);
    }
    write_row(header);
  }

  void report_case(const CaseResult& result) override {
    for (const ImplResult& impl : result.impls) {
      const bool ok = impl.status == ImplStatus::ok;
      std::vector<std::string> row = {info_.benchmark};
      for (std::size_t p = 0; p < info_.param_names.size(); ++p) {
        row.push_back(p < result.param_values.size() ? result.param_values[p] : "");
      }
      row.push_back(impl.impl);
      row.emplace_back(status_name(impl.status));
      row.push_back(ok ? "" : failure_text(impl));
      row.push_back(ok ? (impl.mode == RunMode::graph ? "graph" : "eager") : "");
      row.push_back(ok ? std::to_string(impl.summary.samples) : "");
      for (const char* metric : {"median", "mean", "min", "max", "stddev"}) {
        row.push_back(csv_number(impl_metric(impl, metric) * 1e6));
      }
      row.push_back(csv_number(impl_metric(impl, "cv")));
      row.push_back(ok ? csv_number(impl.summary.rse) : "");
      for (const std::string& m : info_.metrics) {
        if (!is_summary_metric(m)) row.push_back(csv_number(impl_metric(impl, m) * 1e6));
      }
      row.push_back(ok ? csv_number(impl.bandwidth_gbps) : "");
      row.push_back(ok ? csv_number(impl.peak_fraction) : "");
      row.push_back(ok && impl.tflops ? csv_number(*impl.tflops) : "");
      const auto x = speedup(result, info_.reference, impl);
      row.push_back(x ? csv_number(*x) : "");
      row.push_back(impl_flags(impl));
      row.push_back(impl.eager_median_s ? csv_number(*impl.eager_median_s * 1e6) : "");
      row.push_back(csv_number(result.bytes_read));
      row.push_back(csv_number(result.bytes_written));
      write_row(row);
    }
    out_.flush();
  }

  void end() override { out_.flush(); }

 private:
  void write_row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out_ << (i ? "," : "") << csv_field(fields[i]);
    }
    out_ << '\n';
  }

  std::ostream& out_;
  RunInfo info_;
};

// Writes the document that to_json(whole document, 2) would, piece by piece, so that a long
// run's entries are not all held in memory.
class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::ostream& out, std::optional<HostInfo> host)
      : out_(out), host_(std::move(host)) {}

  void begin(const RunInfo& info) override {
    info_ = info;
    entries_ = 0;
    out_ << "{\n  \"context\": ";
    write_json(out_, context_json(info, host_ ? *host_ : current_host(info.command_line)), 2, 1);
    out_ << ",\n  \"benchmarks\": [";
    out_.flush();
  }

  void report_case(const CaseResult& result) override {
    for (const JsonValue& entry : benchmark_entries(info_, result)) {
      out_ << (entries_++ ? ",\n    " : "\n    ");
      write_json(out_, entry, 2, 2);
    }
    out_.flush();
  }

  void end() override {
    out_ << (entries_ ? "\n  ]\n}\n" : "]\n}\n");
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::optional<HostInfo> host_;
  RunInfo info_;
  std::size_t entries_ = 0;
};

}  // namespace

std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out) {
  return std::make_unique<CsvReporter>(out);
}

std::unique_ptr<Reporter> make_json_reporter(std::ostream& out, std::optional<HostInfo> host) {
  return std::make_unique<JsonReporter>(out, std::move(host));
}

}  // namespace jitbench::detail
