#include "case_selection.hpp"

#include "shard.hpp"
#include <jitbench/cli.hpp>

#include <algorithm>
#include <ostream>
#include <string>

namespace jitbench::detail {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::size_t index_of(const std::vector<std::string>& names, const std::string& name,
                     const char* what) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw UsageError(std::string("unknown ") + what + " '" + name + "'; known: " + join(names));
  }
  return static_cast<std::size_t>(it - names.begin());
}

}  // namespace

Selection select_cases(const BenchmarkDesc& desc, const std::vector<CaseSpec>& cases,
                       const SelectionSettings& settings) {
  Selection selection;
  if (settings.impls.empty()) {
    for (std::size_t i = 0; i < desc.impl_names.size(); ++i) selection.impls.push_back(i);
  } else {
    for (const std::string& name : settings.impls) {
      selection.impls.push_back(index_of(desc.impl_names, name, "impl in --impl"));
    }
  }

  std::vector<std::size_t> filter_params;
  for (const FilterTerm& term : settings.filter) {
    const std::size_t p = index_of(desc.param_names, term.param, "param in --filter");
    for (const std::string& value : term.values) {
      const bool in_grid = std::any_of(cases.begin(), cases.end(), [&](const CaseSpec& c) {
        return c.param_values[p] == value;
      });
      if (!in_grid) {
        std::vector<std::string> known;
        for (const CaseSpec& c : cases) {
          if (std::find(known.begin(), known.end(), c.param_values[p]) == known.end()) {
            known.push_back(c.param_values[p]);
          }
        }
        throw UsageError("--filter: " + term.param + "=" + value + " is not in the " +
                         (settings.ci ? "CI " : "") + "grid; values: " + join(known));
      }
    }
    filter_params.push_back(p);
  }

  for (std::size_t c = 0; c < cases.size(); ++c) {
    bool selected = true;
    for (std::size_t t = 0; t < settings.filter.size() && selected; ++t) {
      const auto& values = settings.filter[t].values;
      selected = std::find(values.begin(), values.end(), cases[c].param_values[filter_params[t]]) !=
                 values.end();
    }
    if (selected) selection.cases.push_back(c);
  }
  if (selection.cases.empty() && !settings.filter.empty()) {
    throw UsageError("--filter: no case of the " + std::string(settings.ci ? "CI " : "") +
                     "grid has all of these values together");
  }
  if (settings.shard.count > 1) {
    std::vector<double> costs;
    for (std::size_t c : selection.cases) costs.push_back(case_cost(cases[c]));
    std::vector<std::size_t> sharded;
    for (std::size_t position : shard_positions(costs, settings.shard)) {
      sharded.push_back(selection.cases[position]);
    }
    selection.cases = std::move(sharded);
  }
  return selection;
}

void print_case_list(const BenchmarkDesc& desc, const std::vector<CaseSpec>& cases,
                     const Selection& selection, std::ostream& out) {
  for (std::size_t c : selection.cases) {
    for (std::size_t p = 0; p < desc.param_names.size(); ++p) {
      out << (p > 0 ? " " : "") << desc.param_names[p] << "=" << cases[c].param_values[p];
    }
    if (!cases[c].skip_reason.empty()) out << "  (skip: " << cases[c].skip_reason << ")";
    out << "\n";
  }
}

}  // namespace jitbench::detail
