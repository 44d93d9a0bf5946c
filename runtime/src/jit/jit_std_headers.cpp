#include "jit/jit_std_headers.hpp"

namespace jitbench::detail {

const std::vector<std::pair<std::string, std::string>>& jit_std_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"cstdint",
       R"(// <cstdint> for NVRTC, from libcu++ (jitbench: runtime/src/jit/jit_std_headers.cpp).
#pragma once
#include <cuda/std/cstdint>
namespace std {
using cuda::std::int8_t;
using cuda::std::int16_t;
using cuda::std::int32_t;
using cuda::std::int64_t;
using cuda::std::uint8_t;
using cuda::std::uint16_t;
using cuda::std::uint32_t;
using cuda::std::uint64_t;
using cuda::std::intptr_t;
using cuda::std::uintptr_t;
using cuda::std::intmax_t;
using cuda::std::uintmax_t;
}  // namespace std
)"},
      {"cstddef",
       R"(// <cstddef> for NVRTC, from libcu++ (jitbench: runtime/src/jit/jit_std_headers.cpp).
#pragma once
#include <cuda/std/cstddef>
namespace std {
using cuda::std::size_t;
using cuda::std::ptrdiff_t;
using cuda::std::nullptr_t;
}  // namespace std
)"},
  };
  return headers;
}

}  // namespace jitbench::detail
