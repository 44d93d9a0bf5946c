#include "grid_check.hpp"

#include "grid.hpp"
#include "jit_impl_loader.hpp"
#include "spec_loader.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace jitbench::gen {

namespace {

// One check of an expression of a JIT impl at every point; `limits` says what its value may be.
struct JitCheck {
  const SpecExpr* expr;
  std::string what;
  std::function<std::string(std::int64_t)> limits;  // why the value is wrong, or ""
  bool failed = false;
};

std::string in_range(std::int64_t value, std::int64_t low, std::int64_t high,
                     const std::string& expected) {
  return value < low || value > high ? expected : "";
}

// The checks of a JIT impl's launch geometry and argument values.
std::vector<JitCheck> jit_checks_of(const Impl& impl) {
  const JitImpl& jit = *impl.jit;
  const std::string of = " of impl '" + impl.name + "'";
  std::vector<JitCheck> checks;
  const char* axes[] = {"x", "y", "z"};
  for (std::size_t d = 0; d < jit.grid.size(); ++d) {
    const std::int64_t most = d == 0 ? 0x7fffffff : 65535;
    checks.push_back({&jit.grid[d], std::string("grid ") + axes[d] + of, [most](std::int64_t v) {
                        return in_range(v, 1, most,
                                        "a launch has 1 to " + std::to_string(most) + " blocks");
                      }});
  }
  for (std::size_t d = 0; d < jit.block.size(); ++d) {
    const std::int64_t most = d == 2 ? 64 : 1024;
    checks.push_back({&jit.block[d], std::string("block ") + axes[d] + of, [most](std::int64_t v) {
                        return in_range(v, 1, most,
                                        "a block has 1 to " + std::to_string(most) + " threads");
                      }});
  }
  if (jit.shared_mem) {
    checks.push_back({&*jit.shared_mem, "shared_mem" + of, [](std::int64_t v) {
                        return in_range(v, 0, std::numeric_limits<std::uint32_t>::max(),
                                        "dynamic shared memory is 0 or more bytes");
                      }});
  }
  for (std::size_t a = 0; a < jit.args.size(); ++a) {
    const JitArgument& arg = jit.args[a];
    if (!arg.value) continue;
    const JitScalarType* type = find_jit_scalar_type(arg.type);
    const std::string name = arg.type;
    checks.push_back(
        {&*arg.value, "argument " + std::to_string(a + 1) + of, [type, name](std::int64_t v) {
           if (type->kind != JitScalarType::integer) return std::string();
           return in_range(
               v, type->min, type->max,
               name + " holds " + std::to_string(type->min) + " to " + std::to_string(type->max));
         }});
  }
  return checks;
}

bool uses_sm_count(const JitImpl& jit) {
  const std::vector<const SpecExpr*> exprs = jit.expressions();
  return std::any_of(exprs.begin(), exprs.end(), [](const SpecExpr* e) {
    const std::vector<std::string> names = e->expr.names();
    return std::find(names.begin(), names.end(), jit_sm_count) != names.end();
  });
}

// One thing checked at every point: its first failing point is an error, and the points that
// fail after it are counted into that error's message.
struct PointFailures {
  bool failed = false;
  std::size_t error = 0;  // its error in Diagnostics::list()
  std::int64_t more = 0;  // points that fail after the first
};

// check_grid() as a class: the spec and where its errors go, shared by the checks at a point.
class GridCheck {
 public:
  GridCheck(const Spec& spec, Diagnostics& diag) : spec_(spec), diag_(diag) {}

  // Every expression at every point of the params' grid (types do not change integers): a
  // division by zero, an overflow or a negative size is reported once for each expression, at
  // its first point, with the number of other points where the expression fails too.
  void check_grid();

  // A tensor's size in bytes fits in 63 bits at its widest dtype; randperm(N) draws numel
  // distinct values from [0, N), so N is at least numel; the values arange and randperm write fit
  // an integer dtype.
  void check_tensor_values(const std::vector<std::int64_t>& values,
                           std::vector<PointFailures>& failures);

  // A term's `bytes` is part of its tensor: no more than the tensor holds, at every point and
  // for every dtype a type axis gives it.
  void check_partial_bytes(const std::vector<std::int64_t>& values,
                           std::vector<PointFailures>& failures);

