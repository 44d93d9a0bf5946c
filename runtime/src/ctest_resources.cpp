#include "ctest_resources.hpp"

#include <jitbench/cli.hpp>

#include <cstdlib>
#include <string_view>

namespace jitbench::detail {

std::string resource_spec_json(int gpus) {
  std::string json =
      "{\n  \"version\": {\"major\": 1, \"minor\": 0},\n  \"local\": [\n    {\n"
      "      \"gpus\": [";
  const int slots = gpus > 0 ? gpus : 1;
  for (int id = 0; id < slots; ++id) {
    json += std::string(id > 0 ? ", " : "") + "{\"id\": \"" + std::to_string(id) + "\"}";
  }
  return json + "]\n    }\n  ]\n}\n";
}

namespace {

[[noreturn]] void malformed(std::string_view value) {
  throw UsageError("CTEST_RESOURCE_GROUP_0_GPUS is '" + std::string(value) +
                   "'; expected 'id:<GPU>,slots:<n>' as CTest sets it");
}

}  // namespace

std::optional<int> ctest_gpu(const char* group_count, const char* group_0_gpus) {
  if (group_count == nullptr || group_0_gpus == nullptr) return std::nullopt;
  const std::string_view value(group_0_gpus);
  // One group of one GPU: "id:<id>,slots:<n>". A test that asked for more would list more
  // "id:..,slots:.." pairs separated by ';'; a benchmark uses the first.
  constexpr std::string_view prefix = "id:";
  if (value.substr(0, prefix.size()) != prefix) malformed(value);
  const std::string_view id = value.substr(prefix.size(), value.find(',') - prefix.size());
  if (id.empty() || id.size() > 4 || id.find_first_not_of("0123456789") != std::string_view::npos) {
    malformed(value);
  }
  return std::atoi(std::string(id).c_str());
}

}  // namespace jitbench::detail
