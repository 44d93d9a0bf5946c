#include "figures.hpp"
#include <jitbench/compare.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <unordered_map>

namespace jitbench::detail {

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

std::vector<Comparison> compare_results(const std::vector<StoredResult>& old,
                                        const std::vector<StoredResult>& now,
                                        const CompareRule& rule) {
  std::unordered_map<std::string, const StoredResult*> old_by_name;
  for (const StoredResult& r : old) old_by_name.emplace(r.name, &r);  // first of a repeated name
  std::unordered_map<std::string, bool> in_new;
  std::vector<Comparison> comparisons;
  for (const StoredResult& n : now) {
    in_new[n.name] = true;
    Comparison c;
    c.name = n.name;
    const auto found = old_by_name.find(n.name);
    if (found == old_by_name.end()) {
      c.verdict = Verdict::only_new;
      c.new_s = n.time_s;
    } else if (!found->second->measured || !n.measured) {
      const StoredResult& o = *found->second;
      c.verdict = Verdict::not_measured;
      c.old_s = o.measured ? o.time_s : 0;
      c.new_s = n.measured ? n.time_s : 0;
      c.note = !o.measured ? "old: " + o.status : "new: " + n.status;
      if (!o.measured && !n.measured) c.note += ", new: " + n.status;
    } else {
      const StoredResult& o = *found->second;
      c.old_s = o.time_s;
      c.new_s = n.time_s;
      c.ratio = n.time_s / o.time_s;
      c.verdict = judge(o.time_s, o.noise, n.time_s, n.noise, rule, &c.threshold);
    }
    comparisons.push_back(std::move(c));
  }
  for (const StoredResult& o : old) {
    if (in_new.count(o.name)) continue;
    in_new[o.name] = true;
    Comparison c;
    c.name = o.name;
    c.verdict = Verdict::only_old;
    c.old_s = o.time_s;
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

void write_comparison(std::ostream& out, const std::vector<Comparison>& comparisons,
                      const std::string& old_source) {
  std::vector<std::vector<std::string>> rows = {
      {"name", "old [us]", "new [us]", "new/old", "bound", "verdict"}};
  for (const Comparison& c : comparisons) {
    const bool both = c.ratio > 0;
    std::string verdict(verdict_name(c.verdict));
    if (!c.note.empty()) verdict += " (" + c.note + ")";
    rows.push_back({c.name, c.old_s > 0 ? format_sig3(c.old_s * 1e6) : "-",
                    c.new_s > 0 ? format_sig3(c.new_s * 1e6) : "-",
                    both ? ratio_text(c.ratio) : "-",
                    both ? format_sig3(c.threshold * 100) + "%" : "-", verdict});
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  out << "\ncompare with " << old_source
      << ": new/old of the median; a change counts beyond the bound set by both runs' noise\n";
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - row[i].size(), ' ');
      const bool left = i == 0 || i + 1 == row.size();
      line += (i ? "  " : "") + (left ? row[i] + (i + 1 == row.size() ? "" : pad) : pad + row[i]);
    }
    out << line << '\n';
  }
  const CompareSummary s = summarize(comparisons);
  out << "summary: " << s.same << " same, " << s.faster << " faster, " << s.slower << " slower, "
      << s.only_new << " only in new, " << s.only_old << " only in old, " << s.not_measured
      << " not measured; geomean new/old "
      << (s.ratio_count ? ratio_text(s.geomean_ratio) : std::string("-")) << " over "
      << s.ratio_count << (s.ratio_count == 1 ? " case\n" : " cases\n");
}

}  // namespace jitbench::detail
