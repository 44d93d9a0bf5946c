#include "model/figures.hpp"
#include "reporters/text_table.hpp"
#include <jitbench/compare.hpp>
#include <jitbench/format.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <unordered_map>

namespace jitbench {

namespace {

std::string ratio_text(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", ratio);
  return text;
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::same:
      return "same";
    case Verdict::faster:
      return "faster";
    case Verdict::slower:
      return "slower";
    case Verdict::only_old:
      return "only in old";
    case Verdict::only_new:
      return "only in new";
    case Verdict::not_measured:
      return "not measured";
  }
  return "same";
}

Verdict judge(double old_s, double old_noise, double new_s, double new_noise,
              const CompareRule& rule, double* threshold) {
  const double bound = std::max(rule.floor, rule.noise_factor * std::hypot(old_noise, new_noise));
  if (threshold != nullptr) *threshold = bound;
  const double ratio = new_s / old_s;
  if (ratio > 1 + bound) return Verdict::slower;
  if (ratio < 1 - bound) return Verdict::faster;
  return Verdict::same;
}

std::vector<Comparison> compare_results(const std::vector<ResultEntry>& old,
                                        const std::vector<ResultEntry>& now,
                                        const CompareRule& rule) {
  const auto time_s = [](const ResultEntry& e) { return e.measured() ? e.real_time_us * 1e-6 : 0; };
  const auto status = [](const ResultEntry& e) {
    return e.error_message.empty() ? std::string(detail::status_name(e.status)) : e.error_message;
  };
  std::unordered_map<std::string, const ResultEntry*> old_by_name;
  for (const ResultEntry& e : old) old_by_name.emplace(e.name, &e);  // first of a repeated name
  std::unordered_map<std::string, bool> in_new;
  std::vector<Comparison> comparisons;
  for (const ResultEntry& n : now) {
    in_new[n.name] = true;
    Comparison c;
    c.name = n.name;
    c.new_s = time_s(n);
    const auto found = old_by_name.find(n.name);
    if (found == old_by_name.end()) {
      c.verdict = Verdict::only_new;
      comparisons.push_back(std::move(c));
      continue;
    }
    const ResultEntry& o = *found->second;
    c.old_s = time_s(o);
    if (!o.measured() || !n.measured()) {
      c.verdict = Verdict::not_measured;
      c.note = !o.measured() ? "old: " + status(o) : "new: " + status(n);
      if (!o.measured() && !n.measured()) c.note += ", new: " + status(n);
    } else {
      c.ratio = c.new_s / c.old_s;
      c.verdict = judge(c.old_s, o.noise, c.new_s, n.noise, rule, &c.threshold);
    }
    comparisons.push_back(std::move(c));
  }
  for (const ResultEntry& o : old) {
    if (in_new.count(o.name)) continue;
    in_new[o.name] = true;
    Comparison c;
    c.name = o.name;
    c.verdict = Verdict::only_old;
    c.old_s = time_s(o);
    comparisons.push_back(std::move(c));
  }
  return comparisons;
}

CompareSummary summarize(const std::vector<Comparison>& comparisons) {
  CompareSummary s;
  double log_sum = 0;
  for (const Comparison& c : comparisons) {
    switch (c.verdict) {
      case Verdict::same:
        ++s.same;
        break;
      case Verdict::faster:
        ++s.faster;
        break;
      case Verdict::slower:
        ++s.slower;
        break;
      case Verdict::only_old:
        ++s.only_old;
        break;
      case Verdict::only_new:
        ++s.only_new;
        break;
      case Verdict::not_measured:
        ++s.not_measured;
        break;
    }
    if (c.ratio > 0) {
      log_sum += std::log(c.ratio);
      ++s.ratio_count;
    }
  }
  if (s.ratio_count > 0) s.geomean_ratio = std::exp(log_sum / static_cast<double>(s.ratio_count));
  return s;
}

std::vector<const Comparison*> regressions(const std::vector<Comparison>& comparisons,
                                           double percent) {
  std::vector<const Comparison*> slower;
  for (const Comparison& c : comparisons) {
    // The tolerance keeps an exact 10% change from counting as "more than 10%" by rounding.
    if (c.verdict == Verdict::slower && (c.ratio - 1) * 100 > percent + 1e-9) slower.push_back(&c);
  }
  return slower;
}

std::string regression_text(std::size_t count, double percent) {
  return "regression: " + count_of(static_cast<long long>(count), "case") +
         " slower by more than " + format_sig3(percent) + "% (--fail-on-regression)";
}

std::vector<const Comparison*> lost_cases(const std::vector<Comparison>& comparisons,
                                          bool missing_counts) {
  std::vector<const Comparison*> lost;
  for (const Comparison& c : comparisons) {
    const bool failed_now = c.verdict == Verdict::not_measured && c.old_s > 0;
    const bool missing = c.verdict == Verdict::only_old && missing_counts;
    if (failed_now || missing) lost.push_back(&c);
  }
  return lost;
}

std::string regression_report(const std::vector<Comparison>& comparisons, double percent,
                              bool missing_counts) {
  constexpr std::size_t most_names = 20;
  const auto slower = regressions(comparisons, percent);
  const auto lost = lost_cases(comparisons, missing_counts);
  std::string text;
  const auto list = [&](const std::vector<const Comparison*>& cases, auto&& line) {
    for (std::size_t i = 0; i < cases.size() && i < most_names; ++i) text += line(*cases[i]);
    if (cases.size() > most_names) {
      text += "  and " + std::to_string(cases.size() - most_names) + " more\n";
    }
  };
  if (!slower.empty()) {
    text += regression_text(slower.size(), percent) + "\n";
    list(slower, [](const Comparison& c) {
      return "  " + c.name + ": " + format_sig3((c.ratio - 1) * 100) + "% slower\n";
    });
  }
  if (!lost.empty()) {
    text += "regression: " + count_of(static_cast<long long>(lost.size()), "case") +
            " measured in the old run and not in the new one (--fail-on-regression)\n";
    list(lost, [](const Comparison& c) {
      return "  " + c.name + ": " +
             (c.verdict == Verdict::only_old ? "not in the new run" : c.note) + "\n";
    });
  }
  return text;
}

void write_comparison(std::ostream& out, const std::vector<Comparison>& comparisons,
                      const std::string& old_source, CompareFormat format) {
  detail::TextTable table;
  for (const char* header : {"name", "old [us]", "new [us]", "new/old", "bound", "verdict"}) {
    table.columns.push_back({header, table.columns.size() != 0});
  }
  table.columns.back().right_aligned = false;
  for (const Comparison& c : comparisons) {
    const bool both = c.ratio > 0;
    std::string verdict(verdict_name(c.verdict));
    if (!c.note.empty()) verdict += " (" + c.note + ")";
    table.rows.push_back({c.name, c.old_s > 0 ? format_sig3(c.old_s * 1e6) : "-",
                          c.new_s > 0 ? format_sig3(c.new_s * 1e6) : "-",
                          both ? ratio_text(c.ratio) : "-",
                          both ? format_sig3(c.threshold * 100) + "%" : "-", verdict});
  }
  const CompareSummary s = summarize(comparisons);
  const std::string summary = std::to_string(s.same) + " same, " + std::to_string(s.faster) +
                              " faster, " + std::to_string(s.slower) + " slower, " +
                              std::to_string(s.only_new) + " only in new, " +
                              std::to_string(s.only_old) + " only in old, " +
                              std::to_string(s.not_measured) + " not measured; geomean new/old " +
                              (s.ratio_count ? ratio_text(s.geomean_ratio) : std::string("-")) +
                              " over " + count_of(static_cast<long long>(s.ratio_count), "case");
  const std::string heading = "compare with " + old_source +
                              ": new/old of the median; a change counts beyond the bound set by "
                              "both runs' noise";
  if (format == CompareFormat::markdown) {
    out << "\n" << heading << "\n\n";
    detail::write_markdown(out, table);
    out << "\nsummary: " << summary << "\n";
  } else {
    out << "\n" << heading << "\n";
    detail::write_aligned(out, table);
    out << "summary: " << summary << "\n";
  }
}

}  // namespace jitbench
