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

// GB/s this many times the measured copy peak, on a cold L2, is more than the memory can move
// (an H200 copies at 4.24 TB/s and its HBM3e peaks at 4.8, 1.13 times that; the fastest shipped
// kernels reach 1.03): the spec's memory: counts bytes that a call does not move, or reads
// tensors that stay in L2 (cold: false).
inline constexpr double kAboveCopyPeak = 1.2;

// Flags of a measured impl, in this order: N noisy (timed out above --max-noise), S too few
// samples (timed out within --max-noise), E eager launches, M memcpy/memset nodes in the graph,
// A memory alloc/free nodes in the graph (cudaMallocAsync, cudaFreeAsync), T samples discarded
// while throttled, V CUPTI kernel time disagrees, P CUPTI's trace slowed the kernels, L cold not
// slower than warm below L2, B GB/s above kAboveCopyPeak times the copy peak (`peak_fraction`)
// in a run whose L2 mode (`l2_mode`) is not warm. Empty when none applies.
std::string impl_flags(const ImplResult& impl, std::string_view l2_mode, double peak_fraction);

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
