#include <jitbench/results_merge.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace jitbench {

namespace {

// "a; b": the distinct values in order of first appearance.
void add_distinct(std::string& joined, const std::string& value) {
  if (value.empty()) return;
  std::string::size_type start = 0;
  while (start <= joined.size()) {
    const std::string::size_type end = std::min(joined.find("; ", start), joined.size());
    if (joined.compare(start, end - start, value) == 0 && end - start == value.size()) return;
    start = end + 2;
  }
  joined += (joined.empty() ? "" : "; ") + value;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// "i/n" as (i, n); (0, 0) for anything else.
std::pair<int, int> shard_of(const std::string& text) {
  int index = 0;
  int count = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &index, &count, &tail) != 2) return {0, 0};
  return index >= 1 && index <= count ? std::make_pair(index, count) : std::make_pair(0, 0);
}

// The parts must have been measured alike: the same L2 mode and params.
void check_alike(const ResultsFile& part, const ResultsFile& first) {
  const auto differs = [&](const std::string& what, const std::string& theirs,
                           const std::string& ours) {
    throw std::runtime_error(part.source + ": " + what + " " + theirs + ", not " + ours +
                             " as in " + first.source +
                             "; the parts of one run are measured alike");
  };
  if (part.context.benchmark != first.context.benchmark) {
    throw std::runtime_error(part.source + ": results of benchmark '" + part.context.benchmark +
                             "', not '" + first.context.benchmark + "' as in " + first.source);
  }
  if (part.context.l2_mode != first.context.l2_mode) {
    differs("measured with --l2", part.context.l2_mode, first.context.l2_mode);
  }
  if (part.context.param_names != first.context.param_names) {
    differs("params", "(" + joined(part.context.param_names) + ")",
            "(" + joined(first.context.param_names) + ")");
  }
}

}  // namespace

ResultsFile merge_results(const std::vector<ResultsFile>& parts) {
  if (parts.empty()) throw std::runtime_error("no results to merge");
  ResultsFile merged;
  merged.source = parts.front().source;
  merged.context = parts.front().context;
  merged.context.shard.clear();
  merged.context.case_count = 0;
  merged.context.device_name.clear();
  merged.context.device_uuid.clear();
  merged.context.impl_names.clear();
  const bool shards = std::all_of(parts.begin(), parts.end(), [](const ResultsFile& part) {
    return shard_of(part.context.shard).second > 0;
  });
  std::map<std::string, std::string> source_of;  // entry name -> the part that holds it
  for (const ResultsFile& part : parts) {
    check_alike(part, parts.front());
    merged.context.case_count = shards
                                    ? merged.context.case_count + part.context.case_count
                                    : std::max(merged.context.case_count, part.context.case_count);
    for (const std::string& impl : part.context.impl_names) {
      if (std::find(merged.context.impl_names.begin(), merged.context.impl_names.end(), impl) ==
          merged.context.impl_names.end()) {
        merged.context.impl_names.push_back(impl);
      }
    }
    add_distinct(merged.context.device_name, part.context.device_name);
    add_distinct(merged.context.device_uuid, part.context.device_uuid);
    merged.complete = merged.complete && part.complete;
    for (const ResultEntry& entry : part.entries) {
      const auto [first, inserted] = source_of.emplace(entry.name, part.source);
      if (!inserted) {
        throw std::runtime_error(part.source + ": " + entry.name + " is in " + first->second +
                                 " too; the parts of one run hold each case once");
      }
      merged.entries.push_back(entry);
    }
  }
  return merged;
}

std::string missing_shards(const std::vector<ResultsFile>& parts) {
  int count = 0;
  std::vector<bool> present;
  for (const ResultsFile& part : parts) {
    const auto [index, of] = shard_of(part.context.shard);
    if (of == 0 || (count != 0 && of != count)) return "";
    count = of;
    present.resize(static_cast<std::size_t>(count) + 1, false);
    present[static_cast<std::size_t>(index)] = true;
  }
  std::vector<std::string> missing;
  for (int i = 1; i <= count; ++i) {
    if (!present[static_cast<std::size_t>(i)]) {
      missing.push_back(std::to_string(i) + "/" + std::to_string(count));
    }
  }
  return joined(missing);
}

}  // namespace jitbench
