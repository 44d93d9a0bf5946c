#include "diagnostic.hpp"

#include <algorithm>
#include <utility>

namespace jitbench::gen {

std::string Diagnostic::str() const {
  const std::string severity = warning ? ": warning: " : ": error: ";
  if (loc.line == 0) return file + severity + message;
  return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + severity +
         message;
}

void Diagnostics::error(SourceLoc loc, std::string message) {
  list_.push_back({file_, loc, std::move(message)});
}

void Diagnostics::warn(SourceLoc loc, std::string message) {
  warnings_.push_back({file_, loc, std::move(message), /*warning=*/true});
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> did_you_mean(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  // Names are short; past 64 characters a misspelling is not what happened.
  if (name.empty() || name.size() > 64) return std::nullopt;
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > 64) continue;
    const std::size_t distance = edit_distance(name, candidate);
    // At most two edits, and no more than half of the candidate: 'n' is not a typo of 'T'.
    if (distance == 0 || distance > 2 || 2 * distance > candidate.size()) continue;
    if (best == nullptr || distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

std::string suggestion(const std::optional<std::string>& candidate, std::string otherwise) {
  return candidate ? " (did you mean '" + *candidate + "'?)" : otherwise;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? (names.size() > 2 ? ", and " : " and ") : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace jitbench::gen
