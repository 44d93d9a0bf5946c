#include "html/report_layout.hpp"

#include "model/figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace jitbench::detail {

namespace {

template <typename T>
std::size_t index_of(std::vector<T>& items, const T& item) {
  const auto it = std::find(items.begin(), items.end(), item);
  if (it != items.end()) return static_cast<std::size_t>(it - items.begin());
  items.push_back(item);
  return items.size() - 1;
}

bool is_power_of_two(double value) {
  if (!(value >= 1) || value != std::floor(value)) return false;
  const double exponent = std::log2(value);
  return exponent == std::floor(exponent);
}

// The param with the most distinct values; the first of equals, so the grid order decides.
std::size_t default_x(const std::vector<const ReportRun*>& runs, std::size_t param_count) {
  std::size_t best = 0;
  std::size_t best_count = 0;
  for (std::size_t p = 0; p < param_count; ++p) {
    std::vector<std::string> values;
    for (const ReportRun* run : runs) {
      for (const ReportPoint& point : run->points) index_of(values, point.params[p]);
    }
    if (values.size() > best_count) {
      best = p;
      best_count = values.size();
    }
  }
  return best;
}

XAxis make_x_axis(const BenchmarkPlan& plan, std::size_t param) {
  XAxis x;
  x.param = plan.param_names.empty() ? "" : plan.param_names[param];
  x.param_index = param;
  if (plan.param_names.empty()) {
    x.values = {""};
    x.positions = {0};
    return x;
  }
  for (const ReportRun* run : plan.runs) {
    for (const ReportPoint& point : run->points) index_of(x.values, point.params[param]);
  }
  std::vector<double> numbers;
  for (const std::string& value : x.values) {
    const auto number = numeric_param(value);
    if (!number) break;
    numbers.push_back(*number);
  }
  if (numbers.size() != x.values.size()) {
    x.scale = XScale::category;
    for (std::size_t i = 0; i < x.values.size(); ++i) x.positions.push_back(static_cast<double>(i));
    return x;
  }
  std::vector<std::size_t> order(x.values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return numbers[a] < numbers[b]; });
  const bool log2 =
      x.values.size() > 1 && std::all_of(numbers.begin(), numbers.end(), is_power_of_two);
  x.scale = log2 ? XScale::log2 : XScale::linear;
  std::vector<std::string> sorted;
  for (std::size_t i : order) {
    sorted.push_back(x.values[i]);
    x.positions.push_back(log2 ? std::log2(numbers[i]) : numbers[i]);
  }
  x.values = std::move(sorted);
  return x;
}

void add_series_and_charts(BenchmarkPlan& plan) {
  std::vector<std::string> impls;
  for (const ReportRun* run : plan.runs) {
    for (const std::string& impl : run->impl_names) index_of(impls, impl);
  }
  for (std::size_t r = 0; r < plan.runs.size(); ++r) {
    for (const std::string& impl : plan.runs[r]->impl_names) {
      Series s;
      s.impl = impl;
      s.run = r;
      s.label = plan.runs.size() > 1 ? impl + " (" + plan.runs[r]->label + ")" : impl;
      s.color = index_of(impls, impl);
      plan.series.push_back(std::move(s));
    }
  }
  const bool has_x = !plan.param_names.empty();
  std::vector<std::vector<std::string>> combinations;  // the other params' values, grid order
  std::vector<std::string> other_names;
  for (std::size_t p = 0; p < plan.param_names.size(); ++p) {
    if (p != plan.x.param_index) other_names.push_back(plan.param_names[p]);
  }
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    const Series& series = plan.series[s];
    for (const ReportPoint& point : plan.runs[series.run]->points) {
      if (point.entry.impl != series.impl) continue;
      std::vector<std::string> others;
      for (std::size_t p = 0; p < point.params.size(); ++p) {
        if (!has_x || p != plan.x.param_index) others.push_back(point.params[p]);
      }
      const std::size_t c = index_of(combinations, others);
      if (c == plan.charts.size()) plan.charts.push_back({case_label(other_names, others), {}});
      ChartData& chart = plan.charts[c];
      chart.points.resize(plan.series.size(),
                          std::vector<const ReportPoint*>(plan.x.values.size()));
      const std::string x_value = has_x ? point.params[plan.x.param_index] : "";
      const auto at = std::find(plan.x.values.begin(), plan.x.values.end(), x_value);
      chart.points[s][static_cast<std::size_t>(at - plan.x.values.begin())] = &point;
    }
  }
}

}  // namespace

std::optional<double> numeric_param(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  const double number = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str() || !std::isfinite(number)) return std::nullopt;
  std::string_view unit(end);
  if (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  static const std::map<std::string_view, double> units = {{"", 1},
                                                           {"B", 1},
                                                           {"KiB", 1024.0},
                                                           {"MiB", 1048576.0},
                                                           {"GiB", 1073741824.0},
                                                           {"TiB", 1099511627776.0}};
  const auto it = units.find(unit);
  if (it == units.end()) return std::nullopt;
  return number * it->second;
}

std::vector<BenchmarkPlan> plan_report(const std::vector<ReportRun>& runs,
                                       const ReportOptions& options) {
  std::vector<BenchmarkPlan> plans;
  for (const ReportRun& run : runs) {
    auto plan = std::find_if(plans.begin(), plans.end(),
                             [&](const BenchmarkPlan& p) { return p.name == run.benchmark; });
    if (plan == plans.end()) {
      plans.push_back({run.benchmark, {}, run.param_names, {}, {}, {}});
      plan = plans.end() - 1;
    } else if (plan->param_names != run.param_names) {
      throw std::runtime_error("runs '" + plan->runs.front()->label + "' and '" + run.label +
                               "' of benchmark '" + run.benchmark +
                               "' have different params: they cannot share charts");
    }
    plan->runs.push_back(&run);
  }
  // --x applies to the benchmarks that have the param; the others keep their own x axis. A
  // param that no benchmark has is a mistake.
  const auto has_x = [&](const BenchmarkPlan& plan) {
    return std::find(plan.param_names.begin(), plan.param_names.end(), options.x_param) !=
           plan.param_names.end();
  };
  if (!options.x_param.empty() && std::none_of(plans.begin(), plans.end(), has_x)) {
    const BenchmarkPlan& plan = plans.front();
    std::string names;
    for (const std::string& name : plan.param_names) names += (names.empty() ? "" : ", ") + name;
    throw std::runtime_error("--x " + options.x_param + ": " +
                             (plans.size() == 1 ? "benchmark '" + plan.name +
                                                      "' has no such param (its params: " +
                                                      (names.empty() ? "none" : names) + ")"
                                                : "no benchmark of the report has that param"));
  }
  for (BenchmarkPlan& plan : plans) {
    std::size_t x = default_x(plan.runs, plan.param_names.size());
    const auto given = std::find(plan.param_names.begin(), plan.param_names.end(), options.x_param);
    if (!options.x_param.empty() && given != plan.param_names.end()) {
      x = static_cast<std::size_t>(given - plan.param_names.begin());
    }
    plan.x = make_x_axis(plan, x);
    add_series_and_charts(plan);
  }
  return plans;
}

}  // namespace jitbench::detail
