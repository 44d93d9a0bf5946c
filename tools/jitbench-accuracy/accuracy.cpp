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

std::vector<AccuracyRow> accuracy_rows(const std::vector<ResultsFile>& runs) {
  std::vector<std::string> order;
  std::map<std::string, Samples> by_name;
  for (const ResultsFile& run : runs) {
    for (const ResultEntry& entry : run.entries) {
      if (!entry.measured() || !entry.timing_check) {
        throw std::runtime_error(run.source + ": " + entry.name +
                                 ": not measured with --verify-timing");
      }
      if (by_name.find(entry.name) == by_name.end()) order.push_back(entry.name);
      Samples& s = by_name[entry.name];
      s.median_us.push_back(entry.real_time_us);
      s.kernel_us.push_back(entry.timing_check->kernel_time_us);
      s.wall_s.push_back(entry.case_wall_time_s);
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
