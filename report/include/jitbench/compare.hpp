#pragma once

#include <jitbench/results.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace jitbench::detail {

// --compare OLD.json: each case and impl of this run against the same name in an earlier one.
//
// A change counts only when it is larger than both runs' noise can explain: the verdict is
// "same" unless |new/old - 1| exceeds
//   threshold = max(floor, noise_factor * sqrt(noise_old^2 + noise_new^2))
// where noise is each side's relative standard error of the mean. Files without a noise figure
// (Google Benchmark's) count as noise 0, so the floor decides.
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

// Every entry of `now` in its order, then the entries only `old` has, in theirs.
std::vector<Comparison> compare_results(const std::vector<StoredResult>& old,
                                        const std::vector<StoredResult>& now,
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

// The comparison table and its summary line, for `old_source` (the file name).
void write_comparison(std::ostream& out, const std::vector<Comparison>& comparisons,
                      const std::string& old_source);

std::string_view verdict_name(Verdict verdict);

}  // namespace jitbench::detail