  // A JIT impl's expressions at every point of the grid that skip_if keeps, and, where they use
  // `sm_count`, for sm_count = 1, 2, 4, ..., 1024: no division by zero or overflow, a launch
  // geometry every GPU takes, and argument values that their types hold.
  void check_jit_impl(const Impl& impl);

  // The point being checked, as messages say it ("head_dim=128, gqa=4"), with sm_count's value
  // when given.
  std::string at_point(std::optional<std::int64_t> sm_count = std::nullopt) const {
    return point_text(spec_, *point_,
                      sm_count ? std::string(jit_sm_count) + "=" + std::to_string(*sm_count) : "");
  }

 private:
  void error(SourceLoc loc, std::string message) { diag_.error(loc, std::move(message)); }

  // The check of `failures` fails at this point: an error the first time, a count after it.
  void fail(PointFailures& failures, SourceLoc loc, std::string message) {
    if (failures.failed) {
      ++failures.more;
      return;
    }
    failures.failed = true;
    failures.error = diag_.list().size();
    error(loc, std::move(message));
  }

  // Adds "(and at N more points)" to the error of each check that failed at more than one.
  void count_more(const std::vector<PointFailures>& all) {
    for (const PointFailures& f : all) {
      if (f.more == 0) continue;
      diag_.amend(f.error, " (and at " + std::to_string(f.more) + " more point" +
                               (f.more == 1 ? ")" : "s)"));
    }
  }

