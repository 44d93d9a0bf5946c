#pragma once

#include "diagnostic.hpp"
#include "spec.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jitbench::gen {

// Limits that keep a hostile or broken spec from crashing or hanging the generator. Each is far
// above what a real benchmark needs; crossing one is an ordinary error.
inline constexpr std::size_t max_spec_bytes = 1 << 20;
inline constexpr std::size_t max_axis_values = 4096;
inline constexpr std::int64_t max_grid_cases = 1'000'000;
// Grid points times expression nodes: the work of checking every expression at every point.
inline constexpr std::int64_t max_grid_evaluations = 200'000'000;

struct LoadResult {
  std::optional<Spec> spec;  // set when there are no diagnostics
  std::vector<Diagnostic> diagnostics;
  std::vector<Diagnostic> warnings;  // with or without errors
};

// Parses and validates one spec: YAML structure, keys, names, expressions, and every expression
// at every point of the grid (division by zero, overflow, negative sizes). All errors are
// collected. A pure function: `file_name` only appears in messages and in Spec::file, and
// nothing throws on bad input.
LoadResult load_spec(std::string_view text, const std::string& file_name);

// The error for a file of `bytes` bytes, more than max_spec_bytes; load_spec and the CLI (which
// does not read such a file) report it alike.
Diagnostic spec_too_large(const std::string& file_name, std::uintmax_t bytes);

// Every key the loader accepts, as docs/spec.md names them: "params.<name>.compile_time".
std::vector<std::string> accepted_keys();

}  // namespace jitbench::gen
