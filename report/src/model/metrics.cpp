#include <jitbench/metrics.hpp>

#include <cctype>
#include <cstdlib>

namespace jitbench {

const std::vector<Metric>& named_metrics() {
  static const std::vector<Metric> metrics = {
      {"median", MetricUnit::time, [](const Summary& s) { return s.median; }},
      {"mean", MetricUnit::time, [](const Summary& s) { return s.mean; }},
      {"min", MetricUnit::time, [](const Summary& s) { return s.min; }},
      {"max", MetricUnit::time, [](const Summary& s) { return s.max; }},
      {"stddev", MetricUnit::time, [](const Summary& s) { return s.stddev; }},
      {"cv", MetricUnit::fraction, [](const Summary& s) { return s.cv; }},
  };
  return metrics;
}

namespace {

// NN of pNN as a number is written: "0", "5", "99.9"; no leading zero, no trailing one, no
// exponent, so that one quantile has one name.
bool is_percent_text(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const auto digits = [](std::string_view s) {
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return !s.empty();
  };
  if (!digits(whole) || (whole.size() > 1 && whole[0] == '0')) return false;
  if (dot == std::string_view::npos) return true;
  const std::string_view fraction = text.substr(dot + 1);
  return digits(fraction) && fraction.back() != '0';
}

}  // namespace

std::optional<Metric> find_metric(std::string_view name) {
  for (const Metric& m : named_metrics()) {
    if (m.name == name) return m;
  }
  if (name.size() < 2 || name[0] != 'p' || !is_percent_text(name.substr(1))) return std::nullopt;
  const double percent = std::strtod(std::string(name.substr(1)).c_str(), nullptr);
  if (percent > 100) return std::nullopt;
  Metric quantile{std::string(name), MetricUnit::time};
  quantile.quantile = percent / 100;
  return quantile;
}

std::string metric_names_text() {
  std::string text;
  for (const Metric& m : named_metrics()) text += m.name + ", ";
  text.resize(text.size() - 2);
  return text + " and pNN (p0 to p100, such as p20 or p99.9)";
}

double metric_value(const Metric& metric, const Summary& summary,
                    const std::vector<double>& sorted) {
  return metric.statistic ? metric.statistic(summary) : quantile_sorted(sorted, metric.quantile);
}

double metric_in_file_unit(const Metric& metric, double value) {
  return metric.unit == MetricUnit::time ? value * 1e6 : value;
}

double metric_in_table_unit(const Metric& metric, double file_value) {
  return metric.unit == MetricUnit::time ? file_value : file_value * 100;
}

std::string_view metric_table_unit(const Metric& metric) {
  return metric.unit == MetricUnit::time ? "us" : "%";
}

std::string metric_csv_column(const Metric& metric) {
  return metric.unit == MetricUnit::time ? metric.name + "_us" : metric.name;
}

}  // namespace jitbench