  const Spec& spec_;
  Diagnostics& diag_;
  const Point* point_ = nullptr;
};

void GridCheck::check_grid() {
  if (count_points(spec_, true, max_grid_cases) > max_grid_cases) {
    SourceLoc at = spec_.cases.empty() ? SourceLoc{} : spec_.cases.front().loc;
    if (!spec_.types.empty()) at = spec_.types.front().loc;
    if (!spec_.params.empty()) at = spec_.params.front().loc;
    error(at, "the grid has more than " + std::to_string(max_grid_cases) + " cases");
    return;
  }
  const std::int64_t points = count_points(spec_, false, max_grid_cases);
  struct Check {
    const SpecExpr* expr;
    std::string what;
    bool size;  // must not be negative
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
      if (term.bytes) {
        checks.push_back({&*term.bytes, term.in_elements ? "elements" : "bytes", true});
      }
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

  std::vector<PointFailures> check_failures(checks.size());
  std::vector<PointFailures> tensor_failures(spec_.tensors.size());
  std::vector<PointFailures> bytes_failures(spec_.reads.size() + spec_.writes.size());
  bool skip_failed = false;
  std::int64_t full_run = 0;
  std::int64_t ci_run = 0;
  for_each_point(spec_, false, [&](const Point& point) {
    point_ = &point;
    const std::vector<std::int64_t>& values = point.params;
    bool skipped = false;
    if (spec_.skip_if) {
      const EvalResult r = evaluate(spec_.skip_if->expr, values);
      if (r.error && !skip_failed) {
        error(spec_.skip_if->at(r.error->offset),
              r.error->message + " in skip_if at " + at_point());
        skip_failed = true;
      }
      skipped = r.error || r.value != 0;
    }
    if (skipped) return;
    ++full_run;
    if (point.ci) ++ci_run;
    for (std::size_t c = 0; c < checks.size(); ++c) {
      const Check& check = checks[c];
      const EvalResult r = evaluate(check.expr->expr, values);
      if (r.error) {
        fail(check_failures[c], check.expr->at(r.error->offset),
             r.error->message + " in " + check.what + " at " + at_point());
      } else if (check.size && r.value < 0) {
        fail(check_failures[c], check.expr->loc,
             check.what + " is " + std::to_string(r.value) + " at " + at_point() +
                 "; it must not be negative");
      }
    }
    check_tensor_values(values, tensor_failures);
    check_partial_bytes(values, bytes_failures);
  });
  count_more(check_failures);
  count_more(tensor_failures);
  count_more(bytes_failures);
  if (!diag_.empty() || !spec_.skip_if) return;
  if (full_run == 0) {
    error(spec_.skip_if->loc, "skip_if skips every case of the grid");
  } else if (ci_run == 0) {
    error(spec_.skip_if->loc, "skip_if skips every case of the CI grid");
  }
}

void GridCheck::check_tensor_values(const std::vector<std::int64_t>& values,
                                    std::vector<PointFailures>& failures) {
  for (std::size_t t = 0; t < spec_.tensors.size(); ++t) {
    const TensorDecl& tensor = spec_.tensors[t];
    std::int64_t numel = 1;
    bool overflow = false;
    for (const SpecExpr& dim : tensor.shape) {
      const EvalResult r = evaluate(dim.expr, values);
      if (r.error || r.value < 0) return;  // reported by check_grid
      overflow = overflow || __builtin_mul_overflow(numel, r.value, &numel);
    }
    const std::vector<std::string> dtypes = spec_.dtypes_of(tensor);
    std::int64_t widest = 1;
    for (const std::string& dtype : dtypes)
      widest = std::max<std::int64_t>(widest, dtype_bytes(dtype));
    std::int64_t bytes = 0;
    if (overflow || __builtin_mul_overflow(numel, widest, &bytes)) {
      fail(failures[t], tensor.loc,
           "tensor '" + tensor.name + "' has more than 2^63 bytes at " + at_point());
      continue;
    }
    // The largest value the fill writes: arange's last, or randperm's N - 1.
    std::int64_t largest = -1;
    std::string fill;
    SourceLoc at = tensor.loc;
    if (tensor.init == InitKind::arange) {
      largest = numel - 1;
      fill = "init: arange";
    } else if (tensor.randperm_range) {
      const EvalResult r = evaluate(tensor.randperm_range->expr, values);
      if (r.error) continue;  // reported by check_grid
      if (r.value < numel) {
        fail(failures[t], tensor.randperm_range->loc,
             "randperm(" + tensor.randperm_range->expr.text + ") of tensor '" + tensor.name +
                 "' draws " + std::to_string(numel) + " distinct values from [0, " +
                 std::to_string(r.value) + ") at " + at_point());
        continue;
      }
      largest = r.value - 1;
      fill = "randperm(" + tensor.randperm_range->expr.text + ")";
      at = tensor.randperm_range->loc;
    }
    for (const std::string& dtype : dtypes) {
      const auto type = parse_dtype(dtype);
      if (largest < 0 || !type || !dtype_is_integer(*type) ||
          static_cast<double>(largest) <= dtype_facts(*type).highest) {
        continue;
      }
      fail(failures[t], at,
           fill + " of tensor '" + tensor.name + "' writes values up to " +
               std::to_string(largest) + " at " + at_point() +
               (tensor.dtype_is_axis ? ", " + tensor.dtype + "=" + dtype : std::string()) + "; " +
               dtype_holds(dtype));
      break;
    }
  }
}

void GridCheck::check_partial_bytes(const std::vector<std::int64_t>& values,
                                    std::vector<PointFailures>& failures) {
  std::size_t n = 0;
  for (const auto* terms : {&spec_.reads, &spec_.writes}) {
    for (const TrafficTerm& term : *terms) {
      const std::size_t index = n++;
      if (!term.bytes || term.tensor.empty()) continue;
      const auto tensor = std::find_if(spec_.tensors.begin(), spec_.tensors.end(),
                                       [&](const TensorDecl& t) { return t.name == term.tensor; });
      if (tensor == spec_.tensors.end()) continue;
      const EvalResult bytes = evaluate(term.bytes->expr, values);  // elements: a count
      std::int64_t numel = 1;
      bool known = !bytes.error;
      for (const SpecExpr& dim : tensor->shape) {
        const EvalResult r = evaluate(dim.expr, values);
        known =
            known && !r.error && r.value >= 0 && !__builtin_mul_overflow(numel, r.value, &numel);
      }
      if (!known) continue;  // reported by check_grid
      if (term.in_elements) {
        if (bytes.value > numel) {
          fail(failures[index], term.bytes->loc,
               "elements of tensor '" + term.tensor + "' is " + std::to_string(bytes.value) +
                   " at " + at_point() + ", more than the " + std::to_string(numel) +
                   " elements the tensor holds");
        }
        continue;
      }
      for (const std::string& dtype : spec_.dtypes_of(*tensor)) {
        std::int64_t size = 0;
        if (__builtin_mul_overflow(numel, dtype_bytes(dtype), &size) || bytes.value <= size) {
          continue;
        }
        fail(failures[index], term.bytes->loc,
             "bytes of tensor '" + term.tensor + "' is " + std::to_string(bytes.value) + " at " +
                 at_point() +
                 (tensor->dtype_is_axis ? ", " + tensor->dtype + "=" + dtype : std::string()) +
                 ", more than the " + std::to_string(size) + " bytes the tensor holds");
        break;
      }
    }
  }
}

void GridCheck::check_jit_impl(const Impl& impl) {
  const JitImpl& jit = *impl.jit;
  const bool sm = uses_sm_count(jit);
  std::vector<std::int64_t> sm_counts = {1};
  if (sm) {
    for (std::int64_t n = 2; n <= 1024; n *= 2) sm_counts.push_back(n);
  }
  std::vector<JitCheck> checks = jit_checks_of(impl);
  std::vector<bool> let_failed(jit.lets.size(), false);

  const std::int64_t points = count_points(spec_, false, max_grid_cases);
  std::int64_t nodes = 0;
  for (const JitLet& let : jit.lets)
    nodes += static_cast<std::int64_t>(let.value.expr.nodes.size());
  for (const JitCheck& check : checks)
    nodes += static_cast<std::int64_t>(check.expr->expr.nodes.size());
  const std::int64_t steps = points * static_cast<std::int64_t>(sm_counts.size()) * nodes;
  if (steps > max_grid_evaluations) {
    error(impl.loc, "checking the expressions of impl '" + impl.name +
                        "' at every point of the grid takes " + std::to_string(steps) +
                        " steps; the limit is " + std::to_string(max_grid_evaluations));
    return;
  }

  // Expressions see the params, then sm_count, then the lets (spec.hpp, JitImpl).
  const std::size_t sm_index = spec_.params.size();
  std::vector<std::int64_t> values(sm_index + 1 + jit.lets.size());
  const auto at = [&] {
    return at_point(sm ? std::optional<std::int64_t>(values[sm_index]) : std::nullopt);
  };

  // The threads of a block, all its dimensions together.
  bool block_failed = false;
  const auto check_block_threads = [&] {
    std::int64_t threads = 1;
    for (std::size_t d = 0; d < jit.block.size(); ++d) {
      const EvalResult r = evaluate(jit.block[d].expr, values);
      // A dimension out of its own range is reported as that.
      if (r.error || r.value < 1 || r.value > (d == 2 ? 64 : 1024)) return true;
      threads *= r.value;
    }
    if (threads <= 1024) return true;
    error(jit.block.front().loc, "block of impl '" + impl.name + "' has " +
                                     std::to_string(threads) + " threads at " + at() +
                                     "; a block has at most 1024");
    return false;
  };

  for_each_point(spec_, false, [&](const Point& point) {
    point_ = &point;
    std::copy(point.params.begin(), point.params.end(), values.begin());
    const bool skipped = spec_.skip_if && evaluate(spec_.skip_if->expr, values).value != 0;
    for (std::size_t s = 0; !skipped && s < sm_counts.size(); ++s) {
      values[sm_index] = sm_counts[s];
      bool lets_ok = true;
      for (std::size_t l = 0; l < jit.lets.size() && lets_ok; ++l) {
        const SpecExpr& e = jit.lets[l].value;
        const EvalResult r = evaluate(e.expr, values);
        if (r.error) {
          if (!let_failed[l]) {
            error(e.at(r.error->offset), r.error->message + " in let '" + jit.lets[l].name +
                                             "' of impl '" + impl.name + "' at " + at());
          }
          let_failed[l] = true;
          lets_ok = false;
        }
        values[sm_index + 1 + l] = r.value;
      }
      if (lets_ok && !block_failed) block_failed = !check_block_threads();
      for (JitCheck& check : checks) {
        if (check.failed || !lets_ok) continue;
        const EvalResult r = evaluate(check.expr->expr, values);
        if (r.error) {
          error(check.expr->at(r.error->offset),
                r.error->message + " in " + check.what + " at " + at());
          check.failed = true;
          continue;
        }
        const std::string wrong = check.limits(r.value);
        if (!wrong.empty()) {
          error(check.expr->loc,
                check.what + " is " + std::to_string(r.value) + " at " + at() + "; " + wrong);
          check.failed = true;
        }
      }
    }
  });
}

}  // namespace

void check_grid(const Spec& spec, Diagnostics& diag) {
  GridCheck check(spec, diag);
  check.check_grid();
  if (!diag.empty()) return;
  for (const Impl& impl : spec.impls) {
    if (impl.jit) check.check_jit_impl(impl);
  }
}

}  // namespace jitbench::gen
