#pragma once

#include <string>
#include <string_view>

namespace jitbench::detail {

// A count and its noun as English writes them: "1 case", "2 cases", "0 cases". Regular nouns.
inline std::string count_of(long long n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace jitbench::detail
