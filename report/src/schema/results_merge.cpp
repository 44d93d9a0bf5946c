#include <jitbench/results_merge.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

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
  std::map<std::string, std::string> source_of;  // entry name -> the part that holds it
  for (const ResultsFile& part : parts) {
    if (part.context.benchmark != merged.context.benchmark) {
      throw std::runtime_error(part.source + ": results of benchmark '" + part.context.benchmark +
                               "', not '" + merged.context.benchmark + "' as in " +
                               parts.front().source);
    }
    merged.context.case_count += part.context.case_count;
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

}  // namespace jitbench
