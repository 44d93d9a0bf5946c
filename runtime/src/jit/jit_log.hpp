#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jitbench::detail {

// NVRTC's log in the form compilers and editors read. NVRTC writes
//
//   /src/kernels/qknorm.cuh(57): error: identifier "nope" is undefined
//       x[i] = nope;
//              ^
//
// and names the file as the program was named: the JIT compiler names it by the source's path.

// The first error of a log, or nothing when it has none.
struct LogError {
  std::string file;  // as the log names it; empty for an error about no file (a bad option)
  int line = 0;
  int column = 0;  // from the caret under the echoed line; 0 when there is none
  std::string message;
};
std::optional<LogError> first_log_error(std::string_view log);

// One line for an error row: "FILE:LINE:COL: error: MESSAGE (2 errors)". An error in the kernel
// name expression (NVRTC's `__nv_name_map`) is said so: "the kernel name expression 'k<flot>':
// identifier "flot" is undefined". Without a recognisable error, the log's first line.
std::string compile_error_summary(std::string_view log, std::string_view name_expression);

}  // namespace jitbench::detail
