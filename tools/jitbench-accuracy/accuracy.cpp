#include "accuracy.hpp"

#include <jitbench/statistics.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <stdexcept>

namespace jitbench::accuracy {

namespace {

struct Samples {
  std::vector<double> median_us;
  std::vector<double> kernel_us;
  std::vector<double> wall_s;
};

std::string fixed(double value, int digits) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", digits, value);
  return text;
}

}  // namespace

std::vector<AccuracyRow> accuracy_rows(const std::vector<detail::JsonValue>& runs) {
  std::vector<std::string> order;
  std::map<std::string, Samples> by_name;
  for (const detail::JsonValue& run : runs) {
    for (const detail::JsonValue& entry : run.at("benchmarks").items()) {
      const std::string& name = entry.at("name").string();
      const detail::JsonValue* check = entry.find("timing_check");
      if (entry.at("status").string() != "ok" || check == nullptr || check->is_null()) {
        throw std::runtime_error(name + ": not measured with --verify-timing");
      }
      if (by_name.find(name) == by_name.end()) order.push_back(name);
      Samples& s = by_name[name];
      s.median_us.push_back(entry.at("median").number());
      s.kernel_us.push_back(check->at("kernel_time_us").number());
      s.wall_s.push_back(entry.at("case_wall_time_s").number());
    }
  }

  std::vector<AccuracyRow> rows;
  for (const std::string& name : order) {
    const Samples& s = by_name[name];
    const Summary medians = summarize(s.median_us);
    AccuracyRow row;
    row.name = name;
    row.runs = static_cast<int>(s.median_us.size());
    row.median_us = medians.mean;
    row.cv = medians.cv;
    row.kernel_us = summarize(s.kernel_us).mean;
    row.ratio = row.kernel_us > 0 ? row.median_us / row.kernel_us : 0;
    row.wall_s = summarize(s.wall_s).median;
    const bool close = row.kernel_us >= 5 ? std::fabs(row.ratio - 1) <= 0.03
                                          : std::fabs(row.median_us - row.kernel_us) <= 0.5;
    row.within_bounds = close && row.cv < 0.01;
    rows.push_back(row);
  }
  return rows;
}

void write_accuracy_table(std::ostream& out, const std::vector<AccuracyRow>& rows) {
  out << "| workload | runs | jitbench median [us] | CUPTI kernel [us] | ratio | CV over runs "
         "| wall a case [s] | within bounds |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const AccuracyRow& r : rows) {
    out << "| " << r.name << " | " << r.runs << " | " << fixed(r.median_us, 3) << " | "
        << fixed(r.kernel_us, 3) << " | " << fixed(r.ratio, 3) << " | " << fixed(r.cv * 100, 2)
        << "% | " << fixed(r.wall_s, 2) << " | " << (r.within_bounds ? "yes" : "no") << " |\n";
  }
}

}  // namespace jitbench::accuracy
