#pragma once

#include <jitbench/format.hpp>
#include <jitbench/result.hpp>
#include <jitbench/results.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::detail {

// What the results layer says about an impl in words and figures, one way for every output.

// Status as JSON and CSV name it: ok, skipped, mismatch, oom, error, hang.
std::string_view status_name(ImplStatus status);
// Inverse of status_name; nullopt for an unknown name.
std::optional<ImplStatus> status_from_name(std::string_view name);

// What a table cell says for an impl that was not measured: "skip: <reason>", "OOM",
// "mismatch: <reason>", "error: <reason>". Empty for ok.
std::string failure_text(const ImplResult& impl);

// Flags of a measured impl, in this order: N noisy (timed out above --max-noise), S too few
// samples (timed out within --max-noise), E eager launches, M memcpy/memset nodes in the graph,
// T samples discarded while throttled, V CUPTI kernel time disagrees, P CUPTI's trace slowed the
// kernels, L cold not slower than warm below L2. Empty when none applies. (B, GB/s above the
// copy peak, needs the run's peak and L2 mode: entry_of in results.cpp adds it.)
std::string impl_flags(const ImplResult& impl);

// The cold-L2 plan of a measured impl in a few words: "121 copies, 1 MiB/call",
// "1024 copies+flush, 4 KiB/call" (a flush before each segment), "flush/call, 4 GiB/call",
// "warm".
std::string plan_text(const ResultEntry& entry);

// reference median / entry median: > 1 means the impl is faster. nullopt when either side was
// not measured or the reference is not among the case's entries.
std::optional<double> speedup(const std::vector<ResultEntry>& case_entries,
                              std::string_view reference, const ResultEntry& entry);

// "head_dim=128 gqa=4 T=bf16"
std::string case_label(const std::vector<std::string>& param_names,
                       const std::vector<std::string>& param_values);
// "qknorm/head_dim=128/gqa=4/T=bf16/fused": the name JSON and --compare match cases by.
std::string benchmark_name(std::string_view benchmark, const std::vector<std::string>& param_names,
                           const std::vector<std::string>& param_values, std::string_view impl);

}  // namespace jitbench::detail
