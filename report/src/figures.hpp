#pragma once

#include <jitbench/format.hpp>
#include <jitbench/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::detail {

// The figures every reporter shows for a case, computed one way so that the text table, CSV,
// JSON and --compare agree to the last digit.

// Status as JSON and CSV name it: ok, skipped, mismatch, oom, error.
std::string_view status_name(ImplStatus status);
// Inverse of status_name; nullopt for an unknown name.
std::optional<ImplStatus> status_from_name(std::string_view name);

// What a table cell says for an impl that was not measured: "skip: <reason>", "OOM",
// "mismatch: <reason>", "error: <reason>". Empty for ok.
std::string failure_text(const ImplResult& impl);

// Flags of a measured impl, in this order: N noisy (timed out above --max-noise), S too few
// samples (timed out within --max-noise), E eager launches, M memcpy/memset nodes in the graph,
// T samples discarded while throttled, V CUPTI kernel time disagrees, L cold not slower than
// warm below L2. Empty when none applies.
std::string impl_flags(const ImplResult& impl);

// The cold-L2 plan of a measured impl in a few words: "121 copies, 1 MiB/call",
// "1024 copies+flush, 4 KiB/call" (a flush before each segment), "flush/call, 4 GiB/call",
// "warm".
std::string plan_text(const ImplResult& impl);

// A latency metric of an impl (median, mean, min, max, stddev, cv, pNN). Times are [s], cv is a
// fraction. Named statistics come from the summary, quantiles from the samples; NaN when the impl
// was not measured or has no samples for a quantile.
double impl_metric(const ImplResult& impl, std::string_view metric);
// The unit a metric is shown in: "us", or "%" for cv; and the value converted to it.
std::string_view metric_unit(std::string_view metric);
double metric_in_unit(double value, std::string_view metric);

// reference median / impl median: > 1 means the impl is faster. nullopt when either side was
// not measured or the reference is not among the case's impls.
std::optional<double> speedup(const CaseResult& result, std::string_view reference,
                              const ImplResult& impl);

// "head_dim=128 gqa=4 T=bf16"
std::string case_label(const std::vector<std::string>& param_names,
                       const std::vector<std::string>& param_values);
// "qknorm/head_dim=128/gqa=4/T=bf16/fused": the name JSON and --compare match cases by.
std::string benchmark_name(std::string_view benchmark, const std::vector<std::string>& param_names,
                           const std::vector<std::string>& param_values, std::string_view impl);

}  // namespace jitbench::detail
