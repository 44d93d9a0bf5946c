// The CSV reporter: a header row, then one row a case and impl, written as each case finishes.
#include "model/figures.hpp"
#include "reporters/reporters.hpp"
#include <jitbench/format.hpp>
#include <jitbench/metrics.hpp>

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

// A number as the JSON files write it, to 10 significant digits; empty when there is none.
std::string csv_number(std::optional<double> value) {
  return value && std::isfinite(*value) ? exact_number(round_significant(*value)) : "";
}

class CsvReporter final : public Reporter {
 public:
  explicit CsvReporter(std::ostream& out) : out_(out) {}

  void begin(const RunInfo& info) override {
    info_ = info;
    // The named metrics, then the run's quantiles.
    metrics_ = named_metrics();
    for (const std::string& name : info.metrics) {
      const auto metric = find_metric(name);
      if (metric && !metric->statistic) metrics_.push_back(*metric);
    }
    std::vector<std::string> header = {"benchmark"};
    header.insert(header.end(), info.param_names.begin(), info.param_names.end());
    for (const char* name : {"impl", "status", "reason", "mode", "samples"}) {
      header.emplace_back(name);
    }
    for (std::size_t m = 0; m < metrics_.size(); ++m) {
      header.push_back(metric_csv_column(metrics_[m]));
      if (m + 1 == named_metrics().size()) header.emplace_back("noise");
    }
    for (const char* name : {"bandwidth_gbps", "peak_fraction", "tflops", "speedup", "flags",
                             "eager_median_us", "bytes_read", "bytes_written"}) {
      header.emplace_back(name);
    }
    write_row(header);
  }

  void report_case(const std::vector<ResultEntry>& entries) override {
    for (const ResultEntry& e : entries) {
      const bool ok = e.status == ImplStatus::ok;
      const auto if_ok = [&](double value) { return ok ? csv_number(value) : ""; };
      std::vector<std::string> row = {info_.benchmark};
      for (std::size_t p = 0; p < info_.param_names.size(); ++p) {
        row.push_back(p < e.params.size() ? e.params[p].second : "");
      }
      row.push_back(e.impl);
      row.emplace_back(status_name(e.status));
      row.push_back(ok ? "" : e.error_message);
      row.push_back(ok ? (e.mode == RunMode::graph ? "graph" : "eager") : "");
      row.push_back(ok ? std::to_string(e.samples) : "");
      for (std::size_t m = 0; m < metrics_.size(); ++m) {
        row.push_back(csv_number(e.metric(metrics_[m].name)));
        if (m + 1 == named_metrics().size()) row.push_back(if_ok(e.noise));
      }
      row.push_back(if_ok(e.bandwidth_gbps));
      row.push_back(if_ok(e.peak_fraction));
      row.push_back(csv_number(e.tflops));
      row.push_back(csv_number(speedup(entries, info_.reference, e)));
      row.push_back(e.flags);
      row.push_back(csv_number(e.eager_median_us));
      row.push_back(csv_number(e.bytes_read));
      row.push_back(csv_number(e.bytes_written));
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
  std::vector<Metric> metrics_;
};

}  // namespace

std::unique_ptr<Reporter> make_csv_reporter(std::ostream& out) {
  return std::make_unique<CsvReporter>(out);
}

}  // namespace jitbench::detail
