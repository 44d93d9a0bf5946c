#pragma once

#include <jitbench/results.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench {

// Two runs compared case by case: every entry of the new run against the entry of the same
// name (benchmark, params, impl) in the old one. What --compare and jitbench-compare print.
//
// A change counts only when it is larger than both runs' noise can explain: the verdict is
// "same" unless |new/old - 1| exceeds
//   threshold = max(floor, noise_factor * sqrt(noise_old^2 + noise_new^2))
// where noise is each side's relative standard error of the mean. Files without a noise figure
// (Google Benchmark's) count as noise 0, so the floor decides.
//
//   const auto comparisons = compare_results(old_file.entries, new_file.entries);
//   write_comparison(std::cout, comparisons, "old.json", CompareFormat::markdown);
//   if (!regressions(comparisons, 5).empty()) return 3;
enum class Verdict { same, faster, slower, only_old, only_new, not_measured };

struct CompareRule {
  double noise_factor = 3;  // standard errors a change must exceed
  // Smallest change that counts, as a fraction. A run's standard error does not see what moves
  // between runs (clocks, placement): two back-to-back runs of the copy example on the H200
  // differed by 0.6% at 16 MiB with a standard error below 0.05% in each.
  double floor = 0.01;
};

struct Comparison {
  std::string name;
  Verdict verdict = Verdict::same;
  double old_s = 0;      // [s], when measured on that side
  double new_s = 0;      // [s]
  double ratio = 0;      // new / old, when both are measured
  double threshold = 0;  // |ratio - 1| a change had to exceed
  std::string note;      // not_measured: which side and why
};

// The verdict for one pair of measured times; `threshold` receives the bound used.
Verdict judge(double old_s, double old_noise, double new_s, double new_noise,
              const CompareRule& rule, double* threshold = nullptr);

// Every entry of `now` in its order, then the entries only `old` has, in theirs. A name that
// repeats on one side is compared by its first entry.
std::vector<Comparison> compare_results(const std::vector<ResultEntry>& old,
                                        const std::vector<ResultEntry>& now,
                                        const CompareRule& rule = {});

struct CompareSummary {
  std::size_t same = 0, faster = 0, slower = 0, only_old = 0, only_new = 0, not_measured = 0;
  double geomean_ratio = 1;  // over the cases measured on both sides
  std::size_t ratio_count = 0;
};
CompareSummary summarize(const std::vector<Comparison>& comparisons);

// The slower cases whose change exceeds `percent` (5 = 5%): what --fail-on-regression counts.
std::vector<const Comparison*> regressions(const std::vector<Comparison>& comparisons,
                                           double percent);
// "regression: 2 cases slower by more than 5% (--fail-on-regression)"
std::string regression_text(std::size_t count, double percent);

// The cases the old run measured and the new one did not: its row is an error or a mismatch,
// or, with `missing_counts`, it has no row at all (a case dropped from the grid, or files of
// another benchmark). A regression gate fails on them as on slower ones. The benchmarks'
// --compare leaves missing rows out: a --filter or --impl runs part of the old file's cases.
std::vector<const Comparison*> lost_cases(const std::vector<Comparison>& comparisons,
                                          bool missing_counts);

// The regression gate of --fail-on-regression PCT: empty when it passes, else what it prints:
// regression_text() for the slower cases, each of them with its change, then the lost cases
// (lost_cases with `missing_counts`) with why; at most 20 names a list.
std::string regression_report(const std::vector<Comparison>& comparisons, double percent,
                              bool missing_counts);

enum class CompareFormat { text, markdown };

// The comparison table and its summary line against `old_source` (the old file's name): an
// aligned table, or GitHub markdown for a pull-request comment.
void write_comparison(std::ostream& out, const std::vector<Comparison>& comparisons,
                      const std::string& old_source, CompareFormat format = CompareFormat::text);

std::string_view verdict_name(Verdict verdict);

}  // namespace jitbench
