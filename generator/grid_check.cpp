#include "grid_check.hpp"

#include "grid.hpp"
#include "spec_loader.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace jitbench::gen {

namespace {

// check_grid() as a class: the spec and where its errors go, shared by the checks at a point.
class GridCheck {
 public:
  GridCheck(const Spec& spec, Diagnostics& diag) : spec_(spec), diag_(diag) {}

  // Every expression at every point of the params' grid (types do not change integers): a
  // division by zero, an overflow or a negative size is reported once for each expression, at
  // its first point.
  void check_grid();

  // randperm(N) draws numel distinct values from [0, N): N must be at least numel.
  void check_randperm(const std::vector<std::int64_t>& values, std::vector<bool>& failed);

  // A term's `bytes` is part of its tensor: no more than the tensor holds, at every point and
  // for every dtype a type axis gives it.
  void check_partial_bytes(const std::vector<std::int64_t>& values, std::vector<bool>& failed);

  // The dtypes a tensor takes over the grid: its own, or every value of its type axis.
  std::vector<std::string> dtypes_of(const TensorDecl& tensor) const;

  std::string point_text(const std::vector<std::int64_t>& values) const;

 private:
  void error(SourceLoc loc, std::string message) { diag_.error(loc, std::move(message)); }

  const Spec& spec_;
  Diagnostics& diag_;
};

void GridCheck::check_grid() {
  std::int64_t points = 1;
  std::int64_t cases = 1;
  for (const Param& param : spec_.params) {
    points *= static_cast<std::int64_t>(param.values.size());
    cases *= static_cast<std::int64_t>(param.values.size());
    if (cases > max_grid_cases) break;
  }
  for (const TypeAxis& axis : spec_.types) {
    if (cases > max_grid_cases) break;
    cases *= static_cast<std::int64_t>(axis.values.size());
  }
  if (cases > max_grid_cases) {
    error(spec_.params.empty() ? spec_.types.front().loc : spec_.params.front().loc,
          "the grid has more than " + std::to_string(max_grid_cases) + " cases");
    return;
  }
  struct Check {
    const SpecExpr* expr;
    std::string what;
    bool size;  // must not be negative
    bool failed = false;
  };
  std::vector<Check> checks;
  for (const TensorDecl& tensor : spec_.tensors) {
    for (std::size_t d = 0; d < tensor.shape.size(); ++d) {
      checks.push_back({&tensor.shape[d],
                        "dimension " + std::to_string(d) + " of tensor '" + tensor.name + "'",
                        true});
    }
    if (tensor.randperm_range) {
      checks.push_back(
          {&*tensor.randperm_range, "randperm() of tensor '" + tensor.name + "'", true});
    }
  }
  for (const auto* terms : {&spec_.reads, &spec_.writes}) {
    for (const TrafficTerm& term : *terms) {
      if (term.bytes) checks.push_back({&*term.bytes, "bytes", true});
    }
  }
  if (spec_.flops) checks.push_back({&*spec_.flops, "flops", true});
  std::int64_t nodes =
      spec_.skip_if ? static_cast<std::int64_t>(spec_.skip_if->expr.nodes.size()) : 0;
  for (const Check& check : checks)
    nodes += static_cast<std::int64_t>(check.expr->expr.nodes.size());
  if (nodes * points > max_grid_evaluations) {
    error(SourceLoc{1, 1}, "checking the spec's expressions at every point of the grid takes " +
                               std::to_string(nodes * points) + " steps; the limit is " +
                               std::to_string(max_grid_evaluations));
    return;
  }

  std::vector<bool> numel_failed(spec_.tensors.size(), false);
  std::vector<bool> bytes_failed(spec_.reads.size() + spec_.writes.size(), false);
  bool skip_failed = false;
  std::int64_t full_run = 0;
  std::int64_t ci_run = 0;
  std::vector<std::size_t> sizes;
  for (const Param& param : spec_.params) sizes.push_back(param.values.size());
  std::vector<std::int64_t> values(spec_.params.size());
  for (Odometer o(sizes); !o.done(); o.next()) {
    bool ci = true;
    for (std::size_t p = 0; p < spec_.params.size(); ++p) {
      const Param& param = spec_.params[p];
      values[p] = param.values[o.index()[p]];
      ci = ci && std::find(param.ci.begin(), param.ci.end(), values[p]) != param.ci.end();
    }
    bool skipped = false;
    if (spec_.skip_if) {
      const EvalResult r = evaluate(spec_.skip_if->expr, values);
      if (r.error && !skip_failed) {
        error(spec_.skip_if->at(r.error->offset),
              r.error->message + " in skip_if at " + point_text(values));
        skip_failed = true;
      }
      skipped = r.error || r.value != 0;
    }
    if (!skipped) {
      ++full_run;
      if (ci) ++ci_run;
      for (Check& check : checks) {
        if (check.failed) continue;
        const EvalResult r = evaluate(check.expr->expr, values);
        if (r.error) {
          error(check.expr->at(r.error->offset),
                r.error->message + " in " + check.what + " at " + point_text(values));
          check.failed = true;
        } else if (check.size && r.value < 0) {
          error(check.expr->loc, check.what + " is " + std::to_string(r.value) + " at " +
                                     point_text(values) + "; it must not be negative");
          check.failed = true;
        }
      }
      check_randperm(values, numel_failed);
      check_partial_bytes(values, bytes_failed);
    }
  }
  if (!diag_.empty() || !spec_.skip_if) return;
  if (full_run == 0) {
    error(spec_.skip_if->loc, "skip_if skips every case of the grid");
  } else if (ci_run == 0) {
    error(spec_.skip_if->loc, "skip_if skips every case of the CI grid");
  }
}

void GridCheck::check_randperm(const std::vector<std::int64_t>& values, std::vector<bool>& failed) {
  for (std::size_t t = 0; t < spec_.tensors.size(); ++t) {
    const TensorDecl& tensor = spec_.tensors[t];
    if (failed[t]) continue;
    std::int64_t numel = 1;
    bool overflow = false;
    for (const SpecExpr& dim : tensor.shape) {
      const EvalResult r = evaluate(dim.expr, values);
      if (r.error || r.value < 0) return;  // reported by check_grid
      overflow = overflow || __builtin_mul_overflow(numel, r.value, &numel);
    }
    std::int64_t bytes = 0;  // at the widest dtype, 8 bytes
    if (overflow || __builtin_mul_overflow(numel, 8, &bytes)) {
      error(tensor.loc,
            "tensor '" + tensor.name + "' has more than 2^63 bytes at " + point_text(values));
      failed[t] = true;
      continue;
    }
    if (!tensor.randperm_range) continue;
    const EvalResult r = evaluate(tensor.randperm_range->expr, values);
    if (!r.error && r.value < numel) {
      error(tensor.randperm_range->loc, "randperm(" + tensor.randperm_range->expr.text +
                                            ") of tensor '" + tensor.name + "' draws " +
                                            std::to_string(numel) + " distinct values from [0, " +
                                            std::to_string(r.value) + ") at " + point_text(values));
      failed[t] = true;
    }
  }
}

void GridCheck::check_partial_bytes(const std::vector<std::int64_t>& values,
                                    std::vector<bool>& failed) {
  std::size_t n = 0;
  for (const auto* terms : {&spec_.reads, &spec_.writes}) {
    for (const TrafficTerm& term : *terms) {
      const std::size_t index = n++;
      if (failed[index] || !term.bytes || term.tensor.empty()) continue;
      const auto tensor = std::find_if(spec_.tensors.begin(), spec_.tensors.end(),
                                       [&](const TensorDecl& t) { return t.name == term.tensor; });
      if (tensor == spec_.tensors.end()) continue;
      const EvalResult bytes = evaluate(term.bytes->expr, values);
      std::int64_t numel = 1;
      bool known = !bytes.error;
      for (const SpecExpr& dim : tensor->shape) {
        const EvalResult r = evaluate(dim.expr, values);
        known =
            known && !r.error && r.value >= 0 && !__builtin_mul_overflow(numel, r.value, &numel);
      }
      if (!known) continue;  // reported by check_grid
      for (const std::string& dtype : dtypes_of(*tensor)) {
        std::int64_t size = 0;
        if (__builtin_mul_overflow(numel, dtype_bytes(dtype), &size) || bytes.value <= size) {
          continue;
        }
        error(term.bytes->loc,
              "bytes of tensor '" + term.tensor + "' is " + std::to_string(bytes.value) + " at " +
                  point_text(values) +
                  (tensor->dtype_is_axis ? ", " + tensor->dtype + "=" + dtype : std::string()) +
                  ", more than the " + std::to_string(size) + " bytes the tensor holds");
        failed[index] = true;
        break;
      }
    }
  }
}

std::vector<std::string> GridCheck::dtypes_of(const TensorDecl& tensor) const {
  if (!tensor.dtype_is_axis) return {tensor.dtype};
  for (const TypeAxis& axis : spec_.types) {
    if (axis.name == tensor.dtype) return axis.values;
  }
  return {};
}

std::string GridCheck::point_text(const std::vector<std::int64_t>& values) const {
  if (spec_.params.empty()) return "the only point of the grid";
  std::string out;
  for (std::size_t p = 0; p < values.size(); ++p) {
    out += (p ? ", " : "") + spec_.params[p].name + "=" + std::to_string(values[p]);
  }
  return out;
}

}  // namespace

void check_grid(const Spec& spec, Diagnostics& diag) { GridCheck(spec, diag).check_grid(); }

}  // namespace jitbench::gen
